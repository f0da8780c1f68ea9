// /api/auth: register, login, refresh and logout, each one call to identity.
import { authRoutes } from '@mall/contracts/gateway';
import type { IdentityContract } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

export function authHandlers(identity: Client<typeof IdentityContract>): EdgeHandlers {
  return edgeHandlers(
    handle(authRoutes.register, (request) => identity.register({ ...request.body, idempotencyKey: idempotencyKeyOf(request) })),
    // The client address comes from the connection, never from the body (the route's schema has no such field).
    handle(authRoutes.login, (request) => identity.login({ ...request.body, clientIp: request.ip })),
    handle(authRoutes.refresh, (request) => identity.refresh(request.body)),
    handle(authRoutes.logout, async (request) => {
      await identity.logout(request.body);
    }),
  );
}
