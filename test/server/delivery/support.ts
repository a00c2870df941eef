import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Claim } from '../../../src/core/claims.js';
import type { Language } from '../../../src/core/languages.js';
import { DeliveryError } from '../../../src/server/delivery/errors.js';
import type { ClaimDeliveryInput, ClaimFileAccess } from '../../../src/server/delivery/input.js';
import type { Clock } from '../../../src/server/delivery/pacing.js';
import type { AttemptContext, DeliveryProgress, DeliveryResult } from '../../../src/server/delivery/progress.js';

/**
 * Virtual time: `sleep` moves the clock forward at once and remembers how long was asked for.
 * Connectors' pacers and the stand-ins' rate limiters share it, so rate-limit behaviour is exact
 * and tests never wait on the wall clock.
 */
export class VirtualClock implements Clock {
  sleeps: number[] = [];
  private inFlight = 0;
  private idle: (() => void)[] = [];
  constructor(private current = Date.parse('2025-03-01T10:00:00Z')) {}
  now = (): number => this.current;
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    // Requests already sent reach the server before time moves on (latency ≪ pacing intervals);
    // otherwise they would arrive "later" than they were paced, out of order.
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
    await Promise.resolve();
  };
  /** A fetch whose requests the clock waits for before it advances. */
  fetch: typeof fetch = async (input, init) => {
    this.inFlight++;
    try {
      return await fetch(input, init);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  };
  advance(ms: number): void {
    this.current += ms;
  }
  get slept(): number {
    return this.sleeps.reduce((sum, ms) => sum + ms, 0);
  }
}

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
/** A tiny JPEG header is enough for "bytes went through unchanged". */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('resolve-test-photo')]);

export const CLAIM_ID = '2f1c3b4a-5d6e-4f70-8a91-b2c3d4e5f607';
export const PHOTO_A = '11111111-1111-4111-8111-111111111111';
export const PHOTO_B = '22222222-2222-4222-8222-222222222222';
export const PACKAGE = '33333333-3333-4333-8333-333333333333';

export function sampleClaim(overrides: Partial<Claim> = {}): Claim {
  return {
    uuid: CLAIM_ID,
    created_at: '2025-03-01T09:58:00.000Z',
    updated_at: '2025-03-01T09:58:00.000Z',
    shop_slug: 'demo-shop',
    order_id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    order_number: '#1001',
    address: { name: 'Jane Doe', city: 'Berlin', zip_code: '10119', country_code: 'DE' },
    net_invoice_amount: 59.8,
    currency: 'EUR',
    shipment_id: 'ship-1',
    tracking_number: '00340434161234567890',
    carrier_reference: 'dhl',
    scan_date: null,
    weight_kg: null,
    flow_type: 'defective',
    reason: 'partial_damage',
    resolution_preference: 'refund',
    status: 'pending',
    description: 'The mug arrived broken.\nThe handle is off.',
    selected_items: [
      { sku: 'MUG-01', title: 'Stoneware mug', quantity: 2, net_price: 19.9, image_urls: [], product_image_url: null },
      { sku: 'PLATE-7', title: 'Plate "Nordic"', quantity: 1, net_price: 20, image_urls: [], product_image_url: null },
    ],
    image_urls: [],
    optional_image_urls: [],
    customer_signature_image_url: null,
    dropoff_permission: null,
    language: 'en',
    ...overrides,
  };
}

export function sampleInput(
  options: { claim?: Partial<Claim>; language?: Language; email?: string; attachments?: boolean } = {},
): ClaimDeliveryInput {
  return {
    claim: sampleClaim({ ...(options.language ? { language: options.language } : {}), ...options.claim }),
    customer: { name: 'Jane Doe', email: options.email ?? 'jane@example.com' },
    shipmentPhase: 'delivered',
    attachments:
      options.attachments === false
        ? []
        : [
            { id: PHOTO_A, kind: 'photo', sku: 'MUG-01', contentType: 'image/jpeg', size: JPEG.length },
            { id: PHOTO_B, kind: 'photo', sku: 'MUG-01', contentType: 'image/png', size: PNG.length },
            { id: PACKAGE, kind: 'package_photo', sku: null, contentType: 'image/png', size: PNG.length },
          ],
  };
}

/**
 * The API's side of files, for tests: bytes in memory, "signed" URLs served by a loopback file
 * server (what Dixa downloads). `reachable = false` makes every URL point at a closed port.
 */
export class TestFiles implements ClaimFileAccess {
  readonly blobs = new Map<string, { bytes: Uint8Array; contentType: string }>([
    [PHOTO_A, { bytes: JPEG, contentType: 'image/jpeg' }],
    [PHOTO_B, { bytes: PNG, contentType: 'image/png' }],
    [PACKAGE, { bytes: PNG, contentType: 'image/png' }],
  ]);
  reachable = true;
  signed: { id: string; ttl: number }[] = [];
  private server: Server | undefined;
  private origin = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const id = /^\/v1\/files\/([0-9a-f-]{36})$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1];
      const blob = id ? this.blobs.get(id) : undefined;
      if (!blob) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': blob.contentType }).end(Buffer.from(blob.bytes));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  read = async (id: string): Promise<Uint8Array | undefined> => this.blobs.get(id)?.bytes;

  signedUrl = (id: string, ttl: number): string => {
    this.signed.push({ id, ttl });
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const origin = this.reachable ? this.origin : 'http://127.0.0.1:9';
    return `${origin}/v1/files/${id}?expires=1999999999&signature=test`;
  };
}

/**
 * Plays the worker: attempts until delivered, persisting every checkpoint, retrying retryable
 * failures (immediately: the schedule is decideRetry's business, tested on its own).
 */
export async function deliverWithRetries(
  attempt: (context: AttemptContext) => Promise<DeliveryResult>,
  options: { maxAttempts?: number; progress?: DeliveryProgress } = {},
): Promise<{ result: DeliveryResult; attempts: number; failures: DeliveryError[]; checkpoints: DeliveryProgress[] }> {
  let progress: DeliveryProgress = options.progress ?? {};
  const failures: DeliveryError[] = [];
  const checkpoints: DeliveryProgress[] = [];
  for (let n = 1; n <= (options.maxAttempts ?? 5); n++) {
    try {
      const result = await attempt({
        progress,
        attempt: n,
        checkpoint: async (next) => {
          progress = structuredClone(next);
          checkpoints.push(progress);
        },
      });
      return { result, attempts: n, failures, checkpoints };
    } catch (error) {
      if (!(error instanceof DeliveryError) || !error.retryable) throw error;
      failures.push(error);
    }
  }
  throw new Error(
    `not delivered after ${options.maxAttempts ?? 5} attempts: ${failures.map((f) => f.message).join('; ')}`,
  );
}

/** One attempt with fresh (or given) progress, for tests that look at a single failure. */
export function singleAttempt(
  progress: DeliveryProgress = {},
  attempt = 1,
): AttemptContext & { saved: DeliveryProgress[] } {
  const saved: DeliveryProgress[] = [];
  return {
    progress,
    attempt,
    saved,
    checkpoint: async (next) => {
      saved.push(structuredClone(next));
    },
  };
}
