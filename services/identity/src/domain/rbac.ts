// Roles and permissions as the gateway enforces them: a permission lets a role call some HTTP
// methods on paths matching a pattern (a Casbin keyMatch2 path or a regular expression); roles inherit.
import { HTTP_METHODS as ROUTE_METHODS, type HttpMethod as RouteMethod } from '@mall/contracts';

export type PatternKind = 'key' | 'regex';
/** The methods a permission names: the routes' methods (declared once, in the contracts), or `*` for all of them. */
export const HTTP_METHODS = [...ROUTE_METHODS, '*'] as const;
export type HttpMethod = RouteMethod | '*';

export interface RoleSpec {
  name: string;
  description: string;
  inherits: string[];
}

export interface PermissionSpec {
  role: string;
  pattern: string;
  kind: PatternKind;
  methods: HttpMethod[];
}

export const Roles = {
  customer: 'customer',
  admin: 'admin',
  ops: 'ops',
  support: 'support',
  warehouse: 'warehouse',
  catalogManager: 'catalog-manager',
  orderManager: 'order-manager',
  promotionManager: 'promotion-manager',
} as const;

export const DEFAULT_ROLES: readonly RoleSpec[] = [
  { name: Roles.customer, description: 'a shopper: their own profile, addresses, cart and orders', inherits: [] },
  { name: Roles.support, description: 'customer support: reads users and orders, answers tickets', inherits: [] },
  { name: Roles.ops, description: 'operations: catalog, inventory, flash sales', inherits: [] },
  { name: Roles.admin, description: 'everything in the back office', inherits: [Roles.ops, Roles.support] },
  { name: Roles.warehouse, description: 'warehouse staff: stock, restocks, adjustments, the ledger and the stock audit', inherits: [] },
  { name: Roles.catalogManager, description: 'the catalog back office: categories, brands, attributes, products, home page', inherits: [] },
  { name: Roles.orderManager, description: 'the order back office: search orders, ship them, approve refunds', inherits: [] },
  { name: Roles.promotionManager, description: 'the flash-sale back office: create, edit, publish and close sessions', inherits: [] },
];

export const DEFAULT_PERMISSIONS: readonly PermissionSpec[] = [
  { role: Roles.customer, pattern: '/api/me/*', kind: 'key', methods: ['*'] },
  { role: Roles.customer, pattern: '/api/cart/*', kind: 'key', methods: ['*'] },
  { role: Roles.customer, pattern: '/api/orders/*', kind: 'key', methods: ['GET', 'POST'] },
  { role: Roles.customer, pattern: '/api/seckill/*', kind: 'key', methods: ['GET', 'POST'] },
  { role: Roles.support, pattern: '^/api/admin/(users|orders)(/.*)?$', kind: 'regex', methods: ['GET'] },
  { role: Roles.ops, pattern: '^/api/admin/(catalog|inventory|seckill)(/.*)?$', kind: 'regex', methods: ['*'] },
  { role: Roles.admin, pattern: '^/api/admin(/.*)?$', kind: 'regex', methods: ['*'] },
  { role: Roles.warehouse, pattern: '^/api/admin/inventory(/.*)?$', kind: 'regex', methods: ['*'] },
  // `/api/me/*` does not match `/api/me` itself; staff read their own profile too (admin inherits both).
  { role: Roles.customer, pattern: '/api/me', kind: 'key', methods: ['*'] },
  { role: Roles.support, pattern: '^/api/me(/.*)?$', kind: 'regex', methods: ['*'] },
  { role: Roles.ops, pattern: '^/api/me(/.*)?$', kind: 'regex', methods: ['*'] },
  // Exactly the catalog's back office (issue 12): a catalog manager reaches nothing else under /api/admin.
  { role: Roles.catalogManager, pattern: '^/api/admin/catalog(/.*)?$', kind: 'regex', methods: ['*'] },
  // The order back office (issue 13), and the buyer's checkout and order list (`/api/orders/*` misses `/api/orders` itself).
  { role: Roles.orderManager, pattern: '^/api/admin/orders(/.*)?$', kind: 'regex', methods: ['*'] },
  { role: Roles.customer, pattern: '/api/orders', kind: 'key', methods: ['GET', 'POST'] },
  { role: Roles.customer, pattern: '/api/checkout/*', kind: 'key', methods: ['POST'] },
  // The flash-sale back office (issue 14), and nothing else under /api/admin.
  { role: Roles.promotionManager, pattern: '^/api/admin/seckill(/.*)?$', kind: 'regex', methods: ['*'] },
];

const MAX_PATTERN_LENGTH = 200;

/** Why a permission is refused, or undefined when the gateway can load it. */
export function permissionProblem(p: PermissionSpec): string | undefined {
  if (p.pattern.length === 0 || p.pattern.length > MAX_PATTERN_LENGTH) return `a pattern needs 1 to ${MAX_PATTERN_LENGTH} characters`;
  if (p.methods.length === 0) return 'a permission needs at least one method';
  if (p.methods.some((m) => !(HTTP_METHODS as readonly string[]).includes(m))) return `methods must be among ${HTTP_METHODS.join(', ')}`;
  if (p.kind === 'key')
    return p.pattern.startsWith('/') && !/\s/.test(p.pattern) ? undefined : 'a key pattern is an absolute path without spaces';
  try {
    new RegExp(p.pattern);
  } catch (err) {
    return `not a regular expression: ${(err as Error).message}`;
  }
  return p.pattern.startsWith('^') && p.pattern.endsWith('$')
    ? undefined
    : 'a regex pattern must be anchored with ^ and $ so it matches whole paths';
}

/** Every role a holder of `held` acts as, inheritance followed; refuses unknown roles and cycles. */
export function effectiveRoles(held: readonly string[], roles: readonly RoleSpec[]): string[] {
  const byName = new Map(roles.map((r) => [r.name, r]));
  const out = new Set<string>();
  const visit = (name: string, path: string[]): void => {
    if (path.includes(name)) throw new Error(`role inheritance cycle: ${[...path, name].join(' -> ')}`);
    const role = byName.get(name);
    if (!role) throw new Error(`unknown role "${name}"`);
    out.add(name);
    for (const parent of role.inherits) visit(parent, [...path, name]);
  };
  for (const name of held) visit(name, []);
  return [...out].sort();
}

/** Throws naming the first problem of a role set: unknown parents, cycles, or a bad permission. */
export function assertValidPolicy(roles: readonly RoleSpec[], permissions: readonly PermissionSpec[]): void {
  effectiveRoles(
    roles.map((r) => r.name),
    roles,
  );
  const names = new Set(roles.map((r) => r.name));
  for (const p of permissions) {
    if (!names.has(p.role)) throw new Error(`permission for unknown role "${p.role}"`);
    const problem = permissionProblem(p);
    if (problem) throw new Error(`permission ${p.role} ${p.pattern}: ${problem}`);
  }
}
