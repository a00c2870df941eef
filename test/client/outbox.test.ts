import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  indexedDbStore,
  memoryStore,
  withMemoryFallback,
  type KeyValueStore,
  type PendingSubmission,
} from '../../src/client/index.js';
import type { Claim } from '../../src/core/claims.js';
import { apiError, claim, draft, json, session, UPLOAD_ID } from './fixtures.js';
import { closeClients, fakeApi, header, makeClient, networkDown } from './fake-api.js';

afterEach(() => {
  closeClients();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const lookup = { orderNumber: '1001', zipCode: '10119' };
const keysOf = (api: ReturnType<typeof fakeApi>) =>
  api.claimCalls().map((call) => header(call.init, 'Idempotency-Key'));

describe('retries', () => {
  it('never retries a 4xx other than 429', async () => {
    for (const [status, key] of [
      [400, 'idempotency_key_required'],
      [401, 'session_invalid'],
      [404, 'claim_not_found'],
      [409, 'idempotency_conflict'],
      [413, 'payload_too_large'],
      [422, 'claim_invalid'],
    ] as const) {
      const api = fakeApi([() => apiError(status, key)]);
      const s = await makeClient(api).lookup(lookup);
      await expect(s.submitClaim(draft)).rejects.toMatchObject({ status });
      expect(api.claimCalls(), `HTTP ${status}`).toHaveLength(1);
    }
  });

  it('honours a 503 Retry-After given as an HTTP date, with the same key', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') });
    const api = fakeApi([
      () => apiError(503, 'internal_error', [], { 'Retry-After': 'Mon, 23 Nov 2026 10:00:20 GMT' }),
      () => json(claim, 201),
    ]);
    const s = await makeClient(api, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 60_000 } }).lookup(lookup);
    const result = s.submitClaim(draft);
    await vi.advanceTimersByTimeAsync(19_990);
    expect(api.claimCalls()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    expect((await result).uuid).toBe(claim.uuid);
    expect(new Set(keysOf(api)).size).toBe(1);
  });

  it('does not wait in the foreground for a Retry-After beyond the backoff cap: keeps it, resends then', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') });
    const api = fakeApi([
      () => apiError(429, 'too_many_attempts', [], { 'Retry-After': '120' }),
      () => json(claim, 201),
    ]);
    const client = makeClient(api, { retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 10_000 } });
    const submitted: Claim[] = [];
    client.on('submitted', (value) => submitted.push(value));
    const s = await client.lookup(lookup);
    await expect(s.submitClaim(draft)).rejects.toMatchObject({ kind: 'rate_limited', retryAfterMs: 120_000 });
    const [kept] = await client.pending();
    expect(kept?.notBefore).toBe(Date.now() + 120_000);
    // Not before its time, even when asked.
    expect(await client.resumePending()).toEqual([]);
    expect(api.claimCalls()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(120_100);
    expect(submitted.map((c) => c.uuid)).toEqual([claim.uuid]);
    expect(new Set(keysOf(api)).size).toBe(1);
    expect(await client.pending()).toEqual([]);
  });

  it('stops retrying at once when the browser says it is offline, and resends on `online`', async () => {
    vi.stubGlobal('navigator', { ...navigator, onLine: false });
    let online = false;
    const api = fakeApi([(init) => (online ? json(claim, 201) : networkDown(init))]);
    const client = makeClient(api, { retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 } });
    const s = await client.lookup(lookup);
    await expect(s.submitClaim(draft)).rejects.toMatchObject({ kind: 'network', offline: true });
    expect(api.claimCalls()).toHaveLength(1);
    vi.stubGlobal('navigator', { ...navigator, onLine: true });
    online = true;
    const submitted = new Promise<Claim>((resolve) => client.on('submitted', resolve));
    window.dispatchEvent(new Event('online'));
    expect((await submitted).uuid).toBe(claim.uuid);
    expect(new Set(keysOf(api)).size).toBe(1);
  });
});

describe('outbox', () => {
  it('writes the submission before the first byte goes out, keyed by shop and Idempotency-Key', async () => {
    const storage = memoryStore();
    let seen: [string, PendingSubmission][] = [];
    const api = fakeApi([
      async () => {
        seen = await storage.entries<PendingSubmission>();
        return json(claim, 201);
      },
    ]);
    const s = await makeClient(api, { storage }).lookup(lookup);
    await s.submitClaim(draft);
    const [[key, entry] = ['', undefined]] = seen;
    expect(key).toBe(`demo-shop:${header(api.claimCalls()[0]!.init, 'Idempotency-Key')}`);
    expect(entry).toMatchObject({
      shopSlug: 'demo-shop',
      sessionToken: session.session_token,
      orderNumber: '#1001',
      state: 'pending',
      draft,
    });
    expect(await storage.entries()).toEqual([]);
  });

  it('resends what a previous page left, by itself after creation, once', async () => {
    const storage = indexedDbStore(`outbox-auto-${Math.random()}`);
    const down = fakeApi([networkDown]);
    const s = await makeClient(down, { storage, resendWhenOnline: false }).lookup(lookup);
    await expect(s.submitClaim(draft)).rejects.toMatchObject({ kind: 'network' });
    const key = keysOf(down)[0];

    const up = fakeApi([() => json(claim, 201)]);
    const after = makeClient(up, { storage, resendWhenOnline: false, autoResume: true });
    const submitted = await new Promise<Claim>((resolve) => after.on('submitted', resolve));
    expect(submitted.uuid).toBe(claim.uuid);
    // An explicit resume right behind the automatic one sends nothing twice.
    expect(await after.resumePending()).toEqual([]);
    expect(keysOf(up)).toEqual([key]);
  });

  it('resends when the tab becomes visible again', async () => {
    let up = false;
    const api = fakeApi([(init) => (up ? json(claim, 201) : networkDown(init))]);
    const client = makeClient(api);
    const s = await client.lookup(lookup);
    await expect(s.submitClaim(draft)).rejects.toMatchObject({ kind: 'network' });
    up = true;
    const submitted = new Promise<Claim>((resolve) => client.on('submitted', resolve));
    document.dispatchEvent(new Event('visibilitychange'));
    expect((await submitted).uuid).toBe(claim.uuid);
  });

  it('a double tap on submit makes one request and one key', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const api = fakeApi([
      async () => {
        await gate;
        return json(claim, 201);
      },
    ]);
    const s = await makeClient(api).lookup(lookup);
    const first = s.submitClaim(draft);
    const second = s.submitClaim({ ...draft });
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    expect((await first).uuid).toBe(claim.uuid);
    expect((await second).uuid).toBe(claim.uuid);
    expect(api.claimCalls()).toHaveLength(1);
  });

  it('re-submitting a draft that is still pending reuses its key', async () => {
    let up = false;
    const api = fakeApi([(init) => (up ? json(claim, 201) : networkDown(init))]);
    const client = makeClient(api, { resendWhenOnline: false });
    const s = await client.lookup(lookup);
    await expect(s.submitClaim(draft)).rejects.toMatchObject({ kind: 'network' });
    up = true;
    await s.submitClaim(draft);
    expect(new Set(keysOf(api)).size).toBe(1);
    expect(await client.pending()).toEqual([]);
  });

  it('reports a refusal as `rejected` with the draft, and drops it from the outbox', async () => {
    const api = fakeApi([
      () =>
        apiError(422, 'claim_invalid', [
          { loc: ['body', 'upload_ids'], msg: 'at least 1 photo(s) per selected item', type: 'photos_required' },
        ]),
    ]);
    const client = makeClient(api);
    const rejected = vi.fn();
    client.on('rejected', rejected);
    const s = await client.lookup(lookup);
    await expect(s.submitClaim(draft)).rejects.toMatchObject({
      kind: 'validation',
      fields: [{ path: 'upload_ids', code: 'photos_required' }],
    });
    expect(rejected).toHaveBeenCalledWith(
      expect.objectContaining({ draft }),
      expect.objectContaining({ kind: 'validation' }),
    );
    expect(await client.pending()).toEqual([]);
  });

  it('discardPending drops an entry; off() and the unsubscribe function stop events', async () => {
    const api = fakeApi([networkDown]);
    const client = makeClient(api, { resendWhenOnline: false });
    const listener = vi.fn();
    const unsubscribe = client.on('pending', listener);
    const s = await client.lookup(lookup);
    await expect(s.submitClaim(draft)).rejects.toMatchObject({ kind: 'network' });
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    await client.resumePending();
    expect(listener).toHaveBeenCalledTimes(1);
    const [entry] = await client.pending();
    await client.discardPending(entry!.id);
    expect(await client.pending()).toEqual([]);
  });
});

describe('an expired session on resend', () => {
  it('is a session_expired error; the submission waits for a new session instead of being resent in vain', async () => {
    const api = fakeApi([() => apiError(401, 'session_invalid')]);
    const client = makeClient(api, { resendWhenOnline: false });
    const expired = vi.fn();
    client.on('session_expired', expired);
    const s = await client.lookup(lookup);
    const error = await s.submitClaim(draft).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'session_expired', key: 'session_invalid' });
    const [kept] = await client.pending();
    expect(kept).toMatchObject({ state: 'needs_session', draft, orderNumber: '#1001' });
    expect((error as { pendingId: string }).pendingId).toBe(kept?.id);
    expect(expired).toHaveBeenCalledWith(
      expect.objectContaining({ id: kept?.id }),
      expect.objectContaining({ kind: 'session_expired' }),
    );
    expect(await client.resumePending()).toEqual([]);
    expect(api.claimCalls()).toHaveLength(1);
  });

  it('after a new lookup, resubmit sends it with the new token, the same key and the corrected draft', async () => {
    let token = 'old.token';
    const newUpload = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const api = fakeApi(
      [
        (init) =>
          header(init, 'Authorization') === 'Bearer old.token' ? apiError(401, 'session_invalid') : json(claim, 201),
      ],
      () => json({ ...session, session_token: token }, 201),
    );
    const client = makeClient(api, { resendWhenOnline: false });
    const old = await client.lookup(lookup);
    await expect(old.submitClaim(draft)).rejects.toMatchObject({ kind: 'session_expired' });
    const [kept] = await client.pending();

    token = 'new.token';
    const fresh = await client.lookup(lookup);
    const corrected = { ...draft, selected_items: [{ sku: 'MUG', quantity: 1, upload_ids: [newUpload] }] };
    expect((await fresh.resubmit(kept!.id, corrected)).uuid).toBe(claim.uuid);
    const [first, second] = api.claimCalls();
    expect(header(second!.init, 'Authorization')).toBe('Bearer new.token');
    expect(header(second!.init, 'Idempotency-Key')).toBe(header(first!.init, 'Idempotency-Key'));
    expect(JSON.parse(String(second!.init.body)).selected_items[0].upload_ids).toEqual([newUpload]);
    expect(JSON.parse(String(first!.init.body)).selected_items[0].upload_ids).toEqual([UPLOAD_ID]);
    expect(await client.pending()).toEqual([]);
  });

  it('refuses to resubmit onto another order', async () => {
    const storage = memoryStore();
    const client = makeClient(fakeApi([() => apiError(401, 'session_invalid')]), { storage, resendWhenOnline: false });
    await expect((await client.lookup(lookup)).submitClaim(draft)).rejects.toMatchObject({ kind: 'session_expired' });
    const [kept] = await client.pending();
    const otherOrder = fakeApi([() => json(claim, 201)], () =>
      json({ ...session, order: { ...session.order, order_number: '#2002' } }, 201),
    );
    const other = await makeClient(otherOrder, { storage, resendWhenOnline: false }).lookup(lookup);
    await expect(other.resubmit(kept!.id)).rejects.toMatchObject({ kind: 'conflict', key: 'order_mismatch' });
    expect(otherOrder.claimCalls()).toHaveLength(0);
  });
});

describe('storage the browser refuses', () => {
  it('moves to memory at the first refusal, so drafts and submissions still work on the page', async () => {
    const refused = vi.fn(async () => {
      throw new DOMException('The user denied permission to access the database.', 'UnknownError');
    });
    const blocked: KeyValueStore = { get: refused, set: refused, delete: refused, entries: refused };
    const store = withMemoryFallback(blocked);
    await store.set('demo-shop:key', { a: 1 });
    expect(await store.get('demo-shop:key')).toEqual({ a: 1 });
    expect(await store.entries()).toEqual([['demo-shop:key', { a: 1 }]]);
    await store.delete('demo-shop:key');
    expect(await store.get('demo-shop:key')).toBeUndefined();
    expect(refused).toHaveBeenCalledTimes(1); // never asked again once refused
  });

  it('keeps using the primary store while it works', async () => {
    const primary = memoryStore();
    const store = withMemoryFallback(primary);
    await store.set('k', 'v');
    expect(await primary.get('k')).toBe('v');
  });
});

describe('Web Locks the browser refuses', () => {
  it('runs the send without a lock when the request is denied, and only once', async () => {
    const { withLock } = await import('../../src/client/sender.js');
    const denied = {
      request: vi.fn(async () => Promise.reject(new DOMException('The request was denied.', 'SecurityError'))),
    } as unknown as LockManager;
    const task = vi.fn(async () => 'sent');
    expect(await withLock('karla-resolve-outbox:x', false, task, denied)).toBe('sent');
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('does not run a failed task twice', async () => {
    const { withLock } = await import('../../src/client/sender.js');
    const granting = {
      request: vi.fn(async (_name: string, _options: unknown, callback: (lock: unknown) => Promise<unknown>) =>
        callback({}),
      ),
    } as unknown as LockManager;
    const task = vi.fn(async () => {
      throw new Error('server down');
    });
    await expect(withLock('k', false, task, granting)).rejects.toThrow('server down');
    expect(task).toHaveBeenCalledTimes(1);
  });
});
