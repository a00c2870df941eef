import type { Claim } from '../../src/core/claims.js';
import type { OrderInput } from '../../src/core/orders.js';
import type { Database, Queryable } from '../../src/server/db/database.js';
import type { ApiServerOptions } from '../../src/server/index.js';
import { merchantClient, SECRETS_KEY, submitClaim, testOrder } from './delivery-support.js';
import { startTestApi, useTestApi, type Backend, type TestApi } from './support.js';
import { beforeAll, expect } from 'vitest';

/**
 * A shop with claims of every kind for the Claims view tests, submitted the way customers submit
 * them. Three customers (one with Polish, one with German letters), six claims:
 *
 * | claim | order   | flow          | pref.   | lang | created (UTC)            | status   | delivery  |
 * | none  | #1001   | defective     | reorder | en   | 2026-01-15 10:00         | pending  | none      |
 * | parked| 2002    | notReceived   | refund  | pl   | 2026-01-31 23:59:59.999  | pending  | parked    |
 * | umlaut| A-3003  | return        | refund  | de   | 2026-02-01 00:00         | pending  | delivered |
 * | tieA  | #1001   | support       | reorder | en   | 2026-02-10 12:00 (tie)   | accepted | pending   |
 * | tieB  | 2002    | wrongProduct  | refund  | pl   | 2026-02-10 12:00 (tie)   | rejected | pending   |
 * | newest| A-3003  | defective     | refund  | de   | now                      | pending  | pending   |
 *
 * Deliveries are jobs of one webhook (the worker is off): states are set directly, as the worker would leave them.
 */
export const ORDERS: OrderInput[] = [
  testOrder('#1001'),
  { ...testOrder('2002'), customer_name: 'Łucja Wąsowska', email: 'lucja@przyklad.pl' },
  { ...testOrder('A-3003'), customer_name: 'Jürgen Müller', email: 'Juergen.Mueller@Beispiel.de' },
];

export const TRICKY_DESCRIPTION = 'Griff "ab", Öse\nlose; Größe, żółć';
export const FORMULA_DESCRIPTION = '=HYPERLINK("http://evil.example","click")';

export interface ClaimsFixture {
  none: Claim;
  parked: Claim;
  umlaut: Claim;
  tieA: Claim;
  tieB: Claim;
  newest: Claim;
  /** Newest first, as the list orders them (the tie broken by id, descending). */
  newestFirst: Claim[];
}

/** A test API that may hold a webhook on loopback (never called: the delivery worker is off). */
const CLAIMS_VIEW_OPTIONS: ApiServerOptions = {
  secretsKey: SECRETS_KEY,
  helpdesks: { allowLoopbackHosts: true },
  deliveryWorker: false,
};

export function startClaimsViewApi(store: ApiServerOptions): Promise<TestApi> {
  return startTestApi({ ...store, ...CLAIMS_VIEW_OPTIONS });
}

/**
 * The suite's Claims view API on a fresh store of `backend` (useTestApi), seeded with the claims
 * above before the suite's tests. Both objects are filled in then.
 */
export function useSeededClaimsApi(backend: Backend): { t: TestApi; claims: ClaimsFixture } {
  const t = useTestApi(backend, CLAIMS_VIEW_OPTIONS);
  const claims = {} as ClaimsFixture;
  beforeAll(async () => {
    Object.assign(claims, await seedClaims(t));
  }, 120_000);
  return { t, claims };
}

export async function seedClaims(t: TestApi): Promise<ClaimsFixture> {
  const shop = merchantClient(t.url, t.merchantAuth, t.slug);
  for (const order of ORDERS) expect((await shop.call('PUT', '/orders', order)).status).toBe(201);
  const none = await submitClaim(t.url, t.slug, '1001', { description: FORMULA_DESCRIPTION });
  const hook = await shop.call('POST', '/webhooks', { url: 'http://127.0.0.1:9/receiver' });
  expect(hook.status, await hook.clone().text()).toBe(201);
  const parked = await submitClaim(t.url, t.slug, '2002', {
    flow_type: 'notReceived',
    selected_items: [{ sku: 'MUG', quantity: 2 }],
    resolution_preference: 'refund',
    language: 'pl',
  });
  const umlaut = await submitClaim(t.url, t.slug, 'A-3003', {
    flow_type: 'return',
    selected_items: [
      { sku: 'MUG', quantity: 1 },
      { sku: 'PLATE', quantity: 3 },
    ],
    resolution_preference: 'refund',
    language: 'de',
    description: TRICKY_DESCRIPTION,
  });
  const tieA = await submitClaim(t.url, t.slug, '1001', {
    flow_type: 'support',
    selected_items: [],
    package_upload_ids: [],
    description: 'Only a question',
  });
  const tieB = await submitClaim(t.url, t.slug, '2002', {
    flow_type: 'wrongProduct',
    resolution_preference: 'refund',
    language: 'pl',
  });
  const db = t.api.db;
  const at = async (claim: Claim, time: string) =>
    db.query('UPDATE claims SET created_at = $2::timestamptz WHERE id = $1', [claim.uuid, time]);
  await at(none, '2026-01-15T10:00:00Z');
  await at(parked, '2026-01-31T23:59:59.999Z');
  await at(umlaut, '2026-02-01T00:00:00Z');
  await at(tieA, '2026-02-10T12:00:00Z');
  await at(tieB, '2026-02-10T12:00:00Z');
  await db.query(`UPDATE deliveries SET state = 'parked' WHERE claim_id = $1`, [parked.uuid]);
  await db.query(`UPDATE deliveries SET state = 'delivered', delivered_at = now() WHERE claim_id = $1`, [umlaut.uuid]);
  for (const [claim, status] of [
    [tieA, 'accepted'],
    [tieB, 'rejected'],
  ] as const) {
    expect((await shop.call('PUT', `/claims/${claim.uuid}`, { status })).status).toBe(200);
  }
  const newest = await submitClaim(t.url, t.slug, 'A-3003', { resolution_preference: 'refund', language: 'de' });
  const ties = [tieA, tieB].sort((a, b) => (a.uuid < b.uuid ? 1 : -1));
  return { none, parked, umlaut, tieA, tieB, newest, newestFirst: [newest, ...ties, umlaut, parked, none] };
}

/**
 * `count` claims for one shop in three statements (orders, claims, then an event and a Gorgias
 * delivery job per claim), for benchmarks and big exports: generate_series, not HTTP. Two claims
 * per order; newest at `newest`, one every `spacingSeconds` before it; flows, preferences,
 * statuses and languages cycle; 1 in 100 deliveries is parked, 5 in 100 pending, the rest delivered.
 */
export async function seedManyClaims(
  store: Database,
  shopId: string,
  count: number,
  options: { description?: string; spacingSeconds?: number; newest?: Date } = {},
): Promise<void> {
  const orders = Math.ceil(count / 2);
  await store.transaction((db) => seedRows(db, shopId, count, orders, options));
  for (const table of ['claims', 'orders', 'deliveries', 'outbox']) await store.query(`ANALYZE ${table}`);
}

async function seedRows(
  db: Queryable,
  shopId: string,
  count: number,
  orders: number,
  options: { description?: string; spacingSeconds?: number; newest?: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO orders (id, shop_id, order_number, order_key, zip_key, data)
     SELECT gen_random_uuid(), $1, 'B-' || g, 'B-' || g, '10119', jsonb_build_object(
       'order_number', 'B-' || g, 'customer_name', 'Kundin Nr. ' || g, 'email', 'kunde' || g || '@example.com',
       'zip_code', '10119', 'currency', 'EUR',
       'line_items', jsonb_build_array(jsonb_build_object('sku', 'MUG', 'title', 'Tasse „Groß“', 'quantity', 2, 'net_price', 10)),
       'shipments', jsonb_build_array(jsonb_build_object('id', 'S-' || g, 'phase', 'delivered')))
     FROM generate_series(1, $2::int) AS g`,
    [shopId, orders],
  );
  await db.query(
    `INSERT INTO claims (id, shop_id, order_id, idempotency_key, request_hash, draft, reason, resolution_preference, status, created_at, updated_at)
     SELECT gen_random_uuid(), $1, o.id, 'seed-' || g, 'seed', jsonb_build_object(
         'flow_type', (ARRAY['defective','notReceived','return','missingProduct','wrongProduct','dissatisfied','support'])[1 + g % 7],
         'selected_items', jsonb_build_array(jsonb_build_object('sku', 'MUG', 'quantity', 1, 'upload_ids', jsonb_build_array(gen_random_uuid()))),
         'resolution_preference', CASE WHEN g % 3 = 0 THEN 'refund' ELSE 'reorder' END,
         'language', (ARRAY['en','de','fr','es','it','nl','da','pl'])[1 + g % 8],
         'description', $3::text),
       (ARRAY['partial_damage','investigation','return','partial_damage','partial_damage','return','support'])[1 + g % 7],
       CASE WHEN g % 3 = 0 THEN 'refund' ELSE 'reorder' END,
       (ARRAY['pending','pending','accepted','rejected','closed'])[1 + g % 5],
       $4::timestamptz - make_interval(secs => g * $5::int), $4::timestamptz
     FROM generate_series(1, $2::int) AS g
     JOIN orders o ON o.shop_id = $1 AND o.order_key = 'B-' || (1 + g % $6::int)`,
    [
      shopId,
      count,
      options.description ?? 'Seeded claim',
      (options.newest ?? new Date()).toISOString(),
      options.spacingSeconds ?? 315,
      orders,
    ],
  );
  await db.query(
    `WITH events AS (
       INSERT INTO outbox (id, shop_id, claim_id, event_name, payload, delivered_at)
       SELECT gen_random_uuid(), $1, c.id, 'claims/created', '{}'::jsonb, now()
       FROM claims c WHERE c.shop_id = $1 AND c.idempotency_key LIKE 'seed-%'
       RETURNING id, claim_id
     )
     INSERT INTO deliveries (id, shop_id, claim_id, event_ref, event_name, target, state)
     SELECT gen_random_uuid(), $1, e.claim_id, e.id, 'claims/created', 'gorgias',
       CASE WHEN row_number() OVER () % 100 = 0 THEN 'parked' WHEN row_number() OVER () % 20 = 1 THEN 'pending' ELSE 'delivered' END
     FROM events e`,
    [shopId],
  );
}
