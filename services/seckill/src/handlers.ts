// Seckill's RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { SeckillContract } from '@mall/contracts/seckill';
import type { Handlers } from '@mall/platform/rpc';
import type { Grabs } from './grab.ts';
import type { Sessions } from './sessions.ts';

export function seckillHandlers(sessions: Sessions, grabs: Grabs): Handlers<typeof SeckillContract> {
  return {
    createSession: (input) => sessions.create(input),
    updateSession: (input) => sessions.update(input),
    publishSession: ({ sessionId }) => sessions.publish(sessionId),
    closeSession: ({ sessionId }) => sessions.closeSale(sessionId),
    getSession: ({ sessionId }) => sessions.get(sessionId),
    listSessions: (input) => sessions.list(input),
    storefrontSessions: () => sessions.storefront(),
    grabToken: (input) => grabs.token(input),
    grab: (input) => grabs.grab(input),
    getTicket: (input) => grabs.ticket(input),
  };
}
