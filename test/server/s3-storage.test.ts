import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { sessionResponseSchema, uploadResponseSchema } from '../../src/core/session.js';
import { optionsFromEnv } from '../../src/server/config.js';
import { startLocalS3, type LocalS3 } from '../support/s3.js';
import { backends, startTestApi, type TestApi } from './support.js';

/**
 * Evidence in an S3-compatible bucket (BLOB_STORE=s3), against a local S3 server: streamed up as
 * it arrives, served back through signed URLs, nothing left behind by refused or aborted uploads.
 */

const LIMIT = 8 * 1024 * 1024;
const jpeg = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  for (let i = 12; i < size - 2; i += 4096) bytes[i] = i % 251;
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
};

const backend = backends[0];

describe.runIf(backend)('uploads stored in S3 (BLOB_STORE=s3)', () => {
  let s3: LocalS3;
  let store: Awaited<ReturnType<NonNullable<typeof backend>['freshStore']>>;
  let t: TestApi;
  let token: string;
  const base = () => `/v1/shops/${t.slug}/resolve`;
  const upload = (bytes: Uint8Array) => {
    const form = new FormData();
    form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'photo.jpg');
    return fetch(t.url(`${base()}/uploads`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, Origin: 'https://help.brand.example' },
      body: form,
    });
  };

  beforeAll(async () => {
    s3 = await startLocalS3();
    store = await (backend as NonNullable<typeof backend>).freshStore();
    // Configured the way an operator does it: the environment.
    const { s3: s3Options } = optionsFromEnv(s3.env);
    expect(s3Options).toEqual({ ...s3.options });
    t = await startTestApi({ ...store.options, s3: s3Options, uploadLimitBytes: LIMIT, deliveryWorker: false });
    const created = await fetch(t.url(`/v1/shops/${t.slug}/orders`), {
      method: 'PUT',
      headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        order_number: '7001',
        customer_name: 'Ana Example',
        email: 'ana@example.com',
        zip_code: '10119',
        line_items: [{ sku: 'MUG', title: 'Mug', quantity: 1, net_price: 9.5 }],
        shipments: [{ id: 'S-7001', phase: 'delivered' }],
      }),
    });
    expect(created.status).toBe(201);
    const lookup = await fetch(t.url(`${base()}/sessions`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ order_number: '7001', zip_code: '10119' }),
    });
    token = sessionResponseSchema.parse(await lookup.json()).session_token;
  }, 120_000);
  afterAll(async () => {
    await t?.api.close();
    await store?.dispose();
    await s3?.stop();
  });

  it.each([
    ['a small photo (one request)', 40 * 1024],
    ['a 6 MiB photo (a multipart upload)', 6 * 1024 * 1024],
  ])(
    'stores %s in the bucket and serves the same bytes back through its signed URL',
    async (_name, size) => {
      const bytes = jpeg(size);
      const response = await upload(bytes);
      expect(response.status).toBe(201);
      const body = uploadResponseSchema.parse(await response.json());
      expect(await s3.keys()).toContain(body.id);
      const served = await fetch(body.url as string);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    },
    60_000,
  );

  it('refuses a too-large file with a 413 the browser can read and leaves no object', async () => {
    const before = await s3.keys();
    const response = await upload(jpeg(LIMIT + 1));
    expect(response.status).toBe(413);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(apiErrorBodySchema.parse(await response.json()).key).toBe('upload_too_large');
    expect(await s3.keys()).toEqual(before);
  }, 60_000);

  it('leaves no object when the customer goes away mid-upload', async () => {
    const before = await s3.keys();
    const boundary = 'xxS3ABORTxx';
    let push!: (chunk: Uint8Array) => void;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => void (push = (chunk) => controller.enqueue(chunk)),
    });
    const aborter = new AbortController();
    const pending = fetch(t.url(`${base()}/uploads`), {
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
    push(jpeg(6 * 1024 * 1024)); // past the first part: a multipart upload is under way
    await new Promise((resolve) => setTimeout(resolve, 500));
    aborter.abort();
    await pending;
    // The server notices the abort, aborts the multipart upload and gives the slot back.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const [row] = await t.api.db.query<{ files: number }>("SELECT files FROM upload_usage WHERE scope = 'order'");
      if (row?.files === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [usage] = await t.api.db.query<{ files: number }>("SELECT files FROM upload_usage WHERE scope = 'order'");
    expect(usage?.files).toBe(2);
    expect(await s3.keys()).toEqual(before);
  }, 60_000);
});
