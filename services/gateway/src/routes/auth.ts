// /api/auth: register, login, refresh and logout, each one call to identity.
import type { IdentityContract, IdentityInput } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import type { EdgeHandlers } from './edge-handler.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

type RegisterBody = Omit<IdentityInput<'register'>, 'idempotencyKey'>;
type LoginBody = Omit<IdentityInput<'login'>, 'clientIp'>;

export function authHandlers(identity: Client<typeof IdentityContract>): EdgeHandlers {
  return {
    'POST /api/auth/register': async (request) => {
      const body = request.body as RegisterBody;
      return { status: 201, body: await identity.register({ ...body, idempotencyKey: idempotencyKeyOf(request) }) };
    },
    // The client address comes from the connection, never from the body (the route's schema has no such field).
    'POST /api/auth/login': async (request) => ({ status: 200, body: await identity.login({ ...(request.body as LoginBody), clientIp: request.ip }) }),
    'POST /api/auth/refresh': async (request) => ({ status: 200, body: await identity.refresh(request.body as IdentityInput<'refresh'>) }),
    'POST /api/auth/logout': async (request) => {
      await identity.logout(request.body as IdentityInput<'logout'>);
      return { status: 204 };
    },
  };
}
