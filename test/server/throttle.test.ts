import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from '../../src/server/index.js';
import { throttleClientKey } from '../../src/server/throttle.js';
import { backends, putOrders, startTestApi, testOrder, type TestApi } from './support.js';

/**
 * Lookup throttling held in the database: limits that concurrency cannot outrun, that hold across
 * API processes, and that count an IPv6 subscriber's whole /64 as one client.
 */

const LIMITS = { maxFailures: 3, maxFailuresPerClient: 4, windowMs: 60_000 };

describe('the client key of an address', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8:1:3::1', '2001:db8:1:3::/64'],
    ['unknown', 'unknown'],
  ])('%s → %s', (address, key) => expect(throttleClientKey(address)).toBe(key));
});

describe.each(backends)('lookup throttling on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  const lookup = (api: { url(path: string): string }, orderNumber: string, zip: string, client: string) =>
    fetch(api.url(`/v1/shops/${t.slug}/resolve/sessions`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': client },
      body: JSON.stringify({ order_number: orderNumber, zip_code: zip }),
    });

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi({ ...store.options, lookupThrottle: LIMITS, trustProxyHops: 1, deliveryWorker: false });
    await putOrders(t, ...['8001', '8002', '8003', '8004'].map((n) => testOrder(n)));
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
  });

  it('gives 20 concurrent ZIP guesses for one order exactly the limit of tries', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => lookup(t, '8001', `9${String(i).padStart(4, '0')}`, `198.51.100.${i + 1}`)),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(LIMITS.maxFailures);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - LIMITS.maxFailures);
    // Even the right ZIP code waits now: the guesses used the order's tries.
    expect((await lookup(t, '8001', '10119', '198.51.100.99')).status).toBe(429);
  });

  it('counts an IPv6 client by its /64: new addresses in the same /64 do not get new tries', async () => {
    for (let i = 1; i <= LIMITS.maxFailuresPerClient; i++) {
      expect((await lookup(t, `99${i}`, '10119', `2001:db8:1:2::${i}`)).status).toBe(404);
    }
    const sameSubscriber = await lookup(t, '8002', '10119', '2001:db8:1:2:ffff:ffff:ffff:9');
    expect(sameSubscriber.status).toBe(429);
    expect(Number(sameSubscriber.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another /64 is another client.
    expect((await lookup(t, '8002', '10119', '2001:db8:1:3::1')).status).toBe(201);
  });

  it('does not count a lookup that found the order', async () => {
    for (let i = 0; i < LIMITS.maxFailures + 2; i++)
      expect((await lookup(t, '8003', '10119', '192.0.2.50')).status).toBe(201);
  });

  it.skipIf(backend.name !== 'postgres')('holds the limits across two API processes on one database', async () => {
    const second = await startApiServer({
      ...store.options,
      port: 0,
      lookupThrottle: LIMITS,
      trustProxyHops: 1,
      deliveryWorker: false,
      log: () => {},
    });
    const other = { url: (path: string) => `http://127.0.0.1:${second.port}${path}` };
    try {
      // Wrong ZIP codes for one order, alternately to each process: the third failure locks it everywhere.
      const apis = [t, other, t];
      for (const [i, api] of apis.entries())
        expect((await lookup(api, '8004', `0000${i}`, `192.0.2.${60 + i}`)).status).toBe(404);
      expect((await lookup(other, '8004', '10119', '192.0.2.70')).status).toBe(429);
      expect((await lookup(t, '8004', '10119', '192.0.2.71')).status).toBe(429);
    } finally {
      await second.close();
    }
  });
});
