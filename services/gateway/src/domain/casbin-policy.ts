// The RBAC decision: a Casbin enforcer built from identity's roles and permissions. A permission is
// (role, pattern, kind, method); `key` patterns use keyMatch2, `regex` ones regexMatch; roles inherit through g.
import { newEnforcer, newModelFromString, type Enforcer } from 'casbin';

export interface PolicyRules {
  roles: ReadonlyArray<{ name: string; inherits: readonly string[] }>;
  permissions: ReadonlyArray<{ role: string; pattern: string; kind: 'key' | 'regex'; methods: readonly string[] }>;
}

const MODEL = `
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, kind, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && (p.act == "*" || p.act == r.act) && (p.kind == "key" ? keyMatch2(r.obj, p.obj) : regexMatch(r.obj, p.obj))
`;

const MAX_DECISIONS = 10_000;

export class RbacPolicy {
  /** Decisions of this policy version by roles, route and method: routes are few, so the hot path skips Casbin's regex matching. */
  private readonly decisions = new Map<string, boolean>();

  private constructor(private readonly enforcer: Enforcer) {}

  static async build(rules: PolicyRules): Promise<RbacPolicy> {
    const enforcer = await newEnforcer(newModelFromString(MODEL));
    const policies = rules.permissions.flatMap((p) => p.methods.map((method) => [p.role, p.pattern, p.kind, method]));
    const links = rules.roles.flatMap((role) => role.inherits.map((parent) => [role.name, parent]));
    if (policies.length > 0) await enforcer.addPolicies(policies);
    if (links.length > 0) await enforcer.addGroupingPolicies(links);
    return new RbacPolicy(enforcer);
  }

  /** Whether any of the held roles (or a role they inherit) may call `method` on `path`. */
  allows(roles: readonly string[], path: string, method: string): boolean {
    // HEAD is answered by the GET route, so it needs what GET needs.
    const act = method === 'HEAD' ? 'GET' : method;
    const key = `${act} ${path} ${roles.join(',')}`;
    const known = this.decisions.get(key);
    if (known !== undefined) return known;
    const allowed = roles.some((role) => this.enforcer.enforceSync(role, path, act));
    // Tokens are signed, so the role lists are the shop's own; the bound only guards against surprises.
    if (this.decisions.size < MAX_DECISIONS) this.decisions.set(key, allowed);
    return allowed;
  }
}
