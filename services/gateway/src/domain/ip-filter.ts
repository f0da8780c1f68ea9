// Denied and allowed addresses, compiled into node:net block lists: an address is refused when a deny
// rule covers it and no allow rule does (an allow rule is an exception carved out of denied blocks).
import { BlockList, isIP } from 'node:net';

export interface IpRuleSpec {
  cidr: string;
  action: 'deny' | 'allow';
}

export class IpFilter {
  private readonly deny = new BlockList();
  private readonly allow = new BlockList();
  private readonly empty: boolean;

  constructor(rules: readonly IpRuleSpec[]) {
    for (const rule of rules) addRule(rule.action === 'deny' ? this.deny : this.allow, rule.cidr);
    this.empty = !rules.some((r) => r.action === 'deny');
  }

  denies(address: string): boolean {
    if (this.empty) return false;
    const { ip, family } = plain(address);
    if (family === undefined) return false;
    return this.deny.check(ip, family) && !this.allow.check(ip, family);
  }
}

function addRule(list: BlockList, cidr: string): void {
  const [network = '', prefix] = cidr.split('/');
  const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
  list.addSubnet(network, Number(prefix ?? (family === 'ipv6' ? 128 : 32)), family);
}

/** An IPv4 client reached over a dual-stack socket shows as ::ffff:a.b.c.d; rules name it as a.b.c.d. */
function plain(address: string): { ip: string; family: 'ipv4' | 'ipv6' | undefined } {
  const ip = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const kind = isIP(ip);
  return { ip, family: kind === 4 ? 'ipv4' : kind === 6 ? 'ipv6' : undefined };
}
