// /api/me: the signed-in user's profile, password and shipping addresses. The user id always comes from the
// verified token, so nobody can read or change another user's data by naming it.
import { meRoutes } from '@mall/contracts/gateway';
import type { IdentityContract } from '@mall/contracts/identity';
import type { Client } from '@mall/platform/rpc';
import { userIdOf } from '../authentication.ts';
import { edgeHandlers, handle, type EdgeHandlers } from './edge-handler.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

export function meHandlers(identity: Client<typeof IdentityContract>): EdgeHandlers {
  return edgeHandlers(
    handle(meRoutes.profile, (request) => identity.getProfile({ userId: userIdOf(request) })),
    handle(meRoutes.changeProfile, (request) => identity.updateProfile({ ...request.body, userId: userIdOf(request) })),
    handle(meRoutes.changePassword, async (request) => {
      await identity.changePassword({ ...request.body, userId: userIdOf(request) });
    }),
    handle(meRoutes.addresses, (request) => identity.listAddresses({ userId: userIdOf(request) })),
    handle(meRoutes.addAddress, (request) =>
      identity.createAddress({ ...request.body, userId: userIdOf(request), idempotencyKey: idempotencyKeyOf(request) }),
    ),
    handle(meRoutes.address, (request) => identity.getAddress({ userId: userIdOf(request), addressId: request.params.id })),
    handle(meRoutes.changeAddress, (request) =>
      identity.updateAddress({ ...request.body, userId: userIdOf(request), addressId: request.params.id }),
    ),
    handle(meRoutes.deleteAddress, async (request) => {
      await identity.deleteAddress({ userId: userIdOf(request), addressId: request.params.id });
    }),
  );
}
