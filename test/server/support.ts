import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import type { OrderInput } from '../../src/core/orders.js';
import { sessionResponseSchema } from '../../src/core/session.js';
import { startApiServer, type ApiServerOptions, type RunningApi } from '../../src/server/index.js';
import { updateShopPolicy } from '../../src/server/shop-policy.js';
import { createApiKey, ensureShop } from '../../src/server/shops.js';
import { adminQuery } from './store-templates.js';

/**
 * The storage backends every server suite runs on: embedded PGlite always, and a real PostgreSQL
 * server when TEST_DATABASE_URL is set (`npm test` and CI start one), so each suite runs on both
 * stores in one file. A fresh store is a copy of the run's migrated template (store-templates.ts).
 */
export interface Backend {
  name: 'pglite' | 'postgres';
  /** Options for a server on a fresh, migrated, empty store. `dataDir` lets PGlite survive restarts. */
  freshStore(): Promise<{ options: ApiServerOptions; dispose(): Promise<void> }>;
}

export const backends: Backend[] = [
  {
    name: 'pglite' as const,
    async freshStore() {
      const dir = mkdtempSync(join(tmpdir(), 'resolve-pglite-'));
      seedDataDir(dir);
      return { options: { dataDir: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(process.env.TEST_DATABASE_URL
    ? [
        {
          name: 'postgres' as const,
          async freshStore() {
            // One database per store, so suites never see each other's rows.
            const template = inject('postgresTemplate');
            const name = `resolve_test_${randomUUID().replace(/-/g, '')}`;
            await adminQuery(
              process.env.TEST_DATABASE_URL as string,
              `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`,
            );
            const url = new URL(process.env.TEST_DATABASE_URL as string);
            url.pathname = `/${name}`;
            return {
              options: { databaseUrl: url.toString() },
              dispose: () =>
                adminQuery(process.env.TEST_DATABASE_URL as string, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
            };
          },
        },
      ]
    : []),
];

/**
 * Puts a copy of the run's migrated PGlite store into `dataDir`, where the API and the CLI open
 * it (`$DATA_DIR/pglite`), so a test's process starts on a ready store instead of creating one.
 */
export function seedDataDir(dataDir: string): void {
  cpSync(inject('pgliteTemplate'), join(dataDir, 'pglite'), { recursive: true });
}

export interface TestApi {
  api: RunningApi;
  url(path: string): string;
  merchantAuth: string;
  slug: string;
}

/** A running API on a fresh store with one shop and one API key. */
export async function startTestApi(options: ApiServerOptions, slug = 'test-shop'): Promise<TestApi> {
  const api = await startApiServer({ log: () => {}, ...options, port: 0 });
  const shop = await ensureShop(api.db, slug, 'Test Shop');
  // As an operator would set it up: both helpdesks available (availability has its own tests).
  await updateShopPolicy(api.db, shop, { integrations: { gorgias: true, dixa: true } });
  const key = await createApiKey(api.db, shop);
  return {
    api,
    url: (path) => `http://127.0.0.1:${api.port}${path}`,
    merchantAuth: `Basic ${Buffer.from(`${slug}:${key}`).toString('base64')}`,
    slug,
  };
}

/**
 * The suite's API on a fresh store of `backend`: started before the suite's tests (in the order
 * its hooks are declared), closed after them. The object is filled in when it has started.
 */
export function useTestApi(backend: Backend, options: ApiServerOptions = {}): TestApi {
  const live = {} as TestApi;
  let store: Awaited<ReturnType<Backend['freshStore']>> | undefined;
  beforeAll(async () => {
    store = await backend.freshStore();
    Object.assign(live, await startTestApi({ ...store.options, ...options }));
  }, 120_000);
  afterAll(async () => {
    await (live as Partial<TestApi>).api?.close();
    await store?.dispose();
  });
  return live;
}

/** An order as the customer-side suites use it: one mug, delivered, ZIP code 10119. */
export function testOrder(number: string, changes: Partial<OrderInput> = {}): OrderInput {
  return {
    order_number: number,
    customer_name: 'Ana Example',
    email: 'ana@example.com',
    zip_code: '10119',
    line_items: [{ sku: 'MUG', title: 'Mug', quantity: 1, net_price: 9.5 }],
    shipments: [{ id: `S-${number}`, phase: 'delivered' }],
    ...changes,
  };
}

/** Creates the orders through the merchant API, as the shop's backend does. */
export async function putOrders(t: TestApi, ...orders: OrderInput[]): Promise<void> {
  for (const order of orders) {
    const response = await fetch(t.url(`/v1/shops/${t.slug}/orders`), {
      method: 'PUT',
      headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json' },
      body: JSON.stringify(order),
    });
    if (response.status !== 201) throw new Error(`PUT order ${order.order_number}: ${response.status}`);
  }
}

/** The session token a customer gets by looking an order up with its ZIP code. */
export async function customerSession(t: TestApi, orderNumber: string, zip = '10119'): Promise<string> {
  const response = await fetch(t.url(`/v1/shops/${t.slug}/resolve/sessions`), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ order_number: orderNumber, zip_code: zip }),
  });
  return sessionResponseSchema.parse(await response.json()).session_token;
}

/** Polls until `condition` holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A photo upload whose body the test sends piece by piece (the multipart head is sent at once):
 * `push` more bytes, `abort()` as a customer who goes away; `settled` is the fetch's outcome.
 */
export function streamingUpload(
  t: TestApi,
  token: string,
  boundary: string,
): { push(bytes: Uint8Array): void; abort(): void; settled: Promise<unknown> } {
  let push!: (chunk: Uint8Array) => void;
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => void (push = (chunk) => controller.enqueue(chunk)),
  });
  const aborter = new AbortController();
  const settled = fetch(t.url(`/v1/shops/${t.slug}/resolve/uploads`), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: 'half',
    signal: aborter.signal,
  } as RequestInit).catch((error: unknown) => error);
  push(
    new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
  );
  return { push, abort: () => aborter.abort(), settled };
}
