import { afterEach, describe, expect, it, vi } from 'vitest';
import { createResolveClient, memoryStore, indexedDbStore, type ResolveClient } from '../../src/client/index.js';
import type { Claim } from '../../src/core/claims.js';
import { API, apiError, claim, draft, json, session } from './fixtures.js';

const fast = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
let clients: ResolveClient[] = [];
afterEach(() => {
  clients.forEach((c) => c.close());
  clients = [];
});

/** A fake API: sessions always work; claims answer from `claims` in order (the last one repeats). */
function fakeApi(claims: (() => Response | Promise<Response>)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  let index = 0;
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init });
    if (url.endsWith('/resolve/sessions')) return json(session, 201);
    const answer = claims[Math.min(index++, claims.length - 1)] as () => Response | Promise<Response>;
    return answer();
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    claimCalls: () => calls.filter((c) => c.url.endsWith('/resolve/claims')),
  };
}

function client(api: ReturnType<typeof fakeApi>, extra: Partial<Parameters<typeof createResolveClient>[0]> = {}) {
  const c = createResolveClient({
    shopSlug: 'demo-shop',
    apiOrigin: API,
    language: 'de',
    fetch: api.fetch,
    storage: memoryStore(),
    drafts: memoryStore(),
    retry: fast,
    ...extra,
  });
  clients.push(c);
  return c;
}
const header = (init: RequestInit, name: string) => (init.headers as Record<string, string>)[name];

describe('lookup', () => {
  it('posts order number and ZIP, in the client language, and returns the session', async () => {
    const api = fakeApi([]);
    const s = await client(api).lookup({ orderNumber: '1001', zipCode: '10119' });
    expect(s.data.order.order_number).toBe('#1001');
    expect(api.calls[0]?.url).toBe(`${API}/v1/shops/demo-shop/resolve/sessions`);
    expect(JSON.parse(String(api.calls[0]?.init.body))).toEqual({ order_number: '1001', zip_code: '10119' });
    expect(header(api.calls[0]!.init, 'Accept-Language')).toBe('de');
  });

  it.each([
    [
      apiError(404, 'order_not_found'),
      { kind: 'not_found', key: 'order_not_found', message: 'message for order_not_found' },
    ],
    [apiError(429, 'too_many_attempts', [], { 'Retry-After': '42' }), { kind: 'rate_limited', retryAfterMs: 42_000 }],
    [apiError(401, 'link_invalid'), { kind: 'session_expired', key: 'link_invalid' }],
  ])('maps refusals to typed errors (%#)', async (response, expected) => {
    const fetch = vi.fn(async () => response) as unknown as typeof globalThis.fetch;
    const c = createResolveClient({
      shopSlug: 'demo-shop',
      apiOrigin: API,
      language: 'en',
      fetch,
      storage: memoryStore(),
      drafts: memoryStore(),
      retry: fast,
    });
    clients.push(c);
    await expect(c.lookup({ token: 'x'.repeat(20) })).rejects.toMatchObject(expected);
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('submitClaim', () => {
  it('never sends an invalid draft, and names the fields', async () => {
    const api = fakeApi([() => json(claim, 201)]);
    const s = await client(api).lookup({ orderNumber: '1001', zipCode: '10119' });
    const invalid = {
      ...draft,
      selected_items: [{ sku: 'MUG', quantity: 0 }],
      resolution_preference: 'money-back',
    } as unknown as typeof draft;
    await expect(s.submitClaim(invalid)).rejects.toMatchObject({
      kind: 'validation',
      fields: expect.arrayContaining([
        expect.objectContaining({ path: 'selected_items.0.quantity' }),
        expect.objectContaining({ path: 'resolution_preference' }),
      ]),
    });
    expect(api.claimCalls()).toHaveLength(0);
  });

  it('maps the API validation errors to field paths, and does not keep the refused draft', async () => {
    const api = fakeApi([
      () =>
        apiError(422, 'claim_invalid', [
          { loc: ['body', 'selected_items', 0, 'quantity'], msg: 'at most 2 ordered', type: 'quantity_exceeds_order' },
        ]),
    ]);
    const c = client(api);
    const s = await c.lookup({ orderNumber: '1001', zipCode: '10119' });
    await expect(s.submitClaim(draft)).rejects.toMatchObject({
      kind: 'validation',
      key: 'claim_invalid',
      fields: [{ path: 'selected_items.0.quantity', message: 'at most 2 ordered', code: 'quantity_exceeds_order' }],
    });
    expect(api.claimCalls()).toHaveLength(1);
    expect(await c.pending()).toEqual([]);
  });

  it('retries 503 and 429 with one Idempotency-Key, reports submitted only after the acknowledgement', async () => {
    const api = fakeApi([
      () => apiError(503, 'internal_error'),
      () => apiError(429, 'too_many_attempts', [], { 'Retry-After': '0' }),
      () => json(claim, 201),
    ]);
    const c = client(api);
    const submitted: Claim[] = [];
    c.on('submitted', (value) => submitted.push(value));
    const s = await c.lookup({ orderNumber: '1001', zipCode: '10119' });
    const result = await s.submitClaim(draft);
    expect(result.uuid).toBe(claim.uuid);
    const keys = api.claimCalls().map((call) => header(call.init, 'Idempotency-Key'));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(header(api.claimCalls()[0]!.init, 'Authorization')).toBe('Bearer session.token');
    expect(submitted.map((c) => c.uuid)).toEqual([claim.uuid]);
    expect(await c.pending()).toEqual([]);
  });

  it('uses a new key for a new draft', async () => {
    const api = fakeApi([() => json(claim, 201)]);
    const s = await client(api).lookup({ orderNumber: '1001', zipCode: '10119' });
    await s.submitClaim(draft);
    await s.submitClaim({ ...draft, description: 'another' });
    const keys = api.claimCalls().map((call) => header(call.init, 'Idempotency-Key'));
    expect(new Set(keys).size).toBe(2);
  });

  it('keeps a submission the network swallowed, and sends it with the same key when back online', async () => {
    let online = false;
    const api = fakeApi([() => (online ? json(claim, 201) : Promise.reject(new TypeError('Failed to fetch')))]);
    const c = client(api);
    const s = await c.lookup({ orderNumber: '1001', zipCode: '10119' });
    await expect(s.submitClaim(draft)).rejects.toMatchObject({ kind: 'network' });
    const [pending] = await c.pending();
    expect(pending?.idempotencyKey).toBeTruthy();
    const submitted = new Promise<Claim>((resolve) => c.on('submitted', resolve));
    online = true;
    window.dispatchEvent(new Event('online'));
    expect((await submitted).uuid).toBe(claim.uuid);
    const keys = new Set(api.claimCalls().map((call) => header(call.init, 'Idempotency-Key')));
    expect(keys).toEqual(new Set([pending?.idempotencyKey]));
    expect(await c.pending()).toEqual([]);
  });

  it('survives a reload: a new client on the same IndexedDB outbox resends the pending claim once', async () => {
    const outbox = indexedDbStore(`outbox-test-${Math.random()}`);
    const down = fakeApi([() => Promise.reject(new TypeError('Failed to fetch'))]);
    const before = client(down, { storage: outbox, resendWhenOnline: false });
    const s = await before.lookup({ orderNumber: '1001', zipCode: '10119' });
    await expect(s.submitClaim(draft)).rejects.toMatchObject({ kind: 'network' });
    const key = header(down.claimCalls()[0]!.init, 'Idempotency-Key');

    const up = fakeApi([() => json(claim, 201)]);
    const after = client(up, { storage: outbox, resendWhenOnline: false });
    const claims = await after.resumePending();
    expect(claims.map((c) => c.uuid)).toEqual([claim.uuid]);
    expect(up.claimCalls().map((call) => header(call.init, 'Idempotency-Key'))).toEqual([key]);
    expect(await after.resumePending()).toEqual([]);
  });

  it('keeps the submission when the session expired, and says so', async () => {
    const api = fakeApi([() => apiError(401, 'session_invalid')]);
    const c = client(api);
    const s = await c.lookup({ orderNumber: '1001', zipCode: '10119' });
    await expect(s.submitClaim(draft)).rejects.toMatchObject({ kind: 'session_expired' });
    expect(await c.pending()).toHaveLength(1);
  });
});

describe('drafts', () => {
  it('saves, loads and clears a half-filled draft per shop', async () => {
    const c = client(fakeApi([]), { drafts: indexedDbStore(`drafts-test-${Math.random()}`) });
    await c.saveDraft('flow', { step: 'items', description: 'broken' });
    expect(await c.loadDraft('flow')).toEqual({ step: 'items', description: 'broken' });
    await c.clearDraft('flow');
    expect(await c.loadDraft('flow')).toBeUndefined();
  });
});

describe('restoreSession', () => {
  it('brings back a kept session that submits with its token, and refuses expired, foreign or malformed ones', async () => {
    const api = fakeApi([() => json(claim, 201)]);
    const c = client(api);
    const future = new Date(Date.now() + 30 * 60_000).toISOString();
    const kept = JSON.parse(JSON.stringify({ ...session, expires_at: future }));
    const restored = c.restoreSession(kept);
    expect(restored?.data.order.order_number).toBe(session.order.order_number);
    await restored?.submitClaim(draft);
    expect(header(api.claimCalls()[0]?.init ?? {}, 'Authorization')).toBe(`Bearer ${session.session_token}`);

    expect(c.restoreSession({ ...kept, expires_at: new Date(Date.now() + 10_000).toISOString() })).toBeUndefined();
    expect(c.restoreSession({ ...kept, shop_slug: 'other-shop' })).toBeUndefined();
    expect(c.restoreSession({ ...kept, order: 'tampered' })).toBeUndefined();
    expect(c.restoreSession(undefined)).toBeUndefined();
  });
});
