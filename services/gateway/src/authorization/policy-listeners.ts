// identity's policy events as each gateway instance hears them: every one names the policy version it
// produced, so the instance refreshes its copy now instead of at its next poll.
import { IpRuleChanged, PermissionChanged, UserBanned, UserUnbanned } from '@mall/contracts/identity';
import { defineListener, type ListenerSpec } from '@mall/platform/bus';
import type { PolicyPoller } from './policy-poller.ts';

export function policyListeners(poller: Pick<PolicyPoller, 'policyChanged'>): ListenerSpec[] {
  const changed = ({ policyVersion }: { policyVersion: number }): void => poller.policyChanged(policyVersion);
  return [
    defineListener({ event: PermissionChanged, handle: changed }),
    defineListener({ event: UserBanned, handle: changed }),
    defineListener({ event: UserUnbanned, handle: changed }),
    defineListener({ event: IpRuleChanged, handle: changed }),
  ];
}
