import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import type { OrderInput } from '../../src/core/orders.js';
import { sessionResponseSchema, uploadResponseSchema } from '../../src/core/session.js';
import { optionsFromEnv } from '../../src/server/config.js';
import { startApiServer } from '../../src/server/index.js';
import { backends, startTestApi, type TestApi } from './support.js';
import { JPEG } from '../support/images.js';

/**
 * What an operator and an attacker meet beyond the happy paths: proxies and throttling, bodies
 * that stream past the limits, files whose bytes say something else than their names, shutdown
 * with requests in flight, one store per process.
 */

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));
const WEBP = new Uint8Array([
  ...ascii('RIFF'),
  0x24,
  0,
  0,
  0,
  ...ascii('WEBPVP8 '),
  0x18,
  0,
  0,
  0,
  0x30,
  0x01,
  0,
  0x9d,
  0x01,
  0x2a,
  1,
  0,
  1,
  0,
  ...new Array(24).fill(0),
]);
const HEIC = new Uint8Array([
  0,
  0,
  0,
  0x18,
  ...ascii('ftypheic'),
  0,
  0,
  0,
  0,
  ...ascii('mif1heic'),
  ...new Array(32).fill(0),
]);
const PDF = new Uint8Array(ascii('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'));
const MZ = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, ...new Array(100).fill(0)]);
const SVG = new Uint8Array(ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function order(number: string, zip: string): OrderInput {
  return {
    order_number: number,
    customer_name: 'Ana Example',
    email: 'ana@example.com',
    zip_code: zip,
    line_items: [{ sku: 'MUG', title: 'Mug', quantity: 3, net_price: 9.5 }],
    shipments: [{ id: `S-${number}`, phase: 'delivered', carrier: 'dhl', tracking_number: '42' }],
  };
}

/** A request body that arrives in pieces, when the test says so (chunked, no Content-Length). */
function trickle() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    body,
    push: (chunk: string | Uint8Array) =>
      controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk),
    end: () => controller.close(),
  };
}

describe.each(backends)('API hardening on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  const base = () => `/v1/shops/${t.slug}`;
  const merchant = (method: string, path: string, body?: unknown) =>
    fetch(t.url(path), {
      method,
      headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const lookup = (orderNumber: string, zip: string, client?: string) =>
    fetch(t.url(`${base()}/resolve/sessions`), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(client ? { 'X-Forwarded-For': `198.51.100.250, ${client}` } : {}),
      },
      body: JSON.stringify({ order_number: orderNumber, zip_code: zip }),
    });
  const session = async (orderNumber: string, zip: string) =>
    sessionResponseSchema.parse(await (await lookup(orderNumber, zip, '192.0.2.1')).json());
  const upload = (token: string, bytes: Uint8Array, name = 'photo.jpg', type = 'image/jpeg') => {
    const form = new FormData();
    form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
    return fetch(t.url(`${base()}/resolve/uploads`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
  };

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi({
      ...store.options,
      lookupThrottle: { maxFailures: 2, maxFailuresPerClient: 3, windowMs: 60_000 },
      trustProxyHops: 1,
      uploadLimitBytes: 2048,
    });
    for (const [n, zip] of [
      ['2001', '10119'],
      ['2002', 'SW1A 1AA'],
      ['2003', '00-950'],
    ] as const) {
      expect((await merchant('PUT', `${base()}/orders`, order(n, zip))).status).toBe(201);
    }
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
  });

  describe('lookup throttling behind a trusted proxy', () => {
    it('locks one client address after its failures, whatever order numbers it tries; other clients go on', async () => {
      for (const n of ['9001', '9002', '9003']) expect((await lookup(n, '10119', '203.0.113.7')).status).toBe(404);
      const locked = await lookup('2001', '10119', '203.0.113.7');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      // Only the entry the trusted proxy appended counts: forging the left part changes nothing.
      expect((await lookup('2001', '10119', '203.0.113.8')).status).toBe(201);
    });

    it('locks one order number after its failures, from any client', async () => {
      expect((await lookup('2002', 'XX1 1XX', '203.0.113.20')).status).toBe(404);
      expect((await lookup('#2002', 'YY1 1YY', '203.0.113.21')).status).toBe(404);
      const locked = await lookup('2002', 'SW1A 1AA', '203.0.113.22');
      expect(locked.status).toBe(429);
      expect(apiErrorBodySchema.parse(await locked.json()).key).toBe('too_many_attempts');
    });

    it('names a malformed ZIP code zip_code_invalid (422) without counting it as a failed lookup', async () => {
      const response = await lookup('2003', '<script>', '203.0.113.30');
      expect(response.status).toBe(422);
      const body = apiErrorBodySchema.parse(await response.json());
      expect(body.key).toBe('zip_code_invalid');
      expect(body.errors[0]?.loc).toEqual(['body', 'zip_code']);
      expect((await lookup('2003', '00950', '203.0.113.30')).status).toBe(201);
    });
  });

  describe('files by their bytes', () => {
    it.each([
      ['WebP', WEBP, 'image/webp'],
      ['HEIC', HEIC, 'image/heic'],
      ['PDF', PDF, 'application/pdf'],
    ] as const)('accepts %s whatever its name says', async (_name, bytes, expected) => {
      const s = await session('2001', '10119');
      const response = await upload(s.session_token, bytes, 'scan.txt', 'text/plain');
      expect(response.status).toBe(201);
      expect(uploadResponseSchema.parse(await response.json()).content_type).toBe(expected);
    });

    it.each([
      ['a Windows executable (MZ)', MZ],
      ['an SVG with a script', SVG],
      ['plain text', new Uint8Array(ascii('hello, this is not a photo'))],
    ])('refuses %s named photo.jpg with 415 upload_type_not_allowed', async (_name, bytes) => {
      const s = await session('2001', '10119');
      const response = await upload(s.session_token, bytes, 'photo.jpg', 'image/jpeg');
      expect(response.status).toBe(415);
      expect(apiErrorBodySchema.parse(await response.json()).key).toBe('upload_type_not_allowed');
    });

    it('cuts off an upload streamed past the limit without a Content-Length (413)', async () => {
      const s = await session('2001', '10119');
      const boundary = 'xxBOUNDARYxx';
      const stream = trickle();
      const pending = fetch(t.url(`${base()}/resolve/uploads`), {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${s.session_token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
        },
        body: stream.body,
        duplex: 'half',
      } as RequestInit);
      stream.push(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      );
      // A real JPEG start: the type is sniffed first, the size is cut while the bytes stream.
      stream.push(JPEG.subarray(0, 12));
      for (let i = 0; i < 20; i++) stream.push(new Uint8Array(8192).fill(0xff));
      stream.push(`\r\n--${boundary}--\r\n`);
      stream.end();
      const response = await pending;
      expect(response.status).toBe(413);
      expect(apiErrorBodySchema.parse(await response.json()).key).toBe('upload_too_large');
    });

    it('cuts off a JSON body streamed past 1 MiB (413), and a declared one before reading it', async () => {
      const stream = trickle();
      const pending = fetch(t.url(`${base()}/orders`), {
        method: 'PUT',
        headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json' },
        body: stream.body,
        duplex: 'half',
      } as RequestInit);
      stream.push('{"order_number":"');
      for (let i = 0; i < 17; i++) stream.push('x'.repeat(65_536));
      stream.push('"}');
      stream.end();
      const response = await pending;
      expect(response.status).toBe(413);
      expect(apiErrorBodySchema.parse(await response.json()).key).toBe('payload_too_large');
    });

    it('tells an expired file link (file_url_expired) from a forged one (link_invalid), both 403', async () => {
      const s = await session('2001', '10119');
      const body = uploadResponseSchema.parse(await (await upload(s.session_token, JPEG)).json());
      const url = new URL(body.url as string);
      const forged = new URL(url);
      // Change the first character: the last one of a base64url HMAC carries bits no decoder reads,
      // so editing the end can leave the signature valid.
      const signature = url.searchParams.get('signature') ?? '';
      forged.searchParams.set('signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
      const forgedResponse = await fetch(forged);
      expect(forgedResponse.status).toBe(403);
      expect(apiErrorBodySchema.parse(await forgedResponse.json()).key).toBe('link_invalid');
      // The only way to an expired link that verifies: sign one that expired (a fresh server's secret differs).
      const { signedFileUrl } = await import('../../src/server/tokens.js');
      const { Signer, loadSigningSecret } = await import('../../src/server/signing.js');
      const signer = new Signer(await loadSigningSecret(t.api.db));
      const expired = signedFileUrl(signer, t.api.origin, body.id, 60, Date.now() - 3_600_000);
      const expiredResponse = await fetch(expired);
      expect(expiredResponse.status).toBe(403);
      expect(apiErrorBodySchema.parse(await expiredResponse.json()).key).toBe('file_url_expired');
    });

    it('caps the number of uploads per session (422 upload_limit_reached)', async () => {
      const s = await session('2001', '10119');
      const { MAX_UPLOADS_PER_SESSION } = await import('../../src/server/routes/customer.js');
      for (let i = 0; i < MAX_UPLOADS_PER_SESSION; i += 10) {
        const batch = Array.from({ length: Math.min(10, MAX_UPLOADS_PER_SESSION - i) }, () =>
          upload(s.session_token, JPEG),
        );
        for (const response of await Promise.all(batch)) expect(response.status).toBe(201);
      }
      const over = await upload(s.session_token, JPEG);
      expect(over.status).toBe(422);
      expect(apiErrorBodySchema.parse(await over.json()).key).toBe('upload_limit_reached');
    });
  });

  describe('CORS and auth on the customer routes', () => {
    it.each(['sessions', 'uploads', 'claims'])('answers the preflight of %s for any origin', async (route) => {
      const response = await fetch(t.url(`${base()}/resolve/${route}`), {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://help.brand.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(response.status).toBeLessThan(300);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    });

    it('refuses merchant calls with a key of another shop, a malformed header or none (401 + WWW-Authenticate)', async () => {
      const { createApiKey, ensureShop } = await import('../../src/server/shops.js');
      const otherKey = await createApiKey(t.api.db, await ensureShop(t.api.db, 'other-shop', 'Other'));
      const headers = [
        `Basic ${Buffer.from(`test-shop:${otherKey}`).toString('base64')}`,
        `Basic ${Buffer.from('test-shop:krs_wrong').toString('base64')}`,
        'Basic !!!',
        `Bearer ${'x'.repeat(40)}`,
      ];
      for (const authorization of headers) {
        const response = await fetch(t.url(`${base()}/claims`), { headers: { Authorization: authorization } });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toContain('Basic');
      }
      const none = await fetch(t.url(`${base()}/orders`));
      expect(none.status).toBe(401);
      expect(apiErrorBodySchema.parse(await none.json()).key).toBe('unauthorized');
    });
  });

  it('answers hostile query strings and path segments on merchant and public routes with 4xx, never 5xx', async () => {
    const junk = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 50 }),
      fc.constantFrom(
        '__proto__',
        'constructor',
        '-1',
        '0',
        '101',
        '1e3',
        'NaN',
        '9'.repeat(40),
        '%00',
        '../../etc/passwd',
        'null',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        junk,
        junk,
        fc.constantFrom('orders', 'claims', 'claim', 'slug', 'file', 'link'),
        async (a, b, route) => {
          const q = (name: string, value: string) => `${name}=${encodeURIComponent(value)}`;
          const path =
            route === 'orders'
              ? `${base()}/orders?${q('page', a)}&${q('per_page', b)}&${q('zip_code', a)}`
              : route === 'claims'
                ? `${base()}/claims?${q('status', a)}&${q('per_page', b)}&${q('resolution_preference', b)}`
                : route === 'claim'
                  ? `${base()}/claims/${encodeURIComponent(a)}`
                  : route === 'slug'
                    ? `/v1/shops/${encodeURIComponent(a)}/resolve/embed-config`
                    : route === 'file'
                      ? `/v1/files/${encodeURIComponent(a)}?${q('expires', b)}&${q('signature', a)}`
                      : `${base()}/orders/${encodeURIComponent(a || 'x')}/resolve-link`;
          const response = await fetch(t.url(path), {
            method: route === 'link' ? 'POST' : 'GET',
            headers: { Authorization: t.merchantAuth },
          });
          expect(response.status, path).toBeLessThan(500);
          if (response.status >= 400) apiErrorBodySchema.parse(await response.json());
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 120) },
    );
  });

  it('answers claim drafts that pass the schema but break the rules with 4xx (or a claim), never 5xx', async () => {
    const s = await session('2003', '00-950');
    const photo = uploadResponseSchema.parse(await (await upload(s.session_token, JPEG)).json()).id;
    const uploadId = fc.oneof(
      fc.constant(photo),
      fc.uuid({ version: 4 }),
      fc.constant('00000000-0000-4000-8000-000000000000'),
    );
    const drafts = fc.record(
      {
        flow_type: fc.constantFrom(
          'defective',
          'notReceived',
          'return',
          'missingProduct',
          'wrongProduct',
          'dissatisfied',
          'support',
        ),
        selected_items: fc.array(
          fc.record(
            {
              sku: fc.oneof(fc.constant('MUG'), fc.string({ minLength: 1, maxLength: 128 })),
              quantity: fc.integer({ min: 1, max: 100_000 }),
              upload_ids: fc.array(uploadId, { maxLength: 3 }),
            },
            { requiredKeys: ['sku', 'quantity'] },
          ),
          { maxLength: 3 },
        ),
        upload_ids: fc.array(uploadId, { maxLength: 3 }),
        package_upload_ids: fc.array(uploadId, { maxLength: 2 }),
        signature_upload_id: uploadId,
        dropoff_permission: fc.boolean(),
        description: fc.string({ maxLength: 5000, unit: 'grapheme' }),
        resolution_preference: fc.constantFrom('refund', 'reorder'),
        language: fc.constantFrom('en', 'de', 'pl'),
        shipment_id: fc.oneof(fc.constant('S-2003'), fc.string({ minLength: 1, maxLength: 128 })),
      },
      { requiredKeys: ['flow_type', 'selected_items', 'resolution_preference', 'language'] },
    );
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(drafts, async (draft) => {
        const response = await fetch(t.url(`${base()}/resolve/claims`), {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${s.session_token}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': `fuzz-draft-${counter++}-${Date.now()}`,
          },
          body: JSON.stringify(draft),
        });
        expect(response.status, JSON.stringify(draft).slice(0, 300)).toBeLessThan(500);
        if (response.status >= 400) apiErrorBodySchema.parse(await response.json());
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });

  it('creates only the claim that has the photos the default settings want', async () => {
    const s = await session('2001', '10119');
    const photo = uploadResponseSchema.parse(await (await upload(s.session_token, JPEG)).json()).id;
    for (const [i, key] of ['photo-key-0001', 'photo-key-0002', 'photo-key-0003'].entries()) {
      const response = await fetch(t.url(`${base()}/resolve/claims`), {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${s.session_token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': key,
        },
        body: JSON.stringify({
          flow_type: 'defective',
          resolution_preference: 'refund',
          language: 'en',
          description: `Broken ${i}`,
          selected_items: [{ sku: 'MUG', quantity: 1, upload_ids: i === 0 ? [photo] : [] }],
          ...(i === 0 ? {} : { upload_ids: [] }),
        }),
      });
      // Claims 2 and 3 have no photo: the default settings want one, so only claim 1 is created.
      expect(response.status).toBe(i === 0 ? 201 : 422);
    }
  });

  it('finishes a request in flight when closed, then refuses new connections', async () => {
    const server = await startApiServer({
      ...store.options,
      port: 0,
      log: () => {},
      ...(backend.name === 'pglite' ? { dataDir: ':memory:' } : {}),
    });
    try {
      const stream = trickle();
      const pending = fetch(`http://127.0.0.1:${server.port}/v1/shops/no-such-shop/resolve/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: stream.body,
        duplex: 'half',
      } as RequestInit);
      stream.push('{"order_number":"1",');
      await sleep(150);
      const closed = server.close();
      await sleep(150);
      stream.push('"zip_code":"10119"}');
      stream.end();
      const response = await pending;
      expect(response.status).toBe(404);
      expect(apiErrorBodySchema.parse(await response.json()).key).toBe('shop_not_found');
      await closed;
      await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it.skipIf(backend.name !== 'pglite')('refuses a second server on the same PGlite data directory', async () => {
    await expect(startApiServer({ ...store.options, port: 0, log: () => {} })).rejects.toThrow(/in use|already open/);
  });

  it.skipIf(backend.name !== 'pglite')('takes over a lock left by a process that died', async () => {
    const { mkdtempSync, rmSync, writeFileSync, existsSync } = await import('node:fs');
    const { spawnSync } = await import('node:child_process');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'resolve-stale-lock-'));
    try {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      });
      writeFileSync(join(dir, 'pglite.lock'), dead.stdout);
      const server = await startApiServer({ dataDir: dir, port: 0, log: () => {} });
      await server.close();
      expect(existsSync(join(dir, 'pglite.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(backend.name !== 'postgres')(
    'lets several API processes share one PostgreSQL (migrations under a lock)',
    async () => {
      const [a, b] = await Promise.all([
        startApiServer({ ...store.options, port: 0, log: () => {} }),
        startApiServer({ ...store.options, port: 0, log: () => {} }),
      ]);
      try {
        const response = await fetch(`http://127.0.0.1:${b.port}${base()}/orders?order_number=2001`, {
          headers: { Authorization: t.merchantAuth },
        });
        expect(response.status).toBe(200);
        expect(a.port).not.toBe(b.port);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    },
  );
});

describe('configuration from the environment', () => {
  it('has safe defaults: loopback, port 4100, .data, 15 MB uploads, 5 failures per order and 20 per address per 15 minutes', () => {
    const options = optionsFromEnv({});
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 4100,
      dataDir: '.data',
      publicOrigin: 'http://localhost:4100',
      appOrigin: 'https://app.gokarla.io',
      uploadLimitBytes: 15 * 1024 * 1024,
      lookupThrottle: { maxFailures: 5, maxFailuresPerClient: 20, windowMs: 900_000 },
      trustProxyHops: 0,
    });
    expect(options.databaseUrl).toBeUndefined();
    expect(options.signingSecret).toBeUndefined();
  });

  it('reads every variable', () => {
    const options = optionsFromEnv({
      PORT: '8080',
      HOST: '0.0.0.0',
      PUBLIC_ORIGIN: 'https://api.example.com/ignored-path',
      APP_ORIGIN: 'https://app.example.com',
      DATA_DIR: '/var/lib/resolve',
      DATABASE_URL: 'postgres://u:p@db/resolve',
      UPLOAD_DIR: '/srv/uploads',
      SIGNING_SECRET: 's'.repeat(40),
      UPLOAD_LIMIT_BYTES: '1048576',
      LOOKUP_MAX_FAILURES: '3',
      LOOKUP_MAX_FAILURES_PER_CLIENT: '30',
      LOOKUP_WINDOW_SECONDS: '60',
      SIGN_IN_MAX_FAILURES: '4',
      SIGN_IN_MAX_FAILURES_PER_CLIENT: '40',
      SIGN_IN_WINDOW_SECONDS: '120',
      TRUST_PROXY_HOPS: '1',
      SHUTDOWN_TIMEOUT_MS: '2000',
      SECRETS_KEY: 'k'.repeat(32),
      HELPDESK_ALLOW_LOOPBACK: '1',
      DIXA_API_ORIGIN: 'http://dixa.localhost:4520/ignored',
      DELIVERY_POLL_MS: '250',
      DELIVERY_LEASE_SECONDS: '30',
      DELIVERY_MAX_ATTEMPTS: '5',
      DELIVERY_RETRY_BASE_MS: '100',
      DELIVERY_RETRY_MAX_MS: '1000',
      CLAIM_LIMIT_PER_ORDER: '0',
      CLAIM_LIMIT_PER_SESSION: '3',
      CLAIM_DUPLICATE_WINDOW_SECONDS: '60',
      UPLOAD_MAX_FILES_PER_SESSION: '10',
      UPLOAD_MAX_BYTES_PER_SESSION: '2048000',
      UPLOAD_MAX_FILES_PER_ORDER: '30',
      UPLOAD_MAX_BYTES_PER_ORDER: '4096000',
    });
    expect(options).toEqual({
      host: '0.0.0.0',
      port: 8080,
      publicOrigin: 'https://api.example.com',
      appOrigin: 'https://app.example.com',
      dataDir: '/var/lib/resolve',
      databaseUrl: 'postgres://u:p@db/resolve',
      uploadDir: '/srv/uploads',
      signingSecret: 's'.repeat(40),
      uploadLimitBytes: 1_048_576,
      uploadQuota: {
        maxFilesPerSession: 10,
        maxBytesPerSession: 2_048_000,
        maxFilesPerOrder: 30,
        maxBytesPerOrder: 4_096_000,
      },
      lookupThrottle: { maxFailures: 3, maxFailuresPerClient: 30, windowMs: 60_000 },
      signInThrottle: { maxFailures: 4, maxFailuresPerClient: 40, windowMs: 120_000 },
      trustProxyHops: 1,
      shutdownTimeoutMs: 2000,
      claimLimits: { perOrder: 0, perSession: 3, duplicateWindowSeconds: 60 },
      secretsKey: 'k'.repeat(32),
      helpdesks: { allowLoopbackHosts: true, dixaBaseUrl: 'http://dixa.localhost:4520' },
      deliveryWorker: {
        pollIntervalMs: 250,
        leaseMs: 30_000,
        maxAttempts: 5,
        backoff: { baseMs: 100, capMs: 1000, minMs: 100 },
      },
    });
    expect(optionsFromEnv({ DELIVERY_WORKER: 'off' }).deliveryWorker).toBe(false);
    expect(optionsFromEnv({}).helpdesks).toEqual({ allowLoopbackHosts: false });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['UPLOAD_LIMIT_BYTES', '-1'],
    ['UPLOAD_MAX_FILES_PER_ORDER', '0'],
    ['BLOB_STORE', 'ftp'],
    ['BLOB_STORE', 's3'],
    ['LOOKUP_MAX_FAILURES', '0'],
    ['SIGNING_SECRET', 'too-short'],
    ['PUBLIC_ORIGIN', 'not a url'],
    ['APP_ORIGIN', 'ftp://x.example'],
    ['TRUST_PROXY_HOPS', '1.5'],
    ['SECRETS_KEY', 'too-short'],
    ['HELPDESK_ALLOW_LOOPBACK', 'maybe'],
    ['DELIVERY_WORKER', 'sometimes'],
    ['DELIVERY_LEASE_SECONDS', '0'],
    // Never a clear-text Dixa API unless a loopback stand-in was allowed on purpose.
    ['DIXA_API_ORIGIN', 'http://dixa.example.com'],
    ['DIXA_API_ORIGIN', 'http://127.0.0.1:4520'],
    ['CLAIM_LIMIT_PER_ORDER', '-1'],
    ['CLAIM_LIMIT_PER_SESSION', 'many'],
    ['CLAIM_DUPLICATE_WINDOW_SECONDS', '1.5'],
  ])('refuses %s=%j with a message naming it', (name, value) => {
    expect(() => optionsFromEnv({ [name]: value })).toThrow(name);
  });
});
