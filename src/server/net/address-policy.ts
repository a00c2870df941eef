import ipaddr from 'ipaddr.js';

/**
 * Where outgoing requests to merchant-chosen hosts (webhook receivers, Gorgias endpoints, the
 * Dixa origin) may connect: public unicast addresses only. The classification is ipaddr.js's,
 * which follows the IANA special-purpose registries for IPv4 and IPv6 (private, loopback,
 * link-local, CGNAT, benchmarking, documentation, reserved, multicast, site-local, ORCHID, …), so
 * nothing here is a hand-kept list of ranges.
 *
 * IPv6 forms that carry an IPv4 address — IPv4-mapped and -compatible (`::ffff:7f00:1`,
 * `::127.0.0.1`), SIIT (`::ffff:0:7f00:1`), NAT64 (`64:ff9b::a9fe:a9fe`), 6to4
 * (`2002:a9fe:a9fe::`) — are judged by the IPv4 address they reach, so `::ffff:8.8.8.8` and a
 * DNS64 resolver's `64:ff9b::` answers for public hosts stay usable while every notation of
 * 127.0.0.1 or 169.254.169.254 is refused. Teredo and the local-use NAT64 prefix are refused.
 *
 * The escape hatch for stand-ins on the developer's machine (`allowLoopback`) admits loopback
 * addresses and nothing else, and is off unless a caller turns it on.
 */

export interface AddressPolicy {
  /** Loopback (127.0.0.0/8, ::1) is allowed: the stand-ins and the demo only. */
  allowLoopback: boolean;
}

export const PUBLIC_ONLY: AddressPolicy = { allowLoopback: false };

/** The error code a refused destination carries (in `cause` of fetch's TypeError). */
export const ADDRESS_NOT_ALLOWED = 'EADDRNOTALLOWED';

export class AddressNotAllowedError extends Error {
  readonly code = ADDRESS_NOT_ALLOWED;
  constructor(host: string, reason: string) {
    super(`refused to connect to ${host}: it ${reason}`);
    this.name = 'AddressNotAllowedError';
  }
}

/** Why an address is refused, or undefined when it is a public unicast address (or allowed loopback). */
export function addressRefusal(address: string, policy: AddressPolicy = PUBLIC_ONLY): string | undefined {
  const literal = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(literal)) return 'is not an IP address';
  const parsed = ipaddr.parse(literal);
  const reached = parsed.kind() === 'ipv6' ? (embeddedIpv4(parsed as ipaddr.IPv6) ?? parsed) : parsed;
  const range = reached.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopback) return undefined;
  return `is a ${range} address`;
}

export function isAllowedAddress(address: string, policy: AddressPolicy = PUBLIC_ONLY): boolean {
  return addressRefusal(address, policy) === undefined;
}

/** The IPv4 address an IPv6 address stands for, when its form embeds one. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const last32 = () => new ipaddr.IPv4([parts[6]! >> 8, parts[6]! & 0xff, parts[7]! >> 8, parts[7]! & 0xff]);
  const zeros = (from: number, to: number) => parts.slice(from, to).every((part) => part === 0);
  // ::a.b.c.d (IPv4-compatible, deprecated) and ::ffff:a.b.c.d (mapped); not :: and ::1 themselves.
  if (zeros(0, 5) && (parts[5] === 0xffff || (parts[5] === 0 && (parts[6] !== 0 || parts[7]! > 1)))) return last32();
  // ::ffff:0:a.b.c.d (SIIT, RFC 6145).
  if (zeros(0, 4) && parts[4] === 0xffff && parts[5] === 0) return last32();
  // 64:ff9b::a.b.c.d (the well-known NAT64 prefix, RFC 6052).
  if (parts[0] === 0x64 && parts[1] === 0xff9b && zeros(2, 6)) return last32();
  // 2002:aabb:ccdd::/48 (6to4): the IPv4 address is bits 16–48.
  if (parts[0] === 0x2002) return new ipaddr.IPv4([parts[1]! >> 8, parts[1]! & 0xff, parts[2]! >> 8, parts[2]! & 0xff]);
  return undefined;
}

/**
 * Host names that always mean this machine or a local network, whatever DNS says: `localhost`
 * and `*.localhost` (RFC 6761), with or without the trailing dot of a fully qualified name.
 */
export function isLocalHostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * A URL's host as the policy sees it: refused with a reason (a local name, or an IP literal that
 * is not public), or undefined when it is a name that must still be resolved and checked at
 * connect time, or an allowed literal.
 */
export function hostRefusal(hostname: string, policy: AddressPolicy = PUBLIC_ONLY): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return addressRefusal(host, policy);
  if (isLocalHostName(host)) return policy.allowLoopback ? undefined : 'is a local host name';
  return undefined;
}
