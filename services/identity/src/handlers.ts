// Identity's RPC handlers: each reads its input and hands it to the module that owns the rule.
import type { IdentityContract } from '@mall/contracts/identity';
import type { Handlers } from '@mall/platform/rpc';
import type { ServiceContext } from '@mall/platform/runtime';
import { Accounts } from './accounts.ts';
import { AddressBook } from './address-book.ts';
import type { LoginGuard } from './brute-force.ts';
import { adminHandlers } from './admin/admin-handlers.ts';
import type { IdentityConfig } from './config.ts';
import type { SigningKeys } from './keys.ts';
import { getProfile, updateProfile } from './profiles.ts';
import { listPermissions, listRoles } from './roles.ts';
import { Sessions } from './sessions.ts';

export function identityHandlers(
  ctx: ServiceContext<IdentityConfig>,
  keys: SigningKeys,
  loginGuard: LoginGuard,
): Handlers<typeof IdentityContract> {
  const sessions = new Sessions(ctx.db, keys, () => ctx.config.current.refreshTokenTtlDays, ctx.log);
  const accounts = new Accounts(ctx.db, sessions);
  const book = new AddressBook(ctx.db);
  return {
    register: (input) => accounts.register(input),
    login: (input) => loginGuard.guard(input, () => accounts.login(input)),
    refresh: ({ refreshToken }) => sessions.refresh(refreshToken),
    logout: async ({ refreshToken }) => {
      await sessions.logout(refreshToken);
      return {};
    },
    changePassword: (input) => accounts.changePassword(input),
    getProfile: ({ userId }) => getProfile(ctx.db, userId),
    updateProfile: (input) => updateProfile(ctx.db, input),
    listAddresses: async ({ userId }) => ({ addresses: await book.list(userId) }),
    getAddress: ({ userId, addressId }) => book.get(userId, addressId),
    createAddress: (input) => book.create(input),
    updateAddress: (input) => book.update(input),
    deleteAddress: async ({ userId, addressId }) => {
      await book.remove(userId, addressId);
      return {};
    },
    jwks: async () => ({ keys: await keys.publicKeys() }),
    listRoles: async () => ({ roles: await listRoles(ctx.db) }),
    listPermissions: async () => ({ permissions: await listPermissions(ctx.db) }),
    ...adminHandlers(ctx),
  };
}
