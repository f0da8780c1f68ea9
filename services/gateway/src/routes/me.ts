// /api/me: the signed-in user's profile and shipping addresses. The user id always comes from the
// verified token, so nobody can read or change another user's data by naming it.
import type { FastifyRequest } from 'fastify';
import type { IdentityContract, IdentityInput } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import { userIdOf } from '../authentication.ts';
import type { EdgeHandlers } from './edge-handler.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

type ProfileChange = Omit<IdentityInput<'updateProfile'>, 'userId'>;
type NewAddress = Omit<IdentityInput<'createAddress'>, 'userId' | 'idempotencyKey'>;
type AddressChange = Omit<IdentityInput<'updateAddress'>, 'userId' | 'addressId'>;

const addressIdOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

export function meHandlers(identity: Client<typeof IdentityContract>): EdgeHandlers {
  return {
    'GET /api/me': async (request) => ({ status: 200, body: await identity.getProfile({ userId: userIdOf(request) }) }),
    'PATCH /api/me': async (request) => ({
      status: 200,
      body: await identity.updateProfile({ ...(request.body as ProfileChange), userId: userIdOf(request) }),
    }),
    'GET /api/me/addresses': async (request) => ({ status: 200, body: await identity.listAddresses({ userId: userIdOf(request) }) }),
    'POST /api/me/addresses': async (request) => ({
      status: 201,
      body: await identity.createAddress({ ...(request.body as NewAddress), userId: userIdOf(request), idempotencyKey: idempotencyKeyOf(request) }),
    }),
    'GET /api/me/addresses/:id': async (request) => ({
      status: 200,
      body: await identity.getAddress({ userId: userIdOf(request), addressId: addressIdOf(request) }),
    }),
    'PATCH /api/me/addresses/:id': async (request) => ({
      status: 200,
      body: await identity.updateAddress({ ...(request.body as AddressChange), userId: userIdOf(request), addressId: addressIdOf(request) }),
    }),
    'DELETE /api/me/addresses/:id': async (request) => {
      await identity.deleteAddress({ userId: userIdOf(request), addressId: addressIdOf(request) });
      return { status: 204 };
    },
  };
}
