import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { sessionResponseSchema } from '../../src/core/session.js';
import type { UploadQuota } from '../../src/server/upload-quota.js';
import { backends, startTestApi, type TestApi } from './support.js';

/**
 * Which cap refused an upload, and what an upload that never finished leaves behind: a refusal
 * names the cap that was full (so support can tell a session from an order), and a client that
 * went away mid-file gets its slot back so the same photo can be sent again.
 */

const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01];
const jpeg = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set(JPEG_HEAD);
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
};
const WIDE: UploadQuota = {
  maxFilesPerSession: 40,
  maxFilesPerOrder: 60,
  maxBytesPerSession: 100_000_000,
  maxBytesPerOrder: 100_000_000,
};

describe.each(backends)('upload caps on $name', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function server(uploadQuota: UploadQuota): Promise<TestApi> {
    const store = await backend.freshStore();
    const uploadDir = mkdtempSync(join(tmpdir(), 'resolve-uploads-'));
    const t = await startTestApi({
      ...store.options,
      uploadDir,
      uploadLimitBytes: 64 * 1024,
      uploadQuota,
      deliveryWorker: false,
    });
    cleanups.push(async () => {
      await t.api.close();
      await store.dispose();
      rmSync(uploadDir, { recursive: true, force: true });
    });
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
    return t;
  }
  const session = async (t: TestApi) => {
    const response = await fetch(t.url(`/v1/shops/${t.slug}/resolve/sessions`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ order_number: '7001', zip_code: '10119' }),
    });
    return sessionResponseSchema.parse(await response.json()).session_token;
  };
  const upload = (t: TestApi, token: string, bytes: Uint8Array) => {
    const form = new FormData();
    form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'photo.jpg');
    return fetch(t.url(`/v1/shops/${t.slug}/resolve/uploads`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
  };

  it('names the order byte cap when the order, not the session, is full', async () => {
    const t = await server({ ...WIDE, maxBytesPerOrder: 5_000 });
    expect((await upload(t, await session(t), jpeg(4_000))).status).toBe(201);
    // A fresh session has room; the order does not.
    const refused = await upload(t, await session(t), jpeg(4_000));
    expect(refused.status).toBe(422);
    const body = apiErrorBodySchema.parse(await refused.json());
    expect(body.key).toBe('upload_limit_reached');
    expect(body.errors[0]).toMatchObject({ type: 'order_bytes_limit', msg: 'at most 5000 bytes per order' });
  }, 120_000);

  it('names the session byte cap when the session is the one full', async () => {
    const t = await server({ ...WIDE, maxBytesPerSession: 5_000 });
    const token = await session(t);
    expect((await upload(t, token, jpeg(4_000))).status).toBe(201);
    const body = apiErrorBodySchema.parse(await (await upload(t, token, jpeg(4_000))).json());
    expect(body.errors[0]).toMatchObject({ type: 'session_bytes_limit' });
  }, 120_000);

  it('gives the slot of an upload the client aborted mid-body back, so the same photo can be sent again', async () => {
    // One file per session: a slot kept by the aborted upload would refuse the retry.
    const t = await server({ ...WIDE, maxFilesPerSession: 1 });
    const token = await session(t);
    const boundary = 'xxABORTxx';
    let push!: (chunk: Uint8Array) => void;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => void (push = (chunk) => controller.enqueue(chunk)),
    });
    const aborter = new AbortController();
    let answered = false;
    const pending = fetch(t.url(`/v1/shops/${t.slug}/resolve/uploads`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
      signal: aborter.signal,
    } as RequestInit)
      .then(() => (answered = true))
      .catch((error: unknown) => error);
    push(
      new TextEncoder().encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
    );
    push(jpeg(8192));
    // The server has taken the slot once the body is streaming: the retry meanwhile is refused.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const probe = await upload(t, token, jpeg(300));
      if (probe.status === 422) break;
      expect(probe.status).not.toBe(201);
      if (Date.now() > deadline) throw new Error('the aborted upload never took its slot');
    }
    aborter.abort();
    await pending;
    expect(answered).toBe(false);
    // The server notices the broken connection on its own time: the retry succeeds once it has.
    let status = 0;
    const until = Date.now() + 20_000;
    while (status !== 201 && Date.now() < until) {
      status = (await upload(t, token, jpeg(8192))).status;
      if (status !== 201) expect(status).toBe(422);
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(201);
  }, 120_000);
});
