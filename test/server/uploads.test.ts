import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import {
  backends,
  customerSession,
  putOrders,
  startTestApi,
  streamingUpload,
  testOrder,
  waitFor,
  type TestApi,
} from './support.js';
import { jpeg } from '../support/images.js';

/**
 * Evidence uploads under attack: caps that hold under concurrency, files streamed to storage
 * (never held whole), and refusals a customer's browser on another origin can read.
 */

const CUSTOMER_ORIGIN = 'https://help.brand.example';
const QUOTA = {
  maxFilesPerSession: 40,
  maxFilesPerOrder: 60,
  maxBytesPerSession: 100_000_000,
  maxBytesPerOrder: 100_000_000,
};
const LIMIT = 64 * 1024;

describe.each(backends)('evidence uploads on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  let uploadDir: string;
  const base = () => `/v1/shops/${t.slug}/resolve`;
  const storedFiles = () => readdirSync(uploadDir);

  const session = (orderNumber: string) => customerSession(t, orderNumber);
  const upload = (token: string, bytes: Uint8Array, init: RequestInit = {}) => {
    const form = new FormData();
    form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'photo.jpg');
    return fetch(t.url(`${base()}/uploads`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, Origin: CUSTOMER_ORIGIN },
      body: form,
      ...init,
    });
  };
  const statuses = async (responses: Promise<Response>[]) => {
    const settled = await Promise.all(responses);
    const bodies = await Promise.all(
      settled.map(async (r) => ({
        status: r.status,
        key: r.status >= 400 ? apiErrorBodySchema.parse(await r.json()).key : undefined,
      })),
    );
    return {
      accepted: bodies.filter((b) => b.status === 201).length,
      refused: bodies.filter((b) => b.status === 422 && b.key === 'upload_limit_reached').length,
    };
  };

  beforeAll(async () => {
    store = await backend.freshStore();
    uploadDir = mkdtempSync(join(tmpdir(), 'resolve-uploads-'));
    t = await startTestApi({
      ...store.options,
      uploadDir,
      uploadLimitBytes: LIMIT,
      uploadQuota: QUOTA,
      deliveryWorker: false,
    });
    await putOrders(t, ...['5001', '5002', '5003', '5004', '5005'].map((n) => testOrder(n)));
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  it('accepts exactly the per-session cap of 150 concurrent uploads, then exactly what is left of the per-order cap', async () => {
    const first = await session('5001');
    const burst = await statuses(Array.from({ length: 150 }, () => upload(first, jpeg(200))));
    expect(burst).toEqual({ accepted: QUOTA.maxFilesPerSession, refused: 150 - QUOTA.maxFilesPerSession });
    // A new lookup of the same order gets only what the order has left.
    const second = await session('5001');
    const more = await statuses(Array.from({ length: 150 }, () => upload(second, jpeg(200))));
    expect(more).toEqual({
      accepted: QUOTA.maxFilesPerOrder - QUOTA.maxFilesPerSession,
      refused: 150 - (QUOTA.maxFilesPerOrder - QUOTA.maxFilesPerSession),
    });
    expect(storedFiles().length).toBe(QUOTA.maxFilesPerOrder);
  }, 120_000);

  it('holds the byte cap under concurrency: what passed it is refused and not kept', async () => {
    const before = storedFiles().length;
    // A second server (own store) with a byte cap of ten 1 000-byte files per session.
    const narrowStore = await backend.freshStore();
    const narrow = await startTestApi({
      ...narrowStore.options,
      uploadDir,
      uploadLimitBytes: LIMIT,
      uploadQuota: { ...QUOTA, maxBytesPerSession: 10_000 },
      deliveryWorker: false,
    });
    try {
      await putOrders(narrow, testOrder('6001'));
      const token = await customerSession(narrow, '6001');
      const responses = Array.from({ length: 30 }, () => {
        const form = new FormData();
        form.set('file', new Blob([jpeg(1000)], { type: 'image/jpeg' }), 'photo.jpg');
        return fetch(narrow.url(`${base()}/uploads`), {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
          body: form,
        });
      });
      expect(await statuses(responses)).toEqual({ accepted: 10, refused: 20 });
      expect(storedFiles().length).toBe(before + 10);
    } finally {
      await narrow.api.close();
      await narrowStore.dispose();
    }
  }, 120_000);

  it('answers a too-large file 413 upload_too_large with the CORS headers of the customer routes, keeps nothing, and gives the slot back', async () => {
    const token = await session('5003');
    const before = storedFiles().length;
    const response = await upload(token, jpeg(LIMIT + 1));
    expect(response.status).toBe(413);
    // The browser must be allowed to read this answer, or the flow says "offline" instead of "too large".
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(apiErrorBodySchema.parse(await response.json()).key).toBe('upload_too_large');
    await waitFor(() => storedFiles().length === before, 'the partial file to be removed').catch((error: Error) => {
      // What is there says which path left it: a `.partial` from the refused upload, or another file.
      const now = storedFiles();
      throw new Error(
        `${error.message}: ${before} files before, ${now.length} now (${now.filter((name) => name.includes('.')).join(', ') || 'no temporary files'})`,
      );
    });
    // Declared too large up front (Content-Length): the same answer, the same headers.
    const declared = await fetch(t.url(`${base()}/uploads`), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        Origin: CUSTOMER_ORIGIN,
        'Content-Type': 'multipart/form-data; boundary=x',
      },
      body: new Uint8Array(LIMIT + 128 * 1024),
    });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('access-control-allow-origin')).toBe('*');
    // The refused uploads took no slot: the whole session cap is still there.
    expect(await statuses(Array.from({ length: QUOTA.maxFilesPerSession }, () => upload(token, jpeg(300))))).toEqual({
      accepted: QUOTA.maxFilesPerSession,
      refused: 0,
    });
  });

  it('refuses a file whose bytes are not an accepted type (415) and keeps nothing', async () => {
    const token = await session('5004');
    const before = storedFiles().length;
    const response = await upload(token, new TextEncoder().encode('MZ this is a program, not a photo'.repeat(400)));
    expect(response.status).toBe(415);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(apiErrorBodySchema.parse(await response.json()).key).toBe('upload_type_not_allowed');
    expect(storedFiles().length).toBe(before);
  });

  it('streams a file to storage as it arrives, and an aborted upload leaves nothing behind', async () => {
    const token = await session('5005');
    const before = storedFiles();
    const upload = streamingUpload(t, token, 'xxABORTxx');
    upload.push(jpeg(8192));
    upload.push(new Uint8Array(8192));
    // Half a file in: it is already being written (under a temporary name), not held in memory.
    await waitFor(
      () => storedFiles().some((name) => name.endsWith('.partial')),
      'the upload to reach storage while it streams',
    );
    upload.abort();
    await upload.settled;
    await waitFor(() => storedFiles().length === before.length, 'the partial file to be removed');
    expect(storedFiles()).toEqual(before);
  });
});
