import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import {
  AddressNotAllowedError,
  addressRefusal,
  hostRefusal,
  PUBLIC_ONLY,
  type AddressPolicy,
} from './address-policy.js';

/**
 * Outgoing HTTP to hosts merchants choose, refused at connect time when the host is, or resolves
 * to, an address the policy does not allow. The check sits in the connection's own DNS lookup
 * (an undici Agent with a `lookup` hook), so the address that was checked is the address that is
 * connected to: a name re-pointed at the internal network after registration, or a resolver that
 * answers differently on the second ask (DNS rebinding), cannot slip through. IP literals never
 * reach a lookup, so they are checked before the request starts.
 */

type Lookup = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `net.connect` lookup that resolves as usual and refuses the connection when any address the
 * name resolves to is not allowed (an attacker's DNS can mix a public address with a private one).
 */
export function guardedLookup(policy: AddressPolicy, lookup: Lookup = dnsLookup as Lookup): LookupFunction {
  return (hostname, options, callback) => {
    const wantsAll = (options as LookupAllOptions).all === true;
    lookup(hostname, { ...(options as LookupOneOptions), all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      for (const entry of addresses) {
        const reason = addressRefusal(entry.address, policy);
        if (reason)
          return callback(new AddressNotAllowedError(hostname, `resolves to ${entry.address}, which ${reason}`), '', 0);
      }
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (wantsAll) (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * `fetch` restricted by the policy. `base` is Node's fetch unless a test or the demo brings its
 * own; an injected fetch does its own DNS, so for it only the name and literal checks apply.
 */
export function createGuardedFetch(
  policy: AddressPolicy = PUBLIC_ONLY,
  options: { base?: typeof fetch; lookup?: Lookup } = {},
): typeof fetch {
  const injected = options.base;
  const agent = injected ? undefined : new Agent({ connect: { lookup: guardedLookup(policy, options.lookup) } });
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const reason = hostRefusal(url.hostname, policy);
    if (reason) throw new TypeError('fetch failed', { cause: new AddressNotAllowedError(url.hostname, reason) });
    if (injected) return injected(input, init);
    // Node's fetch is undici: it takes an undici dispatcher (the option is not in the DOM types).
    return fetch(input, { ...init, dispatcher: agent } as RequestInit);
  };
}

const shared = new Map<boolean, typeof fetch>();

/** One guarded fetch (and connection pool) per policy for the process. */
export function guardedFetch(policy: AddressPolicy = PUBLIC_ONLY): typeof fetch {
  let existing = shared.get(policy.allowLoopback);
  if (!existing) {
    existing = createGuardedFetch(policy);
    shared.set(policy.allowLoopback, existing);
  }
  return existing;
}
