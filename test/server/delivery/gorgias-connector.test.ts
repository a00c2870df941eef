import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGorgiasStandIn, type GorgiasStandIn } from '../../../demo/gorgias-stand-in/index.js';
import { DEFAULT_GORGIAS_USER } from '../../../demo/gorgias-stand-in/state.js';
import { locales } from '../../../locales/index.js';
import { DeliveryError } from '../../../src/server/delivery/errors.js';
import {
  deliverClaimToGorgias,
  listGorgiasTicketFields,
  normalizeGorgiasCredentials,
  normalizeGorgiasEndpoint,
  verifyGorgiasCredentials,
  type GorgiasDeliverySettings,
  type GorgiasOptions,
} from '../../../src/server/delivery/gorgias.js';
import { PacerRegistry } from '../../../src/server/delivery/pacing.js';
import type { AttemptContext } from '../../../src/server/delivery/progress.js';
import {
  CLAIM_ID,
  JPEG,
  PACKAGE,
  PHOTO_A,
  PHOTO_B,
  PNG,
  TestFiles,
  VirtualClock,
  deliverWithRetries,
  sampleInput,
  singleAttempt,
} from './support.js';

let gorgias: GorgiasStandIn;
let clock: VirtualClock;
let options: GorgiasOptions;
const files = new TestFiles();

beforeAll(async () => {
  clock = new VirtualClock();
  gorgias = await startGorgiasStandIn({
    now: () => clock.now(),
    users: [
      {},
      { email: 'observer@acme.test', api_key: 'observer-key', role: 'observer-agent' },
      { email: 'lite@acme.test', api_key: 'lite-key', role: 'lite-agent' },
    ],
    uploadLimitBytes: 64 * 1024,
  });
  await files.start();
});
afterAll(async () => {
  await gorgias.close();
  await files.stop();
});
beforeEach(() => {
  gorgias.state.reset();
  clock = new VirtualClock(clock.now() + 60_000);
  // One registry per test: a fresh bucket, on this test's clock.
  options = { allowInsecureHostsForTesting: true, clock, pacers: new PacerRegistry(clock), timeoutMs: 2_000 };
  files.blobs.delete('44444444-4444-4444-8444-444444444444');
});

const settings = (overrides: Partial<GorgiasDeliverySettings> = {}): GorgiasDeliverySettings => ({
  endpoint: gorgias.origin,
  email: DEFAULT_GORGIAS_USER.email,
  api_key: DEFAULT_GORGIAS_USER.api_key,
  ...overrides,
});

const deliver = (context: AttemptContext, input = sampleInput(), overrides: Partial<GorgiasDeliverySettings> = {}) =>
  deliverClaimToGorgias(input, settings(overrides), { ...options, ...context, files });

describe('Gorgias settings normalization', () => {
  it.each([
    ['  https://acme.gorgias.com  ', 'https://acme.gorgias.com'],
    ['https://acme.gorgias.com/', 'https://acme.gorgias.com'],
    ['https://acme.gorgias.com///', 'https://acme.gorgias.com'],
    ['HTTPS://ACME.Gorgias.COM', 'https://acme.gorgias.com'],
    ['acme.gorgias.com', 'https://acme.gorgias.com'],
    ['https://acme.gorgias.com/api/', 'https://acme.gorgias.com'],
    ['https://my-shop-2.gorgias.com:443', 'https://my-shop-2.gorgias.com'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeGorgiasEndpoint(raw)).toEqual({ ok: true, endpoint: expected });
  });

  it.each([
    ['http://acme.gorgias.com', 'gorgias_endpoint_not_https'],
    ['https://acme.gorgias.com.evil.com', 'gorgias_endpoint_host'],
    ['https://gorgias.com', 'gorgias_endpoint_host'],
    ['https://evilgorgias.com', 'gorgias_endpoint_host'],
    ['https://a.b.gorgias.com', 'gorgias_endpoint_host'],
    ['https://acme.gorgias.com:8443', 'gorgias_endpoint_host'],
    ['https://acme.gorgias.com/app/tickets', 'gorgias_endpoint_path'],
    ['https://acme.gorgias.com/?next=x', 'gorgias_endpoint_path'],
    ['https://acme.gorgias.com#x', 'gorgias_endpoint_path'],
    ['https://user:pw@acme.gorgias.com', 'gorgias_endpoint_invalid'],
    ['ftp://acme.gorgias.com', 'gorgias_endpoint_invalid'],
    ['', 'gorgias_endpoint_invalid'],
    ['   ', 'gorgias_endpoint_invalid'],
    ['https://', 'gorgias_endpoint_invalid'],
    ['http://127.0.0.1:4310', 'gorgias_endpoint_not_https'],
  ])('refuses %j (%s)', (raw, key) => {
    expect(normalizeGorgiasEndpoint(raw)).toEqual({ ok: false, key });
  });

  it('accepts loopback http only with the explicit testing switch', () => {
    expect(normalizeGorgiasEndpoint('http://127.0.0.1:4310/', { allowInsecureHostsForTesting: true })).toEqual({
      ok: true,
      endpoint: 'http://127.0.0.1:4310',
    });
    expect(normalizeGorgiasEndpoint('http://evil.test', { allowInsecureHostsForTesting: true })).toEqual({
      ok: false,
      key: 'gorgias_endpoint_not_https',
    });
  });

  it('trims the email and key and reports every field at once', () => {
    expect(
      normalizeGorgiasCredentials({
        endpoint: ' acme.gorgias.com/ ',
        email: ' agent@acme.test\t',
        api_key: '  key123 \n',
      }),
    ).toEqual({
      ok: true,
      value: { endpoint: 'https://acme.gorgias.com', email: 'agent@acme.test', api_key: 'key123' },
    });
    expect(
      normalizeGorgiasCredentials({ endpoint: 'gorgias.com.evil.com', email: 'not an email', api_key: '   ' }),
    ).toEqual({
      ok: false,
      errors: [
        { field: 'endpoint', key: 'gorgias_endpoint_host' },
        { field: 'email', key: 'gorgias_email_invalid' },
        { field: 'api_key', key: 'gorgias_api_key_missing' },
      ],
    });
  });
});

describe('verifyGorgiasCredentials', () => {
  it('accepts good credentials (spaces around them included) without creating anything', async () => {
    const result = await verifyGorgiasCredentials(
      {
        endpoint: ` ${gorgias.origin}/ `,
        email: ` ${DEFAULT_GORGIAS_USER.email}\t`,
        api_key: `  ${DEFAULT_GORGIAS_USER.api_key}\n`,
      },
      options,
    );
    expect(result).toEqual({ ok: true, value: { domain: 'acme' } });
    expect(gorgias.state.tickets).toHaveLength(0);
    expect(gorgias.state.requestsTo('GET', '/api/account')).toHaveLength(1);
  });

  it('logs its permission probe as what it is: a 400 there is expected, not a failure', async () => {
    const lines: string[] = [];
    const result = await verifyGorgiasCredentials(settings({}), { ...options, log: (line) => lines.push(line) });
    expect(result.ok).toBe(true);
    const probe = lines.find((line) => line.startsWith('POST /api/tickets'));
    expect(probe).toMatch(
      /^POST \/api\/tickets \(permission probe: an empty ticket, 400 expected, nothing created\) 400 \d+ms$/,
    );
  });

  it.each([
    ['a wrong key', { api_key: 'nope' }, 'gorgias_auth_failed'],
    ['a wrong email', { email: 'other@acme.test' }, 'gorgias_auth_failed'],
    [
      'an observer (no write permission)',
      { email: 'observer@acme.test', api_key: 'observer-key' },
      'gorgias_permission_denied',
    ],
    ['a lite agent (no API access)', { email: 'lite@acme.test', api_key: 'lite-key' }, 'gorgias_permission_denied'],
  ])('maps %s to its key', async (_name, overrides, key) => {
    const result = await verifyGorgiasCredentials(settings(overrides), options);
    expect(result).toMatchObject({ ok: false, key, retryable: false });
    expect(gorgias.state.tickets).toHaveLength(0);
  });

  it('refuses invalid settings before sending anything', async () => {
    expect(
      await verifyGorgiasCredentials(
        { endpoint: 'https://acme.gorgias.com.evil.com', email: 'a@b.co', api_key: 'k' },
        options,
      ),
    ).toMatchObject({ ok: false, key: 'gorgias_endpoint_host' });
    expect(await verifyGorgiasCredentials(settings({ api_key: '   ' }), options)).toMatchObject({
      ok: false,
      key: 'gorgias_api_key_missing',
    });
    expect(gorgias.state.requests).toHaveLength(0);
  });

  it('maps an unknown account (404) and a host that does not resolve to gorgias_account_not_found', async () => {
    gorgias.state.accountExists = false;
    expect(await verifyGorgiasCredentials(settings(), options)).toMatchObject({
      ok: false,
      key: 'gorgias_account_not_found',
      status: 404,
    });
    const dnsFailure: typeof fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND nope.gorgias.com'), { code: 'ENOTFOUND' }),
      });
    };
    const result = await verifyGorgiasCredentials(
      { endpoint: 'https://nope.gorgias.com', email: 'a@b.co', api_key: 'k' },
      { ...options, fetch: dnsFailure },
    );
    expect(result).toMatchObject({ ok: false, key: 'gorgias_account_not_found', retryable: false });
  });

  it('reports outages as retryable, never as bad credentials', async () => {
    gorgias.state.failNext({ status: 503 });
    expect(await verifyGorgiasCredentials(settings(), options)).toMatchObject({
      ok: false,
      key: 'delivery_server_error',
      retryable: true,
      status: 503,
    });
    const refused = await verifyGorgiasCredentials(settings({ endpoint: 'http://127.0.0.1:9' }), options);
    expect(refused).toMatchObject({ ok: false, key: 'delivery_network_error', retryable: true });
  });
});

describe('deliverClaimToGorgias: the requests it sends', () => {
  it('uploads every file, then creates one ticket with everything the claim says', async () => {
    const input = sampleInput({ language: 'de' });
    const context = singleAttempt();
    const result = await deliver(context, input, {
      tags: {
        flow_type: { enabled: true, names: { defective: 'Beschädigt' } },
        resolution_preference: { enabled: true },
        shipment_phase: { enabled: true },
        always: ['resolve', 'Resolve'],
      },
      custom_fields: [
        { field_id: 11, source: 'order_number' },
        { field_id: 12, source: 'flow_type' },
        { field_id: 13, source: 'net_invoice_amount' },
        { field_id: 14, source: 'claim_id' }, // deactivated: skipped with a warning
      ],
    });

    // Uploads: multipart, the field named after the file (Gorgias labels files by field name),
    // readable names, the real bytes and types.
    const uploads = gorgias.state.requestsTo('POST', '/api/upload');
    expect(uploads.map((r) => r.query)).toEqual([
      { type: 'attachment' },
      { type: 'attachment' },
      { type: 'attachment' },
    ]);
    expect(uploads.map((r) => r.body)).toEqual([
      {
        multipart: [
          { field: 'photo-MUG-01-1.jpg', filename: 'photo-MUG-01-1.jpg', contentType: 'image/jpeg', size: JPEG.length },
        ],
      },
      {
        multipart: [
          { field: 'photo-MUG-01-2.png', filename: 'photo-MUG-01-2.png', contentType: 'image/png', size: PNG.length },
        ],
      },
      {
        multipart: [{ field: 'package-1.png', filename: 'package-1.png', contentType: 'image/png', size: PNG.length }],
      },
    ]);
    // The stand-in wrote the second size as a string ("…"), as Gorgias's example does: the
    // attachment still carries the number.
    const sent = (
      gorgias.state.requestsTo('POST', '/api/tickets')[0]!.body as { messages: { attachments: { size: unknown }[] }[] }
    ).messages[0]!.attachments;
    expect(sent.map((a) => a.size)).toEqual([JPEG.length, PNG.length, PNG.length]);
    expect(
      [...gorgias.state.uploads.values()].map((u) =>
        Buffer.from(u.bytes).equals(u.contentType === 'image/jpeg' ? JPEG : PNG),
      ),
    ).toEqual([true, true, true]);

    // Every request: Basic email:api_key.
    const expectedAuth = `Basic ${Buffer.from(`${DEFAULT_GORGIAS_USER.email}:${DEFAULT_GORGIAS_USER.api_key}`).toString('base64')}`;
    expect(gorgias.state.requests.every((r) => r.headers.authorization === expectedAuth)).toBe(true);

    const [create] = gorgias.state.requestsTo('POST', '/api/tickets');
    const body = create!.body as Record<string, any>;
    const de = locales.de.delivery;
    expect(body).toMatchObject({
      channel: 'api',
      via: 'api',
      from_agent: false,
      customer: { email: 'jane@example.com', name: 'Jane Doe' },
      subject: `${de.reason.partial_damage} – Bestellung #1001 [2F1C3B4A]`,
      external_id: CLAIM_ID,
      language: 'de',
      tags: [{ name: 'resolve' }, { name: 'Beschädigt' }, { name: 'wants-refund' }, { name: 'shipment-delivered' }],
      custom_fields: [
        { id: 11, value: '#1001' },
        { id: 12, value: 'defective' },
        { id: 13, value: 59.8 },
      ],
      meta: { resolve: { claim_id: CLAIM_ID, order_number: '#1001', flow_type: 'defective' } },
    });
    expect(body.messages).toHaveLength(1);
    const message = body.messages[0];
    expect(message).toMatchObject({
      channel: 'api',
      via: 'api',
      from_agent: false,
      sender: { email: 'jane@example.com', name: 'Jane Doe' },
    });
    expect(message.attachments.map((a: { name: string }) => a.name)).toEqual([
      'photo-MUG-01-1.jpg',
      'photo-MUG-01-2.png',
      'package-1.png',
    ]);
    expect(message.attachments.every((a: { url: string }) => a.url.startsWith(`${gorgias.origin}/uploads/`))).toBe(
      true,
    );
    for (const fact of [
      'The mug arrived broken.',
      de.flow.defective,
      de.preference.refund,
      '#1001',
      'dhl',
      '00340434161234567890',
      de.phase.delivered,
      '2 × Stoneware mug (SKU MUG-01)',
      CLAIM_ID,
    ]) {
      expect(message.body_text).toContain(fact);
    }
    expect(message.body_html).toContain('Plate &quot;Nordic&quot;');
    expect(message.body_html).toContain('The mug arrived broken.<br>The handle is off.');

    expect(result).toMatchObject({ recovered: false, remoteUrl: `${gorgias.origin}/app/ticket/${result.remoteId}` });
    expect(result.warnings.map((w) => w.code)).toEqual(['custom_field_skipped']);
    expect(gorgias.state.ticketsFor(CLAIM_ID)).toHaveLength(1);
    expect(gorgias.state.customers.map((c) => c.email)).toEqual(['jane@example.com']);
    // Progress was checkpointed before the create and after it.
    expect(context.saved.at(-2)).toMatchObject({ create_sent_at: expect.any(String) });
    expect(context.saved.at(-1)).toMatchObject({ remote_id: result.remoteId });
    expect(context.saved.at(-1)!.uploaded).toHaveProperty(PHOTO_A);
  });

  it('escapes what customers and merchant systems wrote', async () => {
    const input = sampleInput({
      attachments: false,
      claim: {
        description: '<img src=x onerror=alert(1)>',
        selected_items: [
          {
            sku: 'S<1>',
            title: '<script>alert(2)</script>',
            quantity: 1,
            net_price: 1,
            image_urls: [],
            product_image_url: null,
          },
        ],
      },
    });
    await deliver(singleAttempt(), input);
    const html = (gorgias.state.tickets[0]!.messages[0]!.body_html ?? '') as string;
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    const page = await (await fetch(`${gorgias.origin}/`)).text();
    expect(page).not.toMatch(/<img src=x|<script>alert/);
  });

  it('matches an existing customer by email and never sends a second request for it', async () => {
    await deliver(singleAttempt(), sampleInput({ attachments: false }));
    await deliver(
      singleAttempt(),
      sampleInput({ attachments: false, claim: { uuid: '5a5a5a5a-5a5a-4a5a-8a5a-5a5a5a5a5a5a' } }),
    );
    expect(gorgias.state.customers).toHaveLength(1);
    expect(gorgias.state.tickets.map((t) => t.customer.id)).toEqual([
      gorgias.state.customers[0]!.id,
      gorgias.state.customers[0]!.id,
    ]);
  });
});

describe('deliverClaimToGorgias: exactly one ticket when Gorgias misbehaves', () => {
  it('waits out a 429 with Retry-After, then creates once', async () => {
    gorgias.state.failNext({ status: 429, retryAfter: 3, method: 'POST', path: '/api/tickets' });
    const { result, attempts } = await deliverWithRetries((ctx) => deliver(ctx));
    expect(attempts).toBe(1);
    expect(clock.sleeps).toContain(3_000);
    expect(gorgias.state.ticketsFor(CLAIM_ID)).toHaveLength(1);
    expect(result.recovered).toBe(false);
  });

  it('hands a long Retry-After to the worker as a retryable failure carrying the wait', async () => {
    gorgias.state.failNext({ status: 429, retryAfter: 120, method: 'POST', path: '/api/tickets' });
    const error = await deliver(singleAttempt(), sampleInput({ attachments: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      retryAfterMs: 120_000,
      key: 'delivery_rate_limited',
    });
    expect(gorgias.state.tickets).toHaveLength(0);
  });

  it('retries a 500 that happened before the ticket existed: one ticket', async () => {
    gorgias.state.failNext({ status: 500, method: 'POST', path: '/api/tickets' });
    const { attempts, failures, result } = await deliverWithRetries((ctx) => deliver(ctx));
    expect(attempts).toBe(2);
    expect(failures[0]).toMatchObject({ kind: 'server', status: 500, retryable: true });
    expect(result.recovered).toBe(false);
    expect(gorgias.state.ticketsFor(CLAIM_ID)).toHaveLength(1);
    // The retry looked first, found nothing, and did not upload the photos again.
    expect(gorgias.state.requestsTo('GET', '/api/tickets')).toHaveLength(1);
    expect(gorgias.state.requestsTo('POST', '/api/upload')).toHaveLength(3);
  });

  it('finds the ticket a 500 "after processing" created instead of creating another', async () => {
    gorgias.state.failNext({ status: 500, method: 'POST', path: '/api/tickets', afterProcessing: true });
    const { attempts, result } = await deliverWithRetries((ctx) => deliver(ctx));
    expect(attempts).toBe(2);
    expect(result.recovered).toBe(true);
    expect(gorgias.state.ticketsFor(CLAIM_ID)).toHaveLength(1);
    expect(result.remoteId).toBe(String(gorgias.state.tickets[0]!.id));
    expect(gorgias.state.requestsTo('POST', '/api/tickets')).toHaveLength(1);
  });

  it('finds the ticket after a timeout (Gorgias slow to answer a create it did)', async () => {
    gorgias.state.delayNext(1_500, { method: 'POST', path: '/api/tickets' });
    // The create request has its own (longer) timeout: a fetch that gives up sooner stands in for it.
    const impatient: typeof fetch = (url, init) =>
      fetch(url, {
        ...init,
        signal: AbortSignal.any([init?.signal ?? new AbortController().signal, AbortSignal.timeout(300)]),
      });
    const { failures, result } = await deliverWithRetries((ctx) =>
      deliverClaimToGorgias(sampleInput(), settings(), { ...options, ...ctx, files, fetch: impatient }),
    );
    expect(failures[0]).toMatchObject({ kind: 'timeout', retryable: true, key: 'delivery_timeout' });
    expect(result.recovered).toBe(true);
    expect(gorgias.state.ticketsFor(CLAIM_ID)).toHaveLength(1);
  });

  it('finds the ticket after the connection dropped right after the create', async () => {
    gorgias.state.dropConnectionAfterCreate(1);
    const { failures, result } = await deliverWithRetries((ctx) => deliver(ctx));
    expect(failures[0]).toMatchObject({ kind: 'network', retryable: true });
    expect(result.recovered).toBe(true);
    expect(gorgias.state.ticketsFor(CLAIM_ID)).toHaveLength(1);
  });

  it('finds a ticket the merchant trashed meanwhile (trashed=true) instead of creating a second one', async () => {
    await deliver(singleAttempt(), sampleInput({ attachments: false }));
    gorgias.state.trashTicket(gorgias.state.ticketsFor(CLAIM_ID)[0]!.id);
    const again = await deliver(
      singleAttempt({ create_sent_at: '2025-03-01T10:00:00.000Z' }, 2),
      sampleInput({ attachments: false }),
    );
    expect(again.recovered).toBe(true);
    expect(gorgias.state.ticketsFor(CLAIM_ID)).toHaveLength(1);
    expect(gorgias.state.requestsTo('GET', '/api/tickets').at(-1)!.query).toMatchObject({
      external_id: CLAIM_ID,
      trashed: 'true',
    });
  });

  it('looks before creating on any later attempt, even when no progress was stored', async () => {
    await deliver(singleAttempt(), sampleInput({ attachments: false }));
    const again = await deliver(singleAttempt({}, 3), sampleInput({ attachments: false }));
    expect(again.recovered).toBe(true);
    expect(gorgias.state.ticketsFor(CLAIM_ID)).toHaveLength(1);
  });

  it('returns at once when an earlier attempt recorded the ticket', async () => {
    const result = await deliver(singleAttempt({ remote_id: '4242' }, 2));
    expect(result).toMatchObject({ remoteId: '4242', recovered: true });
    expect(gorgias.state.requests).toHaveLength(0);
  });

  it('resumes uploads where a failed one stopped', async () => {
    // Let the first upload through, fail the second (before it reaches Gorgias).
    let uploadsSeen = 0;
    const flaky: typeof fetch = async (url, init) => {
      if (String(url).includes('/api/upload') && ++uploadsSeen === 2)
        return new Response('{"error":{"msg":"bad gateway"}}', { status: 502 });
      return fetch(url, init);
    };
    const { attempts } = await deliverWithRetries((ctx) =>
      deliverClaimToGorgias(sampleInput(), settings(), { ...options, ...ctx, files, fetch: flaky }),
    );
    expect(attempts).toBe(2);
    // The stand-in saw 1 upload, then (the second failed on the way) 2 more on the retry: none twice.
    expect(gorgias.state.requestsTo('POST', '/api/upload')).toHaveLength(3);
    expect(gorgias.state.tickets[0]!.messages[0]!.attachments).toHaveLength(3);
  });

  it('never creates when the checkpoint before the create cannot be stored', async () => {
    const context = { progress: {}, attempt: 1, checkpoint: async () => Promise.reject(new Error('database down')) };
    await expect(deliver(context, sampleInput({ attachments: false }))).rejects.toThrow('database down');
    expect(gorgias.state.requestsTo('POST', '/api/tickets')).toHaveLength(0);
  });
});

describe('deliverClaimToGorgias: failures that need a person', () => {
  it('stops on a validation error (400) and on revoked credentials (401)', async () => {
    gorgias.state.failNext({
      status: 400,
      method: 'POST',
      path: '/api/tickets',
      body: { error: { msg: 'Invalid parameters', data: { subject: ['bad'] } } },
    });
    await expect(deliver(singleAttempt(), sampleInput({ attachments: false }))).rejects.toMatchObject({
      kind: 'validation',
      key: 'helpdesk_rejected',
      retryable: false,
      status: 400,
    });
    await expect(
      deliver(singleAttempt(), sampleInput({ attachments: false }), { api_key: 'revoked' }),
    ).rejects.toMatchObject({ key: 'gorgias_auth_failed', retryable: false, status: 401 });
    await expect(
      deliver(singleAttempt(), sampleInput({ attachments: false }), { endpoint: 'https://acme.gorgias.com.evil.com' }),
    ).rejects.toMatchObject({ kind: 'config', key: 'gorgias_endpoint_host', retryable: false });
  });

  it('links a file Gorgias refuses as too large, and leaves out a file gone from storage, still creating the ticket', async () => {
    const big = '44444444-4444-4444-8444-444444444444';
    files.blobs.set(big, { bytes: new Uint8Array(128 * 1024), contentType: 'image/jpeg' });
    const input = sampleInput();
    input.attachments.push({ id: big, kind: 'package_photo', sku: null, contentType: 'image/jpeg', size: 128 * 1024 });
    input.attachments.push({
      id: '55555555-5555-4555-8555-555555555555',
      kind: 'photo',
      sku: null,
      contentType: 'image/jpeg',
      size: 1,
    });
    const context = singleAttempt();
    const result = await deliver(context, input);
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['attachment_missing', 'attachment_too_large']);
    const message = gorgias.state.tickets[0]!.messages[0]!;
    expect(message.attachments).toHaveLength(3);
    expect(message.body_text).toContain('package-2.jpg was too large to attach:');
    expect(message.body_html).toMatch(
      /package-2\.jpg was too large to attach: <a href="http:\/\/127\.0\.0\.1:\d+\/v1\/files\/44444444/,
    );
    expect(context.saved.at(-1)!.uploaded![big]).toBe('too_large');
    expect(files.signed.some((s) => s.id === big)).toBe(true);
  });
});

describe('pacing against the account limit', () => {
  it('delivers 15 claims (60+ requests) without a single 429, on virtual time', async () => {
    const start = clock.now();
    for (let n = 0; n < 15; n++) {
      await deliver(
        singleAttempt(),
        sampleInput({ claim: { uuid: `6b6b6b6b-6b6b-4b6b-8b6b-${String(n).padStart(12, '0')}` } }),
      );
    }
    const statuses = gorgias.state.requests.map((r) => r.status);
    expect(statuses.length).toBe(15 * 4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    // 60 requests against 40 per 20 s: at least 20 had to wait for the bucket to drain (½ s each).
    expect(clock.now() - start).toBeGreaterThanOrEqual(10_000);
    expect(gorgias.state.tickets).toHaveLength(15);
  });
});

describe('pacing with other traffic on the account', () => {
  it('delivers 8 claims concurrently without a 429', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        deliverClaimToGorgias(
          sampleInput({ claim: { uuid: `9e9e9e9e-9e9e-4e9e-8e9e-${String(n).padStart(12, '0')}` } }),
          settings(),
          {
            ...options,
            ...singleAttempt(),
            files,
            fetch: clock.fetch,
          },
        ),
      ),
    );
    expect(gorgias.state.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(gorgias.state.tickets).toHaveLength(8);
  });

  it('slows down when another integration already filled the account bucket (X-Gorgias-Account-Api-Call-Limit)', async () => {
    const auth = `Basic ${Buffer.from(`${DEFAULT_GORGIAS_USER.email}:${DEFAULT_GORGIAS_USER.api_key}`).toString('base64')}`;
    for (let n = 0; n < 37; n++) await fetch(`${gorgias.origin}/api/account`, { headers: { authorization: auth } });
    gorgias.state.requests = [];
    await deliver(singleAttempt());
    expect(gorgias.state.requests.map((r) => r.status)).not.toContain(429);
    // Our first request found 38/40 used: the rest waited for the bucket to drain.
    expect(clock.slept).toBeGreaterThanOrEqual(500);
  });
});

describe('answers as the real Gorgias writes them', () => {
  it('takes an upload answer whose size is a string ("784554") and delivers the claim', async () => {
    const stringSizes = await startGorgiasStandIn({ now: () => clock.now(), uploadSizeAs: 'string' });
    try {
      const result = await deliverClaimToGorgias(sampleInput(), settings({ endpoint: stringSizes.origin }), {
        ...options,
        ...singleAttempt(),
        files,
      });
      expect(result.recovered).toBe(false);
      const [ticket] = stringSizes.state.ticketsFor(CLAIM_ID);
      expect(ticket!.messages[0]!.attachments.map((a) => [a.name, a.size])).toEqual([
        ['photo-MUG-01-1.jpg', JPEG.length],
        ['photo-MUG-01-2.png', PNG.length],
        ['package-1.png', PNG.length],
      ]);
    } finally {
      await stringSizes.close();
    }
  });

  it('reads every page of custom fields: a mapped field beyond the first 100 is filled, not skipped', async () => {
    const filler = Array.from({ length: 150 }, (_, index) => ({
      id: 1000 + index,
      object_type: 'Ticket' as const,
      label: `Field ${index}`,
      definition: { data_type: 'text' as const, input_settings: { input_type: 'input' } },
      deactivated_datetime: null,
    }));
    gorgias.state.customFields = [...filler, ...gorgias.state.customFields];
    const result = await deliver(singleAttempt(), sampleInput({ attachments: false }), {
      custom_fields: [
        { field_id: 11, source: 'order_number' },
        { field_id: 1149, source: 'claim_id' },
      ],
    });
    expect(result.warnings).toEqual([]);
    expect(gorgias.state.tickets[0]!.custom_fields).toEqual([
      { id: 11, value: '#1001' },
      { id: 1149, value: CLAIM_ID },
    ]);
    const pages = gorgias.state.requestsTo('GET', '/api/custom-fields');
    expect(pages.map((r) => r.query.limit)).toEqual(['100', '100']);
    expect(pages[1]!.query.cursor).toEqual(expect.any(String));
    // The mapping screen lists them all as well.
    expect(await listGorgiasTicketFields(settings(), options)).toHaveLength(150 + 4);
  });
});

describe('upload bookkeeping', () => {
  it('keeps the uploaded descriptors in the progress', async () => {
    const context = singleAttempt();
    await deliver(context);
    const uploaded = context.saved.at(-1)!.uploaded!;
    expect(Object.keys(uploaded).sort()).toEqual([PHOTO_A, PHOTO_B, PACKAGE].sort());
  });
});
