import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { claimListSchema, claimSchema } from '../../src/core/claims.js';
import { optionsFromEnv } from '../../src/server/config.js';
import { startApiServer, type RunningApi } from '../../src/server/index.js';
import { backends, customerSession, putOrders, startTestApi, testOrder, type TestApi } from './support.js';

/**
 * A claim flood: the same claim sent again and again with fresh Idempotency-Keys (a buggy
 * integration, a double-clicking customer with a broken client, an attacker), or many different
 * claims for one order. One claim (and so one ticket) per identical claim, and a bounded number
 * of claims per order and per session, decided by the database.
 */

const order = (number: string) =>
  testOrder(number, {
    line_items: [{ sku: 'MUG', title: 'Mug', quantity: 3, net_price: 9.5 }],
    shipments: [{ id: `S-${number}`, phase: 'delivered', carrier: 'dhl', tracking_number: '42' }],
  });

const draft = (description: string) => ({
  flow_type: 'support',
  selected_items: [],
  description,
  resolution_preference: 'refund',
  language: 'en',
});

describe.each(backends)('claim floods on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  const base = () => `/v1/shops/${t.slug}`;

  const putOrder = (api: TestApi, number: string) => putOrders(api, order(number));
  const session = (api: TestApi, number: string) => customerSession(api, number);
  const submit = (origin: string, token: string, body: unknown, key = `k-${randomUUID()}`) =>
    fetch(`${origin}/v1/shops/${t.slug}/resolve/claims`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
  async function claimsOf(number: string) {
    const response = await fetch(t.url(`${base()}/claims?order_number=${number}&per_page=100`), {
      headers: { Authorization: t.merchantAuth },
    });
    return claimListSchema.parse(await response.json());
  }
  async function createdEvents(claimIds: string[]): Promise<number> {
    const rows = await t.api.db.query<{ count: string | number }>(
      "SELECT count(*) AS count FROM outbox WHERE event_name = 'claims/created' AND claim_id = ANY($1::uuid[])",
      [claimIds],
    );
    return Number(rows[0]?.count ?? 0);
  }
  const origin = () => `http://127.0.0.1:${t.api.port}`;

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi({
      ...store.options,
      deliveryWorker: false,
      claimLimits: { perOrder: 4, perSession: 2, duplicateWindowSeconds: 600 },
    });
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
  });

  it('makes one claim of 10 concurrent identical submissions with different keys, and answers each with it', async () => {
    await putOrder(t, 'FL-1');
    const token = await session(t, 'FL-1');
    const keys = Array.from({ length: 10 }, (_, i) => `flood-${i}-${randomUUID()}`);
    const responses = await Promise.all(
      keys.map((key) => submit(origin(), token, draft('The mug arrived broken.'), key)),
    );
    const bodies = await Promise.all(
      responses.map(async (response) => ({ status: response.status, claim: claimSchema.parse(await response.json()) })),
    );
    expect(bodies.filter((b) => b.status === 201)).toHaveLength(1);
    expect(bodies.filter((b) => b.status === 200)).toHaveLength(9);
    expect(new Set(bodies.map((b) => b.claim.uuid)).size).toBe(1);

    const list = await claimsOf('FL-1');
    expect(list.total).toBe(1);
    // One claims/created event, so one ticket and one webhook delivery.
    expect(await createdEvents([list.data[0]?.uuid as string])).toBe(1);

    // A retry with any of the keys still gets that claim; the same key with another body is a conflict.
    const retry = await submit(origin(), token, draft('The mug arrived broken.'), keys[7]);
    expect(retry.status).toBe(200);
    expect(claimSchema.parse(await retry.json()).uuid).toBe(list.data[0]?.uuid);
    const conflict = await submit(origin(), token, draft('Something else entirely.'), keys[7]);
    expect(conflict.status).toBe(409);
  });

  it('treats a claim with other content as a new claim', async () => {
    await putOrder(t, 'FL-2');
    const token = await session(t, 'FL-2');
    const first = await submit(origin(), token, draft('First problem.'));
    const second = await submit(origin(), token, draft('Second, different problem.'));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await claimsOf('FL-2')).total).toBe(2);
  });

  it('limits claims per session and per order with 429 too_many_claims and Retry-After', async () => {
    await putOrder(t, 'FL-3');
    const first = await session(t, 'FL-3');
    expect((await submit(origin(), first, draft('one'))).status).toBe(201);
    expect((await submit(origin(), first, draft('two'))).status).toBe(201);
    const perSession = await submit(origin(), first, draft('three'));
    expect(perSession.status).toBe(429);
    expect(apiErrorBodySchema.parse(await perSession.json()).key).toBe('too_many_claims');
    const sessionWait = Number(perSession.headers.get('retry-after'));
    expect(sessionWait).toBeGreaterThan(0);
    expect(sessionWait).toBeLessThanOrEqual(2 * 3600);

    // A new session may go on, up to the order's limit (4 in 24 hours here).
    const second = await session(t, 'FL-3');
    expect((await submit(origin(), second, draft('three'))).status).toBe(201);
    expect((await submit(origin(), second, draft('four'))).status).toBe(201);
    const perOrder = await submit(origin(), await session(t, 'FL-3'), draft('five'));
    expect(perOrder.status).toBe(429);
    const body = apiErrorBodySchema.parse(await perOrder.json());
    expect(body.key).toBe('too_many_claims');
    expect(body.message).toMatch(/too many claims/i);
    const orderWait = Number(perOrder.headers.get('retry-after'));
    expect(orderWait).toBeGreaterThan(23 * 3600);
    expect(orderWait).toBeLessThanOrEqual(24 * 3600);
    expect((await claimsOf('FL-3')).total).toBe(4);

    // A refused claim is not counted as sent: its key, sent again, is refused again, not replayed.
    // Other orders are not affected.
    await putOrder(t, 'FL-4');
    expect((await submit(origin(), await session(t, 'FL-4'), draft('one'))).status).toBe(201);
  });

  it.runIf(backend.name === 'postgres')('holds across two API processes on one database', async () => {
    // Same database, same shop, no shared memory: the limits and the duplicate check still hold.
    const other = await startApiServer({
      ...store.options,
      port: 0,
      log: () => {},
      deliveryWorker: false,
      claimLimits: { perOrder: 4, perSession: 2, duplicateWindowSeconds: 600 },
    });
    try {
      await putOrder(t, 'FL-5');
      const token = await session(t, 'FL-5');
      const origins = [origin(), `http://127.0.0.1:${other.port}`];
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          submit(origins[i % 2] as string, token, draft('Same claim from two processes.')),
        ),
      );
      const uuids = await Promise.all(responses.map(async (response) => claimSchema.parse(await response.json()).uuid));
      expect(new Set(uuids).size).toBe(1);
      expect((await claimsOf('FL-5')).total).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describe('claim limit configuration', () => {
  it('reads CLAIM_LIMIT_PER_ORDER, CLAIM_LIMIT_PER_SESSION and CLAIM_DUPLICATE_WINDOW_SECONDS, with 0 turning a limit off', () => {
    expect(optionsFromEnv({}).claimLimits).toEqual({ perOrder: 10, perSession: 5, duplicateWindowSeconds: 600 });
    expect(
      optionsFromEnv({ CLAIM_LIMIT_PER_ORDER: '0', CLAIM_LIMIT_PER_SESSION: '0', CLAIM_DUPLICATE_WINDOW_SECONDS: '0' })
        .claimLimits,
    ).toEqual({
      perOrder: 0,
      perSession: 0,
      duplicateWindowSeconds: 0,
    });
    expect(() => optionsFromEnv({ CLAIM_LIMIT_PER_ORDER: '-1' })).toThrow(/CLAIM_LIMIT_PER_ORDER/);
  });

  // A fresh store of its own, with different limits from the suite's.
  it.each(backends)(
    'with the limits off, accepts as many different claims as are sent, on $name',
    { timeout: 120_000 },
    async (backend) => {
      let api: RunningApi | undefined;
      const store = await backend.freshStore();
      try {
        const t = await startTestApi({
          ...store.options,
          deliveryWorker: false,
          claimLimits: { perOrder: 0, perSession: 0 },
        });
        api = t.api;
        await putOrders(t, order('OFF-1'));
        const token = await customerSession(t, 'OFF-1');
        for (let i = 0; i < 12; i++) {
          const response = await fetch(t.url(`/v1/shops/${t.slug}/resolve/claims`), {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${token}`,
              'Content-Type': 'application/json',
              'Idempotency-Key': `off-${i}-${randomUUID()}`,
            },
            body: JSON.stringify(draft(`claim number ${i}`)),
          });
          expect(response.status).toBe(201);
        }
      } finally {
        await api?.close();
        await store.dispose();
      }
    },
  );
});
