// Notification's scheduled work: sending the mails that are due. Every instance runs it (not a singleton): each
// claims its own mails under a lease with SKIP LOCKED, so two instances share the work and never send one mail twice.
import type { JobSpec } from '@mall/platform/runtime';
import type { MailOutbox } from './mail-outbox.ts';

export function dispatchMailsJob(outbox: MailOutbox, everyMs: number): JobSpec {
  return {
    name: 'dispatch-mails',
    everyMs,
    singleton: false,
    run: async (signal) => {
      // Mails sent means more may be due: go on until a batch sends none (or the instance stops).
      while (!signal.aborted && (await outbox.dispatchDue()) > 0);
    },
  };
}
