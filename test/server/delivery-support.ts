import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { claimSchema, type Claim, type ClaimDraft } from '../../src/core/claims.js';
import { deliveryListSchema, type Delivery } from '../../src/core/integrations.js';
import type { OrderInput } from '../../src/core/orders.js';
import { sessionResponseSchema, uploadResponseSchema } from '../../src/core/session.js';
import { startDixaStandIn, type DixaStandIn } from '../../demo/dixa-stand-in/server.js';
import { DEFAULT_DIXA_AGENT, DEFAULT_DIXA_TOKEN } from '../../demo/dixa-stand-in/state.js';
import { startGorgiasStandIn, type GorgiasStandIn } from '../../demo/gorgias-stand-in/server.js';
import { DEFAULT_GORGIAS_USER, type GorgiasStandInOptions } from '../../demo/gorgias-stand-in/state.js';
import type { DeliveryWorkerOptions } from '../../src/server/delivery/worker.js';
import type { ApiServerOptions } from '../../src/server/index.js';
import { jpeg, PNG } from '../support/images.js';

/**
 * What the delivery suites share: the helpdesk stand-ins, an independent webhook receiver, and a
 * customer who submits a claim through the real customer API (lookup, uploads, claim).
 */

export const JPEG = jpeg(80, 7);
export { PNG };
export const SECRETS_KEY = 'test-secrets-key-that-is-long-enough-0123';
export const OBSERVER = {
  email: 'observer@acme.test',
  api_key: 'observer-key-0123456789',
  role: 'observer-agent' as const,
};

export function testOrder(number: string): OrderInput {
  return {
    order_number: number,
    customer_name: 'Jane Doe',
    email: 'jane.doe@example.com',
    zip_code: '10119',
    currency: 'EUR',
    address: {
      name: 'Jane Doe',
      street: 'Main St 1',
      zip_code: '10119',
      city: 'Berlin',
      country: 'Germany',
      country_code: 'DE',
    },
    line_items: [
      { sku: 'MUG', title: 'Stoneware mug', quantity: 2, net_price: 10 },
      { sku: 'PLATE', title: 'Plate', quantity: 4, net_price: 5.5 },
    ],
    shipments: [{ id: `S-${number}`, phase: 'delivered', carrier: 'dhl', tracking_number: '00340434161234567890' }],
  };
}

/**
 * Server options for an API that delivers to the stand-ins: `dixa` as Dixa's origin (a server
 * setting, not a merchant's), helpdesks on loopback allowed, and a fast delivery worker with the
 * suite's attempts and backoff, or none. Requests time out after 5 s at most: short enough for a
 * timeout test, long enough that an ordinary request on a busy machine is not cut (a 1 s cap cut
 * the create after a 429's wait, which the stand-in logged as an unanswered request, status 0).
 */
export function deliveryApiOptions(
  dixa: { origin: string },
  worker: Required<Pick<DeliveryWorkerOptions, 'maxAttempts' | 'backoff'>> | false,
): ApiServerOptions {
  return {
    secretsKey: SECRETS_KEY,
    helpdesks: { allowLoopbackHosts: true, dixaBaseUrl: dixa.origin },
    deliveryWorker: worker && { pollIntervalMs: 50, leaseMs: 10_000, maxRequestTimeoutMs: 5_000, ...worker },
  };
}

/** A Gorgias account with an admin and a read-only user, and a Dixa account (the given one or a new one). */
export async function startStandIns(
  options: { gorgias?: GorgiasStandInOptions; dixa?: DixaStandIn } = {},
): Promise<{ gorgias: GorgiasStandIn; dixa: DixaStandIn; close(): Promise<void> }> {
  const gorgias = await startGorgiasStandIn({ users: [{}, OBSERVER], ...options.gorgias });
  const dixa = options.dixa ?? (await startDixaStandIn());
  return { gorgias, dixa, close: async () => void (await Promise.all([gorgias.close(), dixa.close()])) };
}

/** A merchant API client for one shop. */
export function merchantClient(url: (path: string) => string, authorization: string, slug: string) {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(url(`/v1/shops/${slug}${path}`), {
      method,
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    call,
    async configureHelpdesks(gorgias: GorgiasStandIn, _dixa: DixaStandIn): Promise<void> {
      const g = await call('PUT', '/integrations/gorgias', {
        endpoint: gorgias.origin,
        email: DEFAULT_GORGIAS_USER.email,
        api_key: DEFAULT_GORGIAS_USER.api_key,
        enabled: true,
        custom_fields: [
          { field_id: 11, source: 'order_number' },
          { field_id: 12, source: 'flow_type' },
        ],
      });
      expect(g.status, await g.clone().text()).toBeLessThan(300);
      const d = await call('PUT', '/integrations/dixa', {
        api_token: DEFAULT_DIXA_TOKEN,
        email_integration_id: 'support@acme.email.dixa.io',
        default_agent_id: DEFAULT_DIXA_AGENT,
        enabled: true,
      });
      expect(d.status, await d.clone().text()).toBeLessThan(300);
    },
    async deliveries(claimId: string): Promise<Delivery[]> {
      const response = await call('GET', `/claims/${claimId}/deliveries`);
      expect(response.status).toBe(200);
      return deliveryListSchema.parse(await response.json()).data;
    },
    /** Polls the deliveries endpoint until `done` holds (or fails the test after `timeoutMs`). */
    async waitFor(claimId: string, done: (deliveries: Delivery[]) => boolean, timeoutMs = 15_000): Promise<Delivery[]> {
      const deadline = Date.now() + timeoutMs;
      let last: Delivery[] = [];
      while (Date.now() < deadline) {
        last = await this.deliveries(claimId);
        if (done(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(
        `deliveries did not settle: ${JSON.stringify(last.map((d) => ({ target: d.target, state: d.state, attempts: d.attempts, last_error: d.last_error })))}`,
      );
    },
  };
}

export const allDelivered = (count: number) => (deliveries: Delivery[]) =>
  deliveries.length === count && deliveries.every((d) => d.state === 'delivered');

/**
 * A customer submitting a defective-item claim through the public API: order lookup, two photos of
 * the mug and one of the package (and, with `signature`, a drawn signature), then the claim.
 * Returns the claim record.
 */
export async function submitClaim(
  apiUrl: (path: string) => string,
  slug: string,
  orderNumber: string,
  patch: Partial<ClaimDraft> = {},
  order: { zipCode: string; sku: string } = { zipCode: '10119', sku: 'MUG' },
  options: { signature?: boolean } = {},
): Promise<Claim> {
  const base = `/v1/shops/${slug}/resolve`;
  const lookup = await fetch(apiUrl(`${base}/sessions`), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ order_number: orderNumber, zip_code: order.zipCode }),
  });
  expect(lookup.status).toBe(201);
  const { session_token: token } = sessionResponseSchema.parse(await lookup.json());
  const upload = async (bytes: Uint8Array, name: string, type: string) => {
    const form = new FormData();
    form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
    const response = await fetch(apiUrl(`${base}/uploads`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    expect(response.status).toBe(201);
    return uploadResponseSchema.parse(await response.json()).id;
  };
  const photos = [await upload(JPEG, 'mug-1.jpg', 'image/jpeg'), await upload(PNG, 'mug-2.png', 'image/png')];
  const packagePhoto = await upload(JPEG, 'box.jpg', 'image/jpeg');
  // The drawn signature, as the flow sends it: a PNG upload of the same session.
  const signature = options.signature ? await upload(PNG, 'signature.png', 'image/png') : undefined;
  const draft: ClaimDraft = {
    flow_type: 'defective',
    selected_items: [{ sku: order.sku, quantity: 1, upload_ids: photos }],
    package_upload_ids: [packagePhoto],
    resolution_preference: 'reorder',
    language: 'en',
    description: 'The handle broke off <b>in transit</b>.',
    ...(signature ? { signature_upload_id: signature } : {}),
    ...patch,
  };
  const response = await fetch(apiUrl(`${base}/claims`), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      'Idempotency-Key': `claim-${orderNumber}-${randomUUID()}`,
    },
    body: JSON.stringify(draft),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return claimSchema.parse(await response.json());
}

export interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Our own check, written here from the documented scheme (not the API's helper). */
  signatureValid: boolean;
  /** `Karla-Event-Id`: what receivers deduplicate on (stable across retries of one delivery). */
  eventId: string;
}

/**
 * A merchant's webhook receiver, independent of our code: verifies `Karla-Signature:
 * t=<unix>,v1=<hex>` as HMAC-SHA256(secret, "<t>.<raw body>") with node:crypto, rejects timestamps
 * older than 300 s, compares in constant time. Answers 2xx, or `failWith` for the next N requests;
 * `answerAfterMs` makes it a slow receiver (the answer leaves that long after the body arrived).
 */
export async function startWebhookReceiver(options: { answerAfterMs?: number } = {}): Promise<{
  url: string;
  received: ReceivedWebhook[];
  secret: string;
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const failures: number[] = [];
  const state = { secret: '' };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        headers: req.headers,
        body,
        signatureValid: verifyKarlaSignature(String(req.headers['karla-signature'] ?? ''), body, state.secret),
        eventId: String(req.headers['karla-event-id'] ?? ''),
      });
      const status = failures.shift() ?? 204;
      if (options.answerAfterMs) setTimeout(() => res.writeHead(status).end(), options.answerAfterMs);
      else res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/resolve`,
    received,
    get secret() {
      return state.secret;
    },
    set secret(value: string) {
      state.secret = value;
    },
    failNext(status, count = 1) {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function verifyKarlaSignature(header: string, body: string, secret: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!secret || !Number.isInteger(t) || !parts.v1 || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
