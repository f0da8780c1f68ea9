// IP rules name an address or a CIDR block; this checks one and writes it the one way it is stored
// (IPv4 with host bits cleared, IPv6 in lower case, always with a prefix), so the same block is one row.
import { isIP } from 'node:net';

export interface Cidr {
  /** The normalised block, e.g. `10.0.0.0/8`, `127.0.0.1/32`, `2001:db8::/32`. */
  text: string;
  family: 4 | 6;
}

/** The normalised block, or a reason it is not one. */
export function parseCidr(input: string): Cidr | { problem: string } {
  const [address = '', prefixText, ...rest] = input.trim().split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return { problem: `"${input}" is not an IP address or CIDR block` };
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^[0-9]{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return { problem: `the prefix of "${input}" must be 0 to ${max}` };
  if (family === 6) return { text: `${address.toLowerCase()}/${prefix}`, family: 6 };
  return { text: `${maskIpv4(address, prefix)}/${prefix}`, family: 4 };
}

function maskIpv4(address: string, prefix: number): string {
  const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (value & mask) >>> 0;
  return [24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join('.');
}
