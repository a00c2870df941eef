import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  SessionExpiredError,
  ValidationError,
  type ClientError,
} from '../../src/client/index.js';
import { apiError, draft, json } from './fixtures.js';
import { closeClients, fakeApi, hanging, header, makeClient, networkDown } from './fake-api.js';

afterEach(() => {
  closeClients();
  vi.useRealTimers();
});

describe('API error kinds → typed errors (one attempt each: none of these is retried)', () => {
  it.each([
    [
      '422 with field errors',
      apiError(422, 'claim_invalid', [
        { loc: ['body', 'selected_items', 0, 'sku'], msg: 'not an item of this order', type: 'item_not_in_order' },
      ]),
      ValidationError,
      {
        kind: 'validation',
        status: 422,
        key: 'claim_invalid',
        fields: [{ path: 'selected_items.0.sku', message: 'not an item of this order', code: 'item_not_in_order' }],
      },
    ],
    [
      '400 with a header error',
      apiError(400, 'idempotency_key_required', [
        { loc: ['header', 'Idempotency-Key'], msg: 'required', type: 'missing' },
      ]),
      ValidationError,
      { kind: 'validation', fields: [{ path: 'header.Idempotency-Key', message: 'required', code: 'missing' }] },
    ],
    [
      '413 upload too large',
      apiError(413, 'upload_too_large', [{ loc: ['body', 'file'], msg: 'too big', type: 'too_large' }]),
      ValidationError,
      { kind: 'validation', fields: [{ path: 'file', message: 'too big', code: 'too_large' }] },
    ],
    [
      '404 order_not_found',
      apiError(404, 'order_not_found'),
      NotFoundError,
      { kind: 'not_found', key: 'order_not_found', message: 'message for order_not_found' },
    ],
    [
      '401 session_invalid',
      apiError(401, 'session_invalid'),
      SessionExpiredError,
      { kind: 'session_expired', key: 'session_invalid', status: 401 },
    ],
    [
      '409 idempotency_conflict',
      apiError(409, 'idempotency_conflict'),
      ConflictError,
      { kind: 'conflict', key: 'idempotency_conflict' },
    ],
    [
      'a 4xx without a readable body',
      new Response('<html>Bad Request</html>', { status: 400 }),
      ValidationError,
      { kind: 'validation', status: 400, fields: [] },
    ],
  ])('%s', async (_name, response, type, expected) => {
    const api = fakeApi([() => response.clone()]);
    const session = await makeClient(api).lookup({ orderNumber: '1001', zipCode: '10119' });
    const error = await session.submitClaim(draft).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(expected);
    expect(api.claimCalls()).toHaveLength(1);
  });

  it('429 carries retryAfterMs from Retry-After seconds or an HTTP date', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z'), toFake: ['Date'] });
    const inSeconds = fakeApi([], () => apiError(429, 'too_many_attempts', [], { 'Retry-After': '42' }));
    await expect(makeClient(inSeconds).lookup({ orderNumber: '1001', zipCode: '10119' })).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 42_000,
    });
    const asDate = fakeApi([], () =>
      apiError(429, 'too_many_attempts', [], { 'Retry-After': 'Mon, 23 Nov 2026 10:01:30 GMT' }),
    );
    const error = await makeClient(asDate)
      .lookup({ orderNumber: '1001', zipCode: '10119' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(90_000);
    // A lookup's 429 means "stop guessing": never retried.
    expect(asDate.calls).toHaveLength(1);
  });

  it('5xx after the last attempt is a server error, kept in the outbox', async () => {
    const api = fakeApi([() => apiError(500, 'internal_error')]);
    const client = makeClient(api);
    const session = await client.lookup({ orderNumber: '1001', zipCode: '10119' });
    const error = await session.submitClaim(draft).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ kind: 'server', status: 500, key: 'internal_error' });
    expect(api.claimCalls()).toHaveLength(3);
    const [kept] = await client.pending();
    expect((error as ClientError).pendingId).toBe(kept?.id);
  });

  it('a 2xx the schema refuses is a server error (retried: the request is idempotent)', async () => {
    const api = fakeApi([() => json({ uuid: 'not-a-claim' }, 201)]);
    const session = await makeClient(api).lookup({ orderNumber: '1001', zipCode: '10119' });
    await expect(session.submitClaim(draft)).rejects.toMatchObject({
      kind: 'server',
      message: 'unexpected response from the API',
    });
    expect(api.claimCalls()).toHaveLength(3);
  });

  it('a failed fetch is a network error', async () => {
    const api = fakeApi([networkDown]);
    const session = await makeClient(api).lookup({ orderNumber: '1001', zipCode: '10119' });
    const error = await session.submitClaim(draft).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ kind: 'network', offline: false });
  });

  it('a request that never answers times out as a retryable network error', async () => {
    vi.useFakeTimers();
    const api = fakeApi([hanging, hanging, () => json({}, 500)]);
    const session = await makeClient(api, {
      timeoutMs: 5_000,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    }).lookup({ orderNumber: '1001', zipCode: '10119' });
    const result = session.submitClaim(draft).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(api.claimCalls()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1 + 10);
    expect(api.claimCalls()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await result).toMatchObject({ kind: 'network', message: 'no answer within 5000 ms' });
  });

  it('sends Accept-Language in the client language and no cookies', async () => {
    const api = fakeApi([]);
    await makeClient(api, { language: 'de' }).lookup({ orderNumber: '1001', zipCode: '10119' });
    expect(header(api.calls[0]!.init, 'Accept-Language')).toBe('de');
    expect(api.calls[0]!.init.credentials).toBe('omit');
  });
});

describe('local validation', () => {
  it('refuses an invalid lookup without a request, with API field names', async () => {
    const api = fakeApi([]);
    const error = await makeClient(api)
      .lookup({ orderNumber: ' ', zipCode: '10119!' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(new Set((error as ValidationError).fields.map((field) => field.path))).toEqual(
      new Set(['order_number', 'zip_code']),
    );
    expect(api.calls).toHaveLength(0);
  });

  it('speaks the client language (zod locale)', async () => {
    const api = fakeApi([() => json({}, 500)]);
    const session = await makeClient(api, { language: 'de' }).lookup({ orderNumber: '1001', zipCode: '10119' });
    const error = (await session
      .submitClaim({ ...draft, selected_items: [{ sku: 'MUG', quantity: 0 }] })
      .catch((caught: unknown) => caught)) as ValidationError;
    expect(error.fields).toEqual([expect.objectContaining({ path: 'selected_items.0.quantity', code: 'too_small' })]);
    expect(error.fields[0]?.message).toMatch(/Zu klein/);
    expect(api.claimCalls()).toHaveLength(0);
  });
});
