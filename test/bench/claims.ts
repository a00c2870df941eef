import { claimsViewPageSchema } from '../../src/core/claims-view.js';
import { startApiServer, type ApiServerOptions } from '../../src/server/index.js';
import { createApiKey, ensureShop } from '../../src/server/shops.js';
import { seedManyClaims } from '../server/claims-view-support.js';
import { benchEachStore } from './stores.js';

const CLAIMS = 100_000;
const RUNS = 5;

/**
 * The merchant portal's Claims view on one shop with CLAIMS claims (seeded with generate_series,
 * one a little over 5 minutes apart, so a year of claims): first page, next page, filtered pages,
 * searches, the summary and the full CSV export, over HTTP with the shop's API key. Each read is
 * the median of RUNS runs after one warm-up; the export runs once.
 */
export function benchClaims(): Promise<Record<string, number | string>> {
  return benchEachStore('resolve-bench-claims-', benchStore);
}

async function benchStore(options: ApiServerOptions): Promise<Record<string, number>> {
  const api = await startApiServer({ ...options, port: 0, log: () => {}, deliveryWorker: false });
  try {
    const shop = await ensureShop(api.db, 'bench-shop', 'Bench');
    const auth = `Basic ${Buffer.from(`bench-shop:${await createApiKey(api.db, shop)}`).toString('base64')}`;
    const seedStarted = performance.now();
    await seedManyClaims(api.db, shop.id, CLAIMS);
    const seedMs = performance.now() - seedStarted;

    const base = `http://127.0.0.1:${api.port}/v1/shops/bench-shop/claims`;
    const get = async (path: string) => {
      const response = await fetch(`${base}${path}`, { headers: { Authorization: auth } });
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response;
    };
    const page = async (query: string) => claimsViewPageSchema.parse(await (await get(`/view?${query}`)).json());
    const median = async (path: string) => {
      await (await get(path)).arrayBuffer();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await (await get(path)).arrayBuffer();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
    };

    const first = await page('limit=50');
    if (!first.next_cursor) throw new Error('seeding made no claims');
    let cursor = first.next_cursor;
    for (let i = 0; i < 200; i++) cursor = (await page(`limit=50&cursor=${cursor}`)).next_cursor ?? cursor;
    // A claim of a five-digit order (B-10xxx): its number, email and name are nobody else's prefix.
    const sample = (await page(`limit=50&cursor=${cursor}`)).data[17];
    if (!sample) throw new Error('seeding made too few claims');

    const results: Record<string, number> = {
      'seed 100 000 claims (ms)': seedMs,
      'first page, 50 rows (ms)': await median('/view?limit=50'),
      'page 202 by cursor (ms)': await median(`/view?limit=50&cursor=${cursor}`),
      'filtered: status+flow+language (ms)': await median(
        '/view?status=accepted&flow_type=defective,wrongProduct&language=de',
      ),
      'filtered: delivery=parked (ms)': await median('/view?delivery=parked'),
      'filtered: last 7 days + refund (ms)': await median(
        `/view?created_from=${new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10)}&resolution_preference=refund`,
      ),
      'search: reference (ms)': await median(`/view?q=${sample.reference}`),
      'search: email prefix (ms)': await median(`/view?q=${encodeURIComponent(sample.customer.email.slice(0, 12))}`),
      'search: name prefix (ms)': await median(`/view?q=${encodeURIComponent(sample.customer.name.toLowerCase())}`),
      'search: order number (ms)': await median(`/view?q=${encodeURIComponent(sample.order_number)}`),
      'search: broad prefix, ~11 000 orders (ms)': await median(`/view?q=${encodeURIComponent('kundin nr. 1')}`),
      'search: no match (ms)': await median('/view?q=nobody-has-this'),
      'summary, last 30 days (ms)': await median('/summary'),
      'summary, 366 days (ms)': await median(
        `/summary?created_from=${new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10)}`,
      ),
    };

    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const exportStarted = performance.now();
    const response = await get('/export.csv');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let bytes = 0;
    let firstByteMs = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if (bytes === 0) firstByteMs = performance.now() - exportStarted;
      bytes += chunk.value.byteLength;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    results['export 100 000 claims: first byte (ms)'] = firstByteMs;
    results['export 100 000 claims: total (ms)'] = performance.now() - exportStarted;
    results['export size (MB)'] = bytes / 1_048_576;
    results['export heap growth, peak (MB)'] = (heapPeak - heapBefore) / 1_048_576;
    const itemsStarted = performance.now();
    await (await get('/export.csv?rows=items')).arrayBuffer();
    results['export items (ms)'] = performance.now() - itemsStarted;
    return results;
  } finally {
    await api.close();
  }
}
