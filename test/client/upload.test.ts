import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UploadProgress } from '../../src/client/index.js';
import { apiError, UPLOAD_ID } from './fixtures.js';
import { closeClients, fakeApi, makeClient } from './fake-api.js';
import { FakeXhr } from './fake-xhr.js';

const uploaded = { id: UPLOAD_ID, content_type: 'application/pdf', size: 5, url: 'https://api.example.com/files/x' };
const pdf = (name = 'receipt.pdf') => new File(['%PDF-1.4'], name, { type: 'application/pdf' });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await flush();
  if (!condition()) throw new Error('condition not met');
}

beforeEach(() => {
  FakeXhr.reset();
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => {
  closeClients();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function session(extra: Parameters<typeof makeClient>[1] = {}) {
  return makeClient(fakeApi([]), extra).lookup({ orderNumber: '1001', zipCode: '10119' });
}

describe('session.upload', () => {
  it('posts multipart `file` with the bearer token and language; progress goes 0 → … → 100 only after the answer', async () => {
    const s = await session({ language: 'fr' });
    const progress: UploadProgress[] = [];
    const result = s.upload(pdf(), { onProgress: (p) => progress.push(p) });
    await until(() => FakeXhr.instances.length === 1);
    const xhr = FakeXhr.instances[0]!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('https://api.example.com/v1/shops/demo-shop/resolve/uploads');
    expect(xhr.headers).toMatchObject({ Authorization: 'Bearer session.token', 'Accept-Language': 'fr' });
    expect(xhr.file.name).toBe('receipt.pdf');
    xhr.progress(4, 8);
    xhr.progress(8, 8);
    expect(progress.at(-1)?.percent).toBe(99); // all bytes out, not yet stored
    xhr.respond(201, uploaded);
    await expect(result).resolves.toEqual(uploaded);
    expect(progress.map((p) => p.percent)).toEqual([0, 50, 99, 100]);
  });

  it('runs at most three uploads at a time, the rest queue in order', async () => {
    const s = await session();
    const results = Array.from({ length: 5 }, (_, i) => s.upload(pdf(`doc-${i}.pdf`)));
    await until(() => FakeXhr.instances.length === 3);
    await flush();
    expect(FakeXhr.instances).toHaveLength(3);
    FakeXhr.instances[0]!.respond(201, uploaded);
    await until(() => FakeXhr.instances.length === 4);
    for (const xhr of FakeXhr.instances.slice(1)) xhr.respond(201, uploaded);
    await until(() => FakeXhr.instances.length === 5);
    FakeXhr.instances[4]!.respond(201, uploaded);
    await Promise.all(results);
    expect(FakeXhr.maxActive).toBe(3);
    expect(FakeXhr.instances.map((xhr) => xhr.file.name)).toEqual([
      'doc-0.pdf',
      'doc-1.pdf',
      'doc-2.pdf',
      'doc-3.pdf',
      'doc-4.pdf',
    ]);
  });

  it('retries a network failure and a 503, never a 415', async () => {
    const s = await session();
    const result = s.upload(pdf());
    await until(() => FakeXhr.instances.length === 1);
    FakeXhr.instances[0]!.fail();
    await until(() => FakeXhr.instances.length === 2);
    FakeXhr.instances[1]!.respond(503, { errors: [], key: 'internal_error', message: 'down', type: 'api_error' });
    await until(() => FakeXhr.instances.length === 3);
    FakeXhr.instances[2]!.respond(201, uploaded);
    await expect(result).resolves.toEqual(uploaded);

    const refused = s.upload(pdf());
    await until(() => FakeXhr.instances.length === 4);
    const body = await apiError(415, 'upload_type_not_allowed', [
      { loc: ['body', 'file'], msg: 'detected text/plain content', type: 'unsupported_type' },
    ]).json();
    FakeXhr.instances[3]!.respond(415, body);
    await expect(refused).rejects.toMatchObject({
      kind: 'validation',
      key: 'upload_type_not_allowed',
      fields: [{ path: 'file' }],
    });
    await flush();
    expect(FakeXhr.instances).toHaveLength(4);
  });

  it('cancels with an AbortSignal, on the wire or while queued', async () => {
    const s = await session();
    const controller = new AbortController();
    const uploads = Array.from({ length: 4 }, (_, i) => s.upload(pdf(`doc-${i}.pdf`), { signal: controller.signal }));
    await until(() => FakeXhr.instances.length === 3);
    controller.abort();
    for (const upload of uploads) await expect(upload).rejects.toMatchObject({ kind: 'aborted' });
    await flush();
    expect(FakeXhr.instances).toHaveLength(3); // the queued one never started
    await expect(s.upload(pdf(), { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('aborts a stalled upload and sends it again', async () => {
    vi.useFakeTimers();
    const s = await session({ uploadStallTimeoutMs: 10_000 });
    const result = s.upload(pdf());
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeXhr.instances).toHaveLength(1);
    FakeXhr.instances[0]!.progress(1, 8);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(FakeXhr.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(10); // backoff
    expect(FakeXhr.instances).toHaveLength(2);
    FakeXhr.instances[1]!.respond(201, uploaded);
    await expect(result).resolves.toEqual(uploaded);
  });
});
