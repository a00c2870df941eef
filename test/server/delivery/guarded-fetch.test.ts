import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRequest } from '../../../src/server/delivery/http.js';
import { PacerRegistry } from '../../../src/server/delivery/pacing.js';
import { ADDRESS_NOT_ALLOWED, PUBLIC_ONLY } from '../../../src/server/net/address-policy.js';
import { createGuardedFetch } from '../../../src/server/net/guarded-fetch.js';

/**
 * The connect-time check: a public-looking name whose DNS answer is a private address is refused
 * in the connection's own lookup, before a byte is sent. A real HTTP server on loopback plays the
 * internal service; a fake resolver plays the attacker's DNS.
 */
describe('outgoing requests checked at connect time', () => {
  let server: Server;
  let port = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.headers.host}${req.url}`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"internal":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The attacker's DNS: every name is the loopback internal service (or 10.x, or a public and a private address). */
  const resolvingTo = (...addresses: string[]) =>
    ((
      _name: string,
      _options: unknown,
      callback: (error: null, addresses: { address: string; family: number }[]) => void,
    ) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      )) as never;

  it('refuses a name that resolves to loopback, a private network or a mix, without connecting', async () => {
    for (const answer of [['127.0.0.1'], ['::ffff:127.0.0.1'], ['93.184.216.34', '127.0.0.1']]) {
      const guarded = createGuardedFetch(PUBLIC_ONLY, { lookup: resolvingTo(...answer) });
      const failure = await guarded(`http://receiver.example:${port}/hook`, { method: 'POST', body: '{}' }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect((failure as { cause?: { code?: string } } | undefined)?.cause?.code, answer.join(',')).toBe(
        ADDRESS_NOT_ALLOWED,
      );
    }
    expect(seen).toEqual([]);
  });

  it("connects to the address it checked when the policy allows it (the stand-ins' loopback)", async () => {
    const guarded = createGuardedFetch({ allowLoopback: true }, { lookup: resolvingTo('127.0.0.1') });
    const response = await guarded(`http://receiver.example:${port}/hook`);
    expect(response.status).toBe(200);
    expect(seen).toEqual([`GET receiver.example:${port}/hook`]);
  });

  it('refuses IP literals and local names before any lookup', async () => {
    const guarded = createGuardedFetch(PUBLIC_ONLY, { lookup: resolvingTo('93.184.216.34') });
    for (const url of [
      `http://127.0.0.1:${port}/`,
      `http://[::ffff:0:7f00:1]:${port}/`,
      `http://localhost.:${port}/`,
      'http://[64:ff9b::a9fe:a9fe]/latest/meta-data',
    ]) {
      const failure = await guarded(url).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect((failure as { cause?: { code?: string } } | undefined)?.cause?.code, url).toBe(ADDRESS_NOT_ALLOWED);
    }
  });

  it('is what the connectors use: a refused destination is a permanent delivery failure', async () => {
    // No injected fetch: sendRequest goes through the guarded fetch. A loopback literal without the
    // testing flag is refused, and the worker is told not to retry.
    const failure = await sendRequest({
      method: 'POST',
      url: `http://127.0.0.1:${port}/hook`,
      label: 'POST webhook',
      pacer: new PacerRegistry().webhook(`http://127.0.0.1:${port}`),
      defaultRetryAfterMs: 1000,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ kind: 'config', retryable: false, key: 'delivery_network_error' });
    expect(String((failure as Error).message)).toMatch(/loopback/);
    // With the testing flag (stand-ins), loopback is reachable.
    const response = await sendRequest(
      {
        method: 'GET',
        url: `http://127.0.0.1:${port}/ok`,
        label: 'GET ok',
        pacer: new PacerRegistry().webhook(`http://127.0.0.1:${port}`),
        defaultRetryAfterMs: 1000,
      },
      { allowInsecureHostsForTesting: true },
    );
    expect(response.status).toBe(200);
  });
});
