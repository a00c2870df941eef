import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod/mini';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimEvent } from '../../../src/core/claim-events.js';
import { parseSignatureHeader, signWebhook, verifyWebhookSignature } from '../../../src/core/webhook-signature.js';
import {
  webhookCreateSchema,
  webhookEventSchema,
  webhookWantsEvent,
  webhookUpdateSchema,
} from '../../../src/core/webhooks.js';
import { PacerRegistry } from '../../../src/server/delivery/pacing.js';
import {
  checkWebhookTarget,
  deliverWebhook,
  generateWebhookSecret,
  validateWebhookUrl,
  type WebhookOptions,
} from '../../../src/server/delivery/webhooks.js';
import { isAllowedAddress } from '../../../src/server/net/address-policy.js';
import { CLAIM_ID, VirtualClock } from './support.js';

/**
 * A receiver written the way a merchant would, with node:crypto and nothing of ours: the
 * signature must hold up against an implementation that shares no code with the signer.
 */
function independentVerify(header: string | undefined, rawBody: Buffer, secret: string, nowSeconds: number): boolean {
  if (!header) return false;
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const [key, ...rest] = item.split('=');
    parts.set(key!, [...(parts.get(key!) ?? []), rest.join('=')]);
  }
  const t = parts.get('t')?.[0];
  if (!t || !/^\d+$/.test(t) || Math.abs(nowSeconds - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  return (parts.get('v1') ?? []).some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

const SECRET = 'whsec_test_0123456789abcdef';
const DELIVERY_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';

function sampleEvent(): ClaimEvent {
  return {
    source: 'claims',
    ref: 'claims/created',
    version: 1,
    triggered_at: '2025-03-01T10:00:00.000Z',
    event_group: 'claim_created',
    event_data: {
      claim_id: CLAIM_ID,
      event_name: 'created',
      event_group: 'claim_created',
      created_at: '2025-03-01T10:00:00.000Z',
      updated_at: '2025-03-01T10:00:00.000Z',
      resolution_preference: 'refund',
      reason: 'partial_damage',
      status: 'pending',
      description: 'Ünïcödé – "quotes" & <tags>',
      customer_signature_image_url: null,
      selected_items: [
        { sku: 'MUG-01', title: 'Mug', quantity: 1, net_price: 19.9, image_urls: [], product_image_url: null },
      ],
      image_urls: [],
      optional_image_urls: [],
      flow_type: 'defective',
    },
    context: {
      order: {
        external_id: 'shop-order-1001',
        external_customer_id: 'shop-customer-7',
        order_number: '#1001',
        id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
        zip_code: '10119',
        currency: 'EUR',
        placed_at: null,
        address: null,
      },
      customer: {
        external_id: 'shop-customer-7',
        email: 'jane@example.com',
        first_name: 'Jane',
        last_name: 'Doe',
        name: 'Jane Doe',
      },
      shipments: [],
      claims: [{ uuid: CLAIM_ID, status: 'pending', reason: 'partial_damage' }],
    },
    shop_slug: 'demo-shop',
    shop_id: '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9',
  };
}

describe('Karla-Signature', () => {
  const body = JSON.stringify(sampleEvent());
  const t = 1_740_823_200;

  it('is t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>, verified by an independent node:crypto receiver', async () => {
    const header = await signWebhook(SECRET, body, t);
    expect(header).toMatch(/^t=1740823200,v1=[0-9a-f]{64}$/);
    expect(header.split('v1=')[1]).toBe(createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex'));
    expect(independentVerify(header, Buffer.from(body), SECRET, t + 299)).toBe(true);
    expect(independentVerify(header, Buffer.from(body), SECRET, t + 301)).toBe(false);
    expect(independentVerify(header, Buffer.from(body.replace('refund', 'reorder')), SECRET, t)).toBe(false);
    expect(independentVerify(header, Buffer.from(body), `${SECRET}x`, t)).toBe(false);
  });

  it('verifies what an independent signer produced, within 300 s either way', async () => {
    const header = `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`;
    expect(await verifyWebhookSignature(header, body, SECRET, { nowSeconds: t + 300 })).toEqual({
      ok: true,
      timestamp: t,
    });
    expect(
      await verifyWebhookSignature(header, new TextEncoder().encode(body), SECRET, { nowSeconds: t - 300 }),
    ).toEqual({ ok: true, timestamp: t });
    expect(await verifyWebhookSignature(header, body, SECRET, { nowSeconds: t + 301 })).toEqual({
      ok: false,
      reason: 'timestamp_out_of_tolerance',
    });
    expect(await verifyWebhookSignature(header, body, SECRET, { nowSeconds: t - 301 })).toEqual({
      ok: false,
      reason: 'timestamp_out_of_tolerance',
    });
    expect(await verifyWebhookSignature(header, `${body} `, SECRET, { nowSeconds: t })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(await verifyWebhookSignature(header, body, 'another-secret-value', { nowSeconds: t })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('accepts any of several v1 values (secret rotation) and rejects malformed headers', async () => {
    const good = (await signWebhook(SECRET, body, t)).split('v1=')[1];
    expect(
      await verifyWebhookSignature(`t=${t},v1=${'0'.repeat(64)},v1=${good}`, body, SECRET, { nowSeconds: t }),
    ).toMatchObject({ ok: true });
    for (const header of [
      undefined,
      '',
      'v1=abc',
      `t=${t}`,
      `t=abc,v1=${good}`,
      `t=${t},t=${t},v1=${good}`,
      'garbage',
      `t=${t},v1=${good!.slice(0, 63)}`,
    ]) {
      const result = await verifyWebhookSignature(header, body, SECRET, { nowSeconds: t });
      expect(result.ok, String(header)).toBe(false);
    }
    expect(parseSignatureHeader(`t=${t}, v1=${good}, v0=xyz`)).toEqual({ timestamp: t, signatures: [good] });
  });
});

describe('deliverWebhook', () => {
  let server: Server;
  let origin: string;
  let respond: (req: IncomingMessage, raw: Buffer) => { status: number; delayMs?: number };
  const received: { headers: IncomingMessage['headers']; raw: Buffer; verified: boolean }[] = [];
  const clock = new VirtualClock(Date.parse('2025-03-01T10:00:00Z'));
  // Generous: a loopback answer can take a second on a busy machine. The timeout test sets its own.
  const options = (): WebhookOptions => ({
    allowInsecureHostsForTesting: true,
    clock,
    pacers: new PacerRegistry(clock),
    timeoutMs: 10_000,
  });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      received.push({
        headers: req.headers,
        raw,
        verified: independentVerify(
          req.headers['karla-signature'] as string | undefined,
          raw,
          SECRET,
          Math.floor(clock.now() / 1000),
        ),
      });
      const { status, delayMs } = respond(req, raw);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (!res.destroyed)
        res
          .writeHead(status, status >= 300 && status < 400 ? { location: 'https://elsewhere.example/' } : {})
          .end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  beforeEach(() => {
    received.length = 0;
    respond = () => ({ status: 204 });
  });

  it('POSTs the envelope as JSON, signed over the exact bytes sent', async () => {
    const event = sampleEvent();
    const result = await deliverWebhook(`${origin}/hooks/karla`, SECRET, event, DELIVERY_ID, options());
    expect(result.status).toBe(204);
    const [delivery] = received;
    expect(delivery!.verified).toBe(true);
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['karla-event']).toBe('claims/created');
    expect(delivery!.headers['karla-event-id']).toBe(DELIVERY_ID);
    expect(delivery!.raw.toString('utf8')).toBe(result.body);
    const parsed = z.safeParse(webhookEventSchema, JSON.parse(delivery!.raw.toString('utf8')));
    expect(parsed.success).toBe(true);
    expect(JSON.parse(delivery!.raw.toString('utf8'))).toEqual(event);
  });

  it.each([
    ['a 500', 500, 'server'],
    ['a 400', 400, 'validation'],
    ['a 410', 410, 'validation'],
    ['a redirect', 302, 'unexpected'],
    ['a 429', 429, 'rate_limited'],
  ])('treats %s as a retryable failure', async (_name, status, kind) => {
    respond = () => ({ status });
    await expect(deliverWebhook(`${origin}/hook`, SECRET, sampleEvent(), DELIVERY_ID, options())).rejects.toMatchObject(
      { key: kind === 'rate_limited' ? 'delivery_rate_limited' : 'webhook_http_error', retryable: true, kind },
    );
    expect(received).toHaveLength(1); // a redirect is not followed
  });

  it('treats a timeout and a refused connection as retryable', async () => {
    respond = () => ({ status: 200, delayMs: 1_500 });
    await expect(
      deliverWebhook(`${origin}/slow`, SECRET, sampleEvent(), DELIVERY_ID, { ...options(), timeoutMs: 500 }),
    ).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    await expect(
      deliverWebhook('http://127.0.0.1:9/hook', SECRET, sampleEvent(), DELIVERY_ID, options()),
    ).rejects.toMatchObject({ kind: 'network', retryable: true });
  });

  it('refuses receivers on private networks unless testing', async () => {
    await expect(
      deliverWebhook(`${origin}/hook`, SECRET, sampleEvent(), DELIVERY_ID, {
        ...options(),
        allowInsecureHostsForTesting: false,
      }),
    ).rejects.toMatchObject({ key: 'webhook_url_invalid', retryable: false });
    expect(received).toHaveLength(0);
  });
});

describe('webhook targets', () => {
  it.each([
    ['https://hooks.example.com/karla', true],
    ['  https://hooks.example.com/karla?token=abc  ', true],
    ['http://hooks.example.com/karla', false],
    ['https://user:pw@hooks.example.com/', false],
    ['https://hooks.example.com/#frag', false],
    ['https://localhost/hook', false],
    ['https://127.0.0.1/hook', false],
    ['https://10.1.2.3/hook', false],
    ['https://169.254.169.254/latest/meta-data', false],
    ['https://[::1]/hook', false],
    ['https://[fd00::1]/hook', false],
    ['https://[::ffff:192.168.0.1]/hook', false],
    ['https://8.8.8.8/hook', true],
    ['ftp://hooks.example.com/', false],
    // Other notations of loopback, link-local (cloud metadata) and special-purpose addresses.
    ['https://[::127.0.0.1]/hook', false],
    ['https://[::ffff:0:7f00:1]/hook', false],
    ['https://[64:ff9b::a9fe:a9fe]/latest/meta-data', false],
    ['https://[2002:a9fe:a9fe::]/hook', false],
    ['https://[2002:7f00:1::1]/hook', false],
    ['https://[fec0::1]/hook', false],
    ['https://[2001::1]/hook', false],
    ['https://[2001:db8::1]/hook', false],
    ['https://192.0.0.170/hook', false],
    ['https://198.18.0.1/hook', false],
    ['https://0x7f.1/hook', false],
    ['https://2130706433/hook', false],
    ['https://localhost./hook', false],
    ['https://hooks.localhost./hook', false],
    ['https://LOCALHOST/hook', false],
    // Public IPv4 behind an IPv6 form stays usable (DNS64 networks answer with 64:ff9b::/96).
    ['https://[64:ff9b::808:808]/hook', true],
    ['https://[::ffff:8.8.8.8]/hook', true],
    ['https://[2606:4700:4700::1111]/hook', true],
  ])('%s → %s', (url, ok) => {
    expect(validateWebhookUrl(url).ok).toBe(ok);
  });

  it('lets the testing flag admit loopback stand-ins only, never private networks', () => {
    const testing = { allowInsecureHostsForTesting: true };
    expect(validateWebhookUrl('http://127.0.0.1:4510/hook', testing).ok).toBe(true);
    expect(validateWebhookUrl('http://hooks.localhost:4510/hook', testing).ok).toBe(true);
    expect(validateWebhookUrl('https://10.0.0.5/hook', testing).ok).toBe(false);
    expect(validateWebhookUrl('https://169.254.169.254/hook', testing).ok).toBe(false);
    expect(validateWebhookUrl('http://127.0.0.1:4510/hook').ok).toBe(false);
  });

  it('knows private and special-purpose address ranges, in every notation', () => {
    for (const address of [
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '0.0.0.0',
      '100.64.0.1',
      '169.254.1.1',
      '::1',
      'fe80::1',
      'fc00::1',
      '::ffff:10.0.0.1',
      '::ffff:a9fe:a9fe',
      '224.0.0.1',
      '::127.0.0.1',
      '::ffff:0:7f00:1',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::',
      'fec0::1',
      '192.0.0.170',
      '192.0.0.171',
      '255.255.255.255',
      '2001:db8::1',
      '2001::1',
      '64:ff9b:1::1',
      'ff02::1',
      '::',
    ]) {
      expect(isAllowedAddress(address), address).toBe(false);
    }
    for (const address of [
      '8.8.8.8',
      '172.32.0.1',
      '1.1.1.1',
      '2001:4860:4860::8888',
      '::ffff:808:808',
      '64:ff9b::808:808',
      '2002:808:808::1',
    ]) {
      expect(isAllowedAddress(address), address).toBe(true);
    }
    expect(isAllowedAddress('127.0.0.1', { allowLoopback: true })).toBe(true);
    expect(isAllowedAddress('10.0.0.1', { allowLoopback: true })).toBe(false);
  });

  it('refuses a public name that resolves to a private address at delivery time', async () => {
    await expect(
      checkWebhookTarget('https://hooks.example.com/x', { resolveHost: async () => ['93.184.216.34', '10.0.0.5'] }),
    ).rejects.toMatchObject({ key: 'webhook_url_invalid' });
    await expect(
      checkWebhookTarget('https://hooks.example.com/x', { resolveHost: async () => ['93.184.216.34'] }),
    ).resolves.toBeUndefined();
    await expect(
      checkWebhookTarget('https://nowhere.invalid/x', {
        resolveHost: async () => Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })),
      }),
    ).rejects.toMatchObject({ kind: 'dns', retryable: true });
  });

  it('generates secrets within the documented 16–64 characters and validates given ones', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(generateWebhookSecret()).not.toBe(secret);
    expect(z.safeParse(webhookCreateSchema, { url: 'https://hooks.example.com/', secret }).success).toBe(true);
    expect(z.safeParse(webhookCreateSchema, { url: 'https://hooks.example.com/', secret: 'short' }).success).toBe(
      false,
    );
    expect(
      z.safeParse(webhookCreateSchema, { url: 'https://hooks.example.com/', secret: 'x'.repeat(65) }).success,
    ).toBe(false);
    expect(
      z.safeParse(webhookCreateSchema, { url: 'https://hooks.example.com/', secret: 'has spaces in it ok?' }).success,
    ).toBe(false);
    expect(z.safeParse(webhookCreateSchema, { url: 'javascript:alert(1)' }).success).toBe(false);
    expect(z.safeParse(webhookUpdateSchema, {}).success).toBe(false);
    expect(z.safeParse(webhookUpdateSchema, { status: 'inactive' }).success).toBe(true);
  });

  it('matches enabled_events: *, claims, or the event itself', () => {
    expect(webhookWantsEvent(['*'], 'claims/updated')).toBe(true);
    expect(webhookWantsEvent(['claims'], 'claims/created')).toBe(true);
    expect(webhookWantsEvent(['claims/created'], 'claims/created')).toBe(true);
    expect(webhookWantsEvent(['claims/created'], 'claims/updated')).toBe(false);
    expect(webhookWantsEvent([], 'claims/created')).toBe(false);
  });
});
