import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sessionResponseSchema, uploadResponseSchema } from '../../src/core/session.js';
import { startApiServer, type ApiServerOptions } from '../../src/server/index.js';
import { upsertOrder } from '../../src/server/orders.js';
import { ensureShop } from '../../src/server/shops.js';
import { benchEachStore } from './stores.js';

const CLAIMS = 200;
const CONCURRENCY = 8;
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(512).fill(7), 0xff, 0xd9]);

/**
 * Claim intake over real HTTP on loopback: sessions and photo uploads are prepared first, then
 * CLAIMS submissions (each with its own Idempotency-Key) go out CONCURRENCY at a time.
 * Reports throughput and latency percentiles per store.
 */
export function benchApi(): Promise<Record<string, number | string>> {
  return benchEachStore('resolve-bench-', async (store) => {
    // PGlite keeps uploads in its data directory; a PostgreSQL store needs a directory of its own.
    if (store.dataDir) return benchStore(store);
    const uploads = mkdtempSync(join(tmpdir(), 'resolve-bench-uploads-'));
    try {
      return await benchStore({ ...store, uploadDir: uploads });
    } finally {
      rmSync(uploads, { recursive: true, force: true });
    }
  });
}

async function benchStore(options: ApiServerOptions): Promise<Record<string, number>> {
  const api = await startApiServer({
    ...options,
    port: 0,
    log: () => {},
    lookupThrottle: { maxFailures: 1_000_000, windowMs: 1000 },
  });
  try {
    const shop = await ensureShop(api.db, 'bench-shop', 'Bench');
    await upsertOrder(api.db, shop, {
      order_number: 'B-1',
      customer_name: 'Bench Customer',
      email: 'bench@example.com',
      zip_code: '10119',
      line_items: [{ sku: 'SKU-1', title: 'Thing', quantity: 5, net_price: 10 }],
      shipments: [{ id: 'S-1', phase: 'delivered', carrier: 'dhl', tracking_number: '1' }],
    });
    const base = `http://127.0.0.1:${api.port}/v1/shops/bench-shop/resolve`;
    let sessionAuth: Record<string, string> = {};
    // One session per 50 claims: a session may hold only so many uploads (MAX_UPLOADS_PER_SESSION).
    const prepared: { auth: Record<string, string>; uploadId: string }[] = [];
    for (let i = 0; i < CLAIMS; i++) {
      if (i % 50 === 0) {
        const session = sessionResponseSchema.parse(
          await (
            await fetch(`${base}/sessions`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ order_number: 'B-1', zip_code: '10119' }),
            })
          ).json(),
        );
        sessionAuth = { Authorization: `Bearer ${session.session_token}` };
      }
      const form = new FormData();
      form.set('file', new Blob([JPEG], { type: 'image/jpeg' }), 'photo.jpg');
      const uploaded = uploadResponseSchema.parse(
        await (await fetch(`${base}/uploads`, { method: 'POST', headers: sessionAuth, body: form })).json(),
      );
      prepared.push({ auth: sessionAuth, uploadId: uploaded.id });
    }

    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CLAIMS) {
          const index = next++;
          const { auth, uploadId } = prepared[index] as { auth: Record<string, string>; uploadId: string };
          const t0 = performance.now();
          const response = await fetch(`${base}/claims`, {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': `bench-claim-${index}` },
            body: JSON.stringify({
              flow_type: 'defective',
              resolution_preference: 'refund',
              language: 'en',
              description: `Bench claim ${index}`,
              selected_items: [{ sku: 'SKU-1', quantity: 1, upload_ids: [uploadId] }],
            }),
          });
          if (response.status !== 201)
            throw new Error(`claim ${index}: HTTP ${response.status} ${await response.text()}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] as number;
    return {
      [`claims/s (${CLAIMS} claims, concurrency ${CONCURRENCY})`]: CLAIMS / seconds,
      'p50 latency (ms)': pct(50),
      'p99 latency (ms)': pct(99),
    };
  } finally {
    await api.close();
  }
}
