import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sessionResponseSchema, uploadResponseSchema } from '../../src/core/session.js';
import { webhookWithSecretSchema } from '../../src/core/webhooks.js';
import { createShopViaCli, sharedPostgres, startApiProcess, type ApiProcess } from '../support/api-process.js';
import { startLocalS3 } from '../support/s3.js';
import { startSlowReceiver } from '../support/slow-receiver.js';

/**
 * The API under load, as separate processes configured by the environment: claims from 8 and 16
 * concurrent submitters while every claim goes to a webhook receiver that takes 300 ms, `/healthz`
 * polled throughout, the API process's resident memory before and after (and around six
 * concurrent 15 MB uploads), on PGlite and on PostgreSQL; then two processes on one PostgreSQL
 * with S3 storage, claims alternating between them.
 */

const CLAIMS_PER_RUN = 120;
const RECEIVER_DELAY_MS = 300;
const SLUG = 'load-shop';
const SHARED_KEYS = {
  SIGNING_SECRET: 'bench-signing-secret-0123456789abcdefghij',
  SECRETS_KEY: 'bench-secrets-key-0123456789abcdefghijkl',
};
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(512).fill(7), 0xff, 0xd9]);
const MB = 1024 * 1024;

type Results = Record<string, number | string>;

export async function benchLoad(): Promise<Results> {
  const results: Results = {};
  const dir = mkdtempSync(join(tmpdir(), 'resolve-load-'));
  try {
    Object.assign(results, await benchStore('PGlite', { DATA_DIR: dir }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let postgres: Awaited<ReturnType<typeof sharedPostgres>> | undefined;
  try {
    postgres = await sharedPostgres();
  } catch (error) {
    results.PostgreSQL = `skipped: ${(error as Error).message}`;
  }
  if (postgres) {
    const uploads = mkdtempSync(join(tmpdir(), 'resolve-load-uploads-'));
    try {
      Object.assign(results, await benchStore('PostgreSQL', { DATABASE_URL: postgres.url, UPLOAD_DIR: uploads }));
    } finally {
      await postgres.stop();
      rmSync(uploads, { recursive: true, force: true });
    }
    const second = await sharedPostgres();
    try {
      Object.assign(results, await benchTwoProcesses(second.url));
    } finally {
      await second.stop();
    }
  }
  return results;
}

/** The environment every benched process gets: fast polling, limits that claims at this rate do not hit. */
function loadEnv(store: Record<string, string>): Record<string, string> {
  return {
    ...store,
    ...SHARED_KEYS,
    HELPDESK_ALLOW_LOOPBACK: '1',
    DELIVERY_RETRY_BASE_MS: '200',
    LOOKUP_MAX_FAILURES: '1000000',
    // Claim-rate limits (where this build has them) are not what is measured here.
    CLAIM_LIMIT_PER_ORDER: '0',
    CLAIM_LIMIT_PER_SESSION: '0',
  };
}

async function benchStore(name: string, store: Record<string, string>): Promise<Results> {
  const env = loadEnv(store);
  const authorization = createShopViaCli(env, SLUG);
  const receiver = await startSlowReceiver(RECEIVER_DELAY_MS);
  const api = await startApiProcess(env, name);
  const results: Results = {};
  try {
    await registerWebhook(api, authorization, receiver);
    results[`${name}: API RSS at start (MB)`] = mb(api.rssBytes());
    let delivered = 0;
    for (const concurrency of [8, 16]) {
      const run = await claimRun([api], authorization, concurrency, `${name}-${concurrency}`);
      const drainStarted = performance.now();
      delivered += CLAIMS_PER_RUN;
      await waitUntil(() => receiver.received.length >= delivered, 180_000, `${name}: deliveries`);
      const label = `${name}, ${concurrency} submitters`;
      results[`${label}: claims/s`] = run.claimsPerSecond;
      results[`${label}: claim p50 / p99 (ms)`] = `${run.p50.toFixed(1)} / ${run.p99.toFixed(1)}`;
      results[`${label}: /healthz p50 / p99 / max (ms)`] =
        `${run.health.p50.toFixed(1)} / ${run.health.p99.toFixed(1)} / ${run.health.max.toFixed(1)}`;
      results[`${label}: deliveries done (s after the last claim, ${RECEIVER_DELAY_MS} ms receiver)`] =
        (performance.now() - drainStarted) / 1000;
    }
    results[`${name}: API RSS after ${2 * CLAIMS_PER_RUN} claims (MB)`] = mb(api.rssBytes());
    Object.assign(results, prefix(name, await bigUploads(api, authorization)));
  } finally {
    await api.kill('SIGTERM');
    await receiver.close();
  }
  return results;
}

async function benchTwoProcesses(databaseUrl: string): Promise<Results> {
  const s3 = await startLocalS3();
  const env = loadEnv({ DATABASE_URL: databaseUrl, ...s3.env });
  const authorization = createShopViaCli(env, SLUG);
  const receiver = await startSlowReceiver(RECEIVER_DELAY_MS);
  const apis = [await startApiProcess(env, 'api-a'), await startApiProcess(env, 'api-b')];
  const results: Results = {};
  try {
    await registerWebhook(apis[0] as ApiProcess, authorization, receiver);
    const run = await claimRun(apis, authorization, 16, 'two');
    const drainStarted = performance.now();
    await waitUntil(() => receiver.received.length >= CLAIMS_PER_RUN, 180_000, 'two processes: deliveries');
    const label = 'Two processes (PostgreSQL + S3), 16 submitters alternating';
    results[`${label}: claims/s`] = run.claimsPerSecond;
    results[`${label}: claim p50 / p99 (ms)`] = `${run.p50.toFixed(1)} / ${run.p99.toFixed(1)}`;
    results[`${label}: /healthz p50 / p99 / max (ms)`] =
      `${run.health.p50.toFixed(1)} / ${run.health.p99.toFixed(1)} / ${run.health.max.toFixed(1)}`;
    results[`${label}: deliveries done (s after the last claim)`] = (performance.now() - drainStarted) / 1000;
    const refs = new Set(receiver.received.map((r) => (JSON.parse(r.body) as { ref: string }).ref));
    results[`${label}: webhook requests / distinct events / claims`] =
      `${receiver.received.length} / ${refs.size} / ${CLAIMS_PER_RUN}`;
    results[`${label}: RSS per process after (MB)`] = apis.map((api) => mb(api.rssBytes())).join(' / ');
  } finally {
    await Promise.all(apis.map((api) => api.kill('SIGTERM')));
    await receiver.close();
    await s3.stop();
  }
  return results;
}

async function registerWebhook(
  api: ApiProcess,
  authorization: string,
  receiver: { url: string; secret: string },
): Promise<void> {
  const response = await fetch(api.url(`/v1/shops/${SLUG}/webhooks`), {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: receiver.url }),
  });
  if (response.status !== 201) throw new Error(`webhook: HTTP ${response.status} ${await response.text()}`);
  receiver.secret = webhookWithSecretSchema.parse(await response.json()).secret;
}

interface RunFigures {
  claimsPerSecond: number;
  p50: number;
  p99: number;
  health: { p50: number; p99: number; max: number };
}

/**
 * CLAIMS_PER_RUN claims, `concurrency` at a time, each on its own order with a session and a photo
 * prepared first (not measured); requests go to the processes in turn. `/healthz` is asked every
 * 50 ms meanwhile.
 */
async function claimRun(
  apis: ApiProcess[],
  authorization: string,
  concurrency: number,
  tag: string,
): Promise<RunFigures> {
  const prepared: { api: ApiProcess; token: string; uploadId: string }[] = [];
  for (let i = 0; i < CLAIMS_PER_RUN; i++) {
    const api = apis[i % apis.length] as ApiProcess;
    const number = `${tag}-${i}`;
    const order = await fetch(api.url(`/v1/shops/${SLUG}/orders`), {
      method: 'PUT',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        order_number: number,
        customer_name: 'Load Customer',
        email: 'load@example.com',
        zip_code: '10119',
        line_items: [{ sku: 'SKU-1', title: 'Thing', quantity: 5, net_price: 10 }],
        shipments: [{ id: `S-${number}`, phase: 'delivered', carrier: 'dhl', tracking_number: '1' }],
      }),
    });
    if (order.status !== 201) throw new Error(`order: HTTP ${order.status} ${await order.text()}`);
    const session = sessionResponseSchema.parse(
      await (
        await fetch(api.url(`/v1/shops/${SLUG}/resolve/sessions`), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ order_number: number, zip_code: '10119' }),
        })
      ).json(),
    );
    const form = new FormData();
    form.set('file', new Blob([JPEG], { type: 'image/jpeg' }), 'photo.jpg');
    const uploaded = await fetch(api.url(`/v1/shops/${SLUG}/resolve/uploads`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.session_token}` },
      body: form,
    });
    prepared.push({
      api: apis[(i + 1) % apis.length] as ApiProcess,
      token: session.session_token,
      uploadId: uploadResponseSchema.parse(await uploaded.json()).id,
    });
  }

  const health: number[] = [];
  let polling = true;
  const poller = (async () => {
    let turn = 0;
    while (polling) {
      const t0 = performance.now();
      const response = await fetch((apis[turn++ % apis.length] as ApiProcess).url('/healthz'), {
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      health.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < CLAIMS_PER_RUN) {
        const index = next++;
        const { api, token, uploadId } = prepared[index] as (typeof prepared)[number];
        const t0 = performance.now();
        const response = await fetch(api.url(`/v1/shops/${SLUG}/resolve/claims`), {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': `load-${tag}-${index}`,
          },
          body: JSON.stringify({
            flow_type: 'defective',
            resolution_preference: 'refund',
            language: 'en',
            description: `Load claim ${tag} ${index}`,
            selected_items: [{ sku: 'SKU-1', quantity: 1, upload_ids: [uploadId] }],
          }),
          signal: AbortSignal.timeout(60_000),
        });
        if (response.status !== 201)
          throw new Error(`claim ${index}: HTTP ${response.status} ${await response.text()}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Keep measuring /healthz while the deliveries of this run are still going out.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  polling = false;
  await poller;
  return {
    claimsPerSecond: CLAIMS_PER_RUN / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    health: { p50: percentile(health, 50), p99: percentile(health, 99), max: Math.max(...health) },
  };
}

/** Six concurrent 15 MB photo uploads: the API process's resident memory before, at its peak, and after. */
async function bigUploads(api: ApiProcess, authorization: string): Promise<Results> {
  const number = 'big-uploads';
  await fetch(api.url(`/v1/shops/${SLUG}/orders`), {
    method: 'PUT',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      order_number: number,
      customer_name: 'Load Customer',
      email: 'load@example.com',
      zip_code: '10119',
      line_items: [{ sku: 'SKU-1', title: 'Thing', quantity: 1, net_price: 10 }],
      shipments: [{ id: 'S-big', phase: 'delivered' }],
    }),
  });
  const session = sessionResponseSchema.parse(
    await (
      await fetch(api.url(`/v1/shops/${SLUG}/resolve/sessions`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ order_number: number, zip_code: '10119' }),
      })
    ).json(),
  );
  const photo = new Uint8Array(15 * 1000 * 1000);
  photo.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  const before = api.rssBytes();
  let peak = before ?? 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, api.rssBytes() ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const statuses = await Promise.all(
    Array.from({ length: 6 }, async () => {
      const form = new FormData();
      form.set('file', new Blob([photo], { type: 'image/jpeg' }), 'big.jpg');
      const response = await fetch(api.url(`/v1/shops/${SLUG}/resolve/uploads`), {
        method: 'POST',
        headers: { Authorization: `Bearer ${session.session_token}` },
        body: form,
      });
      await response.arrayBuffer();
      return response.status;
    }),
  );
  sampling = false;
  await sampler;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    '6 × 15 MB concurrent uploads: statuses': statuses.join(' '),
    '6 × 15 MB uploads: API RSS before / peak / 1 s after (MB)': `${mb(before)} / ${mb(peak)} / ${mb(api.rssBytes())}`,
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function mb(bytes: number | undefined): number {
  return bytes === undefined ? Number.NaN : Math.round((bytes / MB) * 10) / 10;
}

function prefix(name: string, values: Results): Results {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`${name}: ${key}`, value]));
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
