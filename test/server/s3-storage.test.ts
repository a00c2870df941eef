import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { uploadResponseSchema } from '../../src/core/session.js';
import { optionsFromEnv } from '../../src/server/config.js';
import { startLocalS3, type LocalS3 } from '../support/s3.js';
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
import { jpeg as jpegFile } from '../support/images.js';

/**
 * Evidence in an S3-compatible bucket (BLOB_STORE=s3), against a local S3 server: streamed up as
 * it arrives, served back through signed URLs, nothing left behind by refused or aborted uploads.
 */

const LIMIT = 8 * 1024 * 1024;
/** Bytes that differ along the file, so a part stored out of order would show. */
const jpeg = (size: number) => {
  const bytes = jpegFile(size);
  for (let i = 12; i < size - 2; i += 4096) bytes[i] = i % 251;
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
    await putOrders(t, testOrder('7001'));
    token = await customerSession(t, '7001');
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
    const upload = streamingUpload(t, token, 'xxS3ABORTxx');
    upload.push(jpeg(6 * 1024 * 1024)); // past the first part: a multipart upload is under way
    await new Promise((resolve) => setTimeout(resolve, 500));
    upload.abort();
    await upload.settled;
    // The server notices the abort, aborts the multipart upload and gives the slot back.
    const orderFiles = async () =>
      (await t.api.db.query<{ files: number }>("SELECT files FROM upload_usage WHERE scope = 'order'"))[0]?.files;
    await waitFor(async () => (await orderFiles()) === 2, "the order's upload slot to be given back");
    expect(await orderFiles()).toBe(2);
    expect(await s3.keys()).toEqual(before);
  }, 60_000);
});
