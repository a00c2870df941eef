import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { claimEventSchema } from '../../src/core/claim-events.js';
import { claimListSchema, claimSchema, type ClaimDraft } from '../../src/core/claims.js';
import { orderListSchema, orderSchema, type OrderInput } from '../../src/core/orders.js';
import { resolveLinkResponseSchema, sessionResponseSchema, uploadResponseSchema } from '../../src/core/session.js';
import { startApiServer } from '../../src/server/index.js';
import { backends, startTestApi, type TestApi } from './support.js';
import { JPEG, PNG } from '../support/images.js';

const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(120).fill(0)]);

function order(number: string, zip: string, phase: OrderInput['shipments'][number]['phase']): OrderInput {
  return {
    order_number: number,
    customer_name: 'Jane Doe',
    email: 'jane.doe@example.com',
    zip_code: zip,
    currency: 'EUR',
    address: {
      name: 'Jane Doe',
      street: 'Main St 1',
      zip_code: zip,
      city: 'Berlin',
      country: 'Germany',
      country_code: 'DE',
    },
    line_items: [
      { sku: 'MUG', title: 'Mug', quantity: 2, net_price: 10 },
      { sku: 'PLATE', title: 'Plate', quantity: 4, net_price: 5.5 },
    ],
    shipments: [{ id: `S-${number}`, phase, carrier: 'dhl', tracking_number: '123' }],
  };
}

describe.each(backends)('Resolve API on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(t.url(path), {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const merchant = (method: string, path: string, body?: unknown) =>
    fetch(t.url(path), {
      method,
      headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const base = () => `/v1/shops/${t.slug}`;
  const lookup = (orderNumber: string, zipCode: string, headers: Record<string, string> = {}) =>
    json('POST', `${base()}/resolve/sessions`, { order_number: orderNumber, zip_code: zipCode }, headers);
  const session = async (orderNumber: string, zip: string) =>
    sessionResponseSchema.parse(await (await lookup(orderNumber, zip)).json());
  const upload = (token: string, bytes: Uint8Array, name = 'photo.jpg', type = 'image/jpeg') => {
    const form = new FormData();
    form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
    return fetch(t.url(`${base()}/resolve/uploads`), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
  };
  const submit = (token: string, key: string | undefined, draft: unknown) =>
    json('POST', `${base()}/resolve/claims`, draft, {
      Authorization: `Bearer ${token}`,
      ...(key ? { 'Idempotency-Key': key } : {}),
    });
  const photo = async (token: string) => uploadResponseSchema.parse(await (await upload(token, JPEG)).json()).id;
  const draft = (uploadIds: string[], patch: Partial<ClaimDraft> = {}): ClaimDraft => ({
    flow_type: 'defective',
    selected_items: [{ sku: 'MUG', quantity: 1, upload_ids: uploadIds }],
    resolution_preference: 'refund',
    language: 'en',
    description: 'The handle broke off.',
    ...patch,
  });

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi({
      ...store.options,
      lookupThrottle: { maxFailures: 3, maxFailuresPerClient: 6, windowMs: 60_000 },
      trustProxyHops: 1,
      uploadLimitBytes: 4096,
    });
    for (const [n, zip, phase] of [
      ['1001', '10119', 'delivered'],
      ['1002', 'SW1A 1AA', 'in_transit'],
      ['1003', '1234 AB', 'delivered'],
      ['1004', '00-950', 'order_processed'],
      ['1005', '2100', 'delivered'],
    ] as const) {
      expect((await merchant('PUT', `${base()}/orders`, order(`#${n}`, zip, phase))).status).toBe(201);
    }
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
  });

  describe('merchant orders', () => {
    it('upserts: the same order number (with or without #) replaces the order', async () => {
      const changed = { ...order('1001', '10119', 'delivered'), customer_name: 'Jane Q. Doe' };
      const response = await merchant('PUT', `${base()}/orders`, changed);
      expect(response.status).toBe(200);
      expect(orderSchema.parse(await response.json()).customer_name).toBe('Jane Q. Doe');
      await merchant('PUT', `${base()}/orders`, order('#1001', '10119', 'delivered'));
    });

    it('lists with filters and pagination', async () => {
      const all = orderListSchema.parse(await (await merchant('GET', `${base()}/orders?per_page=2&page=2`)).json());
      expect(all).toMatchObject({ page: 2, per_page: 2, total: 5 });
      expect(all.data).toHaveLength(2);
      const one = orderListSchema.parse(await (await merchant('GET', `${base()}/orders?zip_code=sw1a1aa`)).json());
      expect(one.data.map((o) => o.order_number)).toEqual(['#1002']);
      expect((await merchant('GET', `${base()}/orders?per_page=500`)).status).toBe(422);
    });

    it('refuses invalid orders with field paths, and missing credentials', async () => {
      const bad = await merchant('PUT', `${base()}/orders`, {
        ...order('9', '1', 'delivered'),
        email: 'not-an-email',
        line_items: [{ sku: 'X', title: 'X', quantity: 0, net_price: 1 }],
      });
      expect(bad.status).toBe(422);
      const locs = apiErrorBodySchema.parse(await bad.json()).errors.map((e) => e.loc.join('.'));
      expect(locs).toEqual(expect.arrayContaining(['body.email', 'body.line_items.0.quantity']));
      expect((await json('PUT', `${base()}/orders`, order('9', '1', 'delivered'))).status).toBe(401);
    });
  });

  describe('order lookup', () => {
    it.each([
      ['1001', '10119'],
      ['#1002', 'sw1a1aa'],
      ['1002', ' SW1A 1AA '],
      ['1003', '1234ab'],
      ['1004', '00950'],
    ])('finds %s with ZIP %j, tolerant of case and spaces', async (orderNumber, zip) => {
      const response = await lookup(orderNumber, zip);
      expect(response.status).toBe(201);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    });

    it('returns what the customer may see, with flows gated by fulfilment state', async () => {
      const delivered = await session('1001', '10119');
      expect(delivered.order).toMatchObject({
        order_number: '#1001',
        customer_first_name: 'Jane',
        masked_email: 'j•••@example.com',
      });
      expect(delivered.order.items.map((i) => i.sku)).toEqual(['MUG', 'PLATE']);
      expect(delivered.available_flows).toEqual(expect.arrayContaining(['defective', 'notReceived', 'return']));
      expect(JSON.stringify(delivered)).not.toContain('jane.doe@example.com');
      // The configured upload limit, so the flow can name it and refuse bigger files before sending.
      expect(delivered.upload_limit_bytes).toBe(4096);
      const inTransit = await session('1002', 'SW1A 1AA');
      expect(inTransit.available_flows).not.toContain('notReceived');
      expect(inTransit.available_flows).toContain('defective');
      expect((await session('1004', '00-950')).available_flows).toEqual(['support']);
    });

    it('tells a wrong ZIP from an unknown order, then throttles with Retry-After', async () => {
      const wrongZip = await lookup('1003', '9999 ZZ', { 'X-Forwarded-For': '1.2.3.4' });
      const unknown = await lookup('77777', '1234 AB');
      expect(wrongZip.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(apiErrorBodySchema.parse(await wrongZip.json())).toMatchObject({
        key: 'zip_code_mismatch',
        errors: [{ loc: ['body', 'zip_code'] }],
      });
      expect(apiErrorBodySchema.parse(await unknown.json())).toMatchObject({
        key: 'order_not_found',
        errors: [{ loc: ['body', 'order_number'] }],
      });
      await lookup('1003', '0000 AA');
      await lookup('1003', '1111 BB');
      // Locked now, even with the right ZIP: guessing gains nothing.
      const throttled = await lookup('1003', '1234 AB');
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(apiErrorBodySchema.parse(await throttled.json()).key).toBe('too_many_attempts');
    });

    it('localizes the message from Accept-Language', async () => {
      const response = await lookup('55555', '10119', { 'Accept-Language': 'nl-BE,nl;q=0.9' });
      expect(apiErrorBodySchema.parse(await response.json()).message).toBe(
        'We hebben geen bestelling gevonden met dit bestelnummer.',
      );
    });

    it('opens a token session from a merchant resolve link, and refuses forged or foreign tokens', async () => {
      const link = resolveLinkResponseSchema.parse(
        await (await merchant('POST', `${base()}/orders/1001/resolve-link`, { language: 'de' })).json(),
      );
      expect(new URL(link.url).searchParams.get('lang')).toBe('de');
      expect(new URL(link.url).pathname).toBe(`/resolve/${t.slug}/finder`);
      const response = await json('POST', `${base()}/resolve/sessions`, { token: link.token });
      expect(response.status).toBe(201);
      expect(sessionResponseSchema.parse(await response.json()).auth_method).toBe('token');
      const forged = `${link.token.split('.')[0]}.${'A'.repeat(43)}`;
      expect((await json('POST', `${base()}/resolve/sessions`, { token: forged })).status).toBe(401);
      expect((await merchant('POST', `${base()}/orders/404404/resolve-link`, {})).status).toBe(404);
    });
  });

  describe('uploads', () => {
    it('accepts photos by their bytes and serves them through signed URLs only', async () => {
      const s = await session('1001', '10119');
      const response = await upload(s.session_token, PNG, 'whatever.bin', 'application/octet-stream');
      expect(response.status).toBe(201);
      const body = uploadResponseSchema.parse(await response.json());
      expect(body.content_type).toBe('image/png');
      const file = await fetch(body.url as string);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
      const tampered = new URL(body.url as string);
      tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 1));
      expect((await fetch(tampered)).status).toBe(403);
      const expired = new URL(body.url as string);
      expired.searchParams.set('expires', '1000');
      expect((await fetch(expired)).status).toBe(403);
      expect((await fetch(t.url(`/v1/files/${body.id}`))).status).toBe(403);
    });

    it('refuses an executable renamed photo.jpg, an oversized file, no file, and no session', async () => {
      const s = await session('1001', '10119');
      const exe = await upload(s.session_token, ELF, 'photo.jpg', 'image/jpeg');
      expect(exe.status).toBe(415);
      expect(apiErrorBodySchema.parse(await exe.json()).key).toBe('upload_type_not_allowed');
      // A photo (its type is read first), too large (cut while it streams).
      const oversized = new Uint8Array(8192).fill(0xff);
      oversized.set(JPEG.subarray(0, 12));
      const big = await upload(s.session_token, oversized);
      expect(big.status).toBe(413);
      expect(apiErrorBodySchema.parse(await big.json()).key).toBe('upload_too_large');
      const none = await fetch(t.url(`${base()}/resolve/uploads`), {
        method: 'POST',
        headers: { Authorization: `Bearer ${s.session_token}` },
        body: new FormData(),
      });
      expect(none.status).toBe(400);
      expect((await upload('not-a-token-at-all', JPEG)).status).toBe(401);
    });
  });

  describe('claims', () => {
    it('requires an Idempotency-Key', async () => {
      const s = await session('1001', '10119');
      const response = await submit(s.session_token, undefined, draft([await photo(s.session_token)]));
      expect(response.status).toBe(400);
      expect(apiErrorBodySchema.parse(await response.json()).key).toBe('idempotency_key_required');
    });

    it('creates the claim in the documented shape and records claims/created in the outbox', async () => {
      const s = await session('1001', '10119');
      const id = await photo(s.session_token);
      const response = await submit(s.session_token, 'key-create-0001', draft([id]));
      expect(response.status).toBe(201);
      const claim = claimSchema.parse(await response.json());
      expect(claim).toMatchObject({
        order_number: '#1001',
        reason: 'partial_damage',
        status: 'pending',
        resolution_preference: 'refund',
        net_invoice_amount: 10,
        tracking_number: '123',
        carrier_reference: 'dhl',
      });
      expect(claim.selected_items[0]).toMatchObject({ sku: 'MUG', title: 'Mug', quantity: 1 });
      expect(claim.image_urls).toHaveLength(1);
      expect((await fetch(claim.image_urls[0] as string)).status).toBe(200);
      // A number + ZIP session sees only the coarse address.
      expect(claim.address.street ?? null).toBeNull();
      const events = await t.api.db.query<{ event_name: string; payload: unknown }>(
        'SELECT event_name, payload FROM outbox WHERE claim_id = $1',
        [claim.uuid],
      );
      expect(events.map((e) => e.event_name)).toEqual(['claims/created']);
      const event = claimEventSchema.parse(events[0]?.payload);
      expect(event).toMatchObject({ source: 'claims', version: 1, event_group: 'claim_created', shop_slug: t.slug });
      expect(event.context.customer.email).toBe('jane.doe@example.com');
    });

    it('same key and body → the same claim; same key, other body → 409', async () => {
      const s = await session('1001', '10119');
      const body = draft([await photo(s.session_token)]);
      const first = claimSchema.parse(await (await submit(s.session_token, 'key-replay-0001', body)).json());
      const again = await submit(s.session_token, 'key-replay-0001', body);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(claimSchema.parse(await again.json()).uuid).toBe(first.uuid);
      const conflict = await submit(s.session_token, 'key-replay-0001', { ...body, description: 'Something else' });
      expect(conflict.status).toBe(409);
      expect(apiErrorBodySchema.parse(await conflict.json()).key).toBe('idempotency_conflict');
    });

    it('creates exactly one claim from 10 concurrent submissions with one key', async () => {
      const s = await session('1005', '2100');
      const body = draft([await photo(s.session_token)], {
        selected_items: [{ sku: 'PLATE', quantity: 2, upload_ids: [] }],
      });
      body.selected_items[0]!.upload_ids = [await photo(s.session_token)];
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => submit(s.session_token, 'key-concurrent-01', body)),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      const ids = new Set(await Promise.all(responses.map(async (r) => claimSchema.parse(await r.json()).uuid)));
      expect(ids.size).toBe(1);
      const list = claimListSchema.parse(await (await merchant('GET', `${base()}/claims?order_number=1005`)).json());
      expect(list.total).toBe(1);
      const [{ count }] = (await t.api.db.query<{ count: string | number }>(
        'SELECT count(*) AS count FROM outbox WHERE claim_id = $1',
        [[...ids][0] as string],
      )) as [{ count: string | number }];
      expect(Number(count)).toBe(1);
    });

    it.each([
      ['an item not in the order', { selected_items: [{ sku: 'NOPE', quantity: 1 }] }, 'body.selected_items.0.sku'],
      [
        'more units than ordered',
        { selected_items: [{ sku: 'MUG', quantity: 3, upload_ids: ['UPLOAD'] }] },
        'body.selected_items.0.quantity',
      ],
      ['too few photos', { selected_items: [{ sku: 'MUG', quantity: 1 }] }, 'body.upload_ids'],
      ['a preference the shop does not offer', { resolution_preference: 'reorder' as const, description: '' }, null],
      ['a signature outside not-received', { signature_upload_id: 'SIGNATURE' }, 'body.signature_upload_id'],
    ])('refuses %s with 422 and the field path', async (_name, patch, loc) => {
      const s = await session('1001', '10119');
      const id = await photo(s.session_token);
      const signature = await photo(s.session_token);
      const body = JSON.parse(
        JSON.stringify(draft([id], patch as Partial<ClaimDraft>))
          .replaceAll('UPLOAD', id)
          .replaceAll('SIGNATURE', signature),
      ) as ClaimDraft;
      if (loc === null) {
        // The shop allows both preferences: this one is accepted, proving the check is not over-eager.
        expect((await submit(s.session_token, `key-ok-${Math.random().toString(36).slice(2, 10)}`, body)).status).toBe(
          201,
        );
        return;
      }
      const response = await submit(s.session_token, `key-bad-${Math.random().toString(36).slice(2, 10)}`, body);
      expect(response.status).toBe(422);
      expect(apiErrorBodySchema.parse(await response.json()).errors.map((e) => e.loc.join('.'))).toContain(loc);
    });

    it('refuses uploads from another session and flows the order does not offer', async () => {
      const mine = await session('1001', '10119');
      const other = await session('1001', '10119');
      const foreign = await photo(other.session_token);
      const response = await submit(mine.session_token, 'key-foreign-001', draft([foreign]));
      expect(response.status).toBe(422);
      expect(JSON.stringify(await response.json())).toContain('upload_not_in_session');
      const transit = await session('1002', 'SW1A 1AA');
      const notYet = await submit(transit.session_token, 'key-flow-00001', {
        flow_type: 'notReceived',
        selected_items: [{ sku: 'MUG', quantity: 1 }],
        resolution_preference: 'reorder',
        language: 'en',
      });
      expect(notYet.status).toBe(422);
      expect(apiErrorBodySchema.parse(await notYet.json()).errors.map((e) => e.loc.join('.'))).toContain(
        'body.flow_type',
      );
    });

    it('lets merchants filter, read and update claims; a status change records claims/updated', async () => {
      const list = claimListSchema.parse(
        await (
          await merchant('GET', `${base()}/claims?status=pending&resolution_preference=refund&per_page=100`)
        ).json(),
      );
      expect(list.total).toBeGreaterThan(0);
      const target = list.data[0]!;
      expect(target.address.street).toBe('Main St 1'); // merchants see the full address
      const updated = await merchant('PUT', `${base()}/claims/${target.uuid}`, { status: 'accepted' });
      expect(updated.status).toBe(200);
      expect(claimSchema.parse(await updated.json()).status).toBe('accepted');
      const read = claimSchema.parse(await (await merchant('GET', `${base()}/claims/${target.uuid}`)).json());
      expect(read.status).toBe('accepted');
      const events = await t.api.db.query<{ event_name: string }>(
        'SELECT event_name FROM outbox WHERE claim_id = $1 ORDER BY created_at',
        [target.uuid],
      );
      expect(events.map((e) => e.event_name)).toEqual(['claims/created', 'claims/updated']);
      expect((await merchant('GET', `${base()}/claims/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      expect((await merchant('PUT', `${base()}/claims/${target.uuid}`, { status: 'lost' })).status).toBe(422);
      expect((await merchant('GET', `${base()}/claims?status=weird`)).status).toBe(422);
    });

    it('applies the merchant resolve settings', async () => {
      const current = await (await merchant('GET', `${base()}/resolve/settings`)).json();
      const stricter = { ...current, description_required: true, description_min_length: 20 };
      expect((await merchant('PUT', `${base()}/resolve/settings`, stricter)).status).toBe(200);
      const s = await session('1001', '10119');
      expect(s.settings.description_min_length).toBe(20);
      const short = await submit(
        s.session_token,
        'key-desc-00001',
        draft([await photo(s.session_token)], { description: 'too short' }),
      );
      expect(short.status).toBe(422);
      await merchant('PUT', `${base()}/resolve/settings`, current);
      expect((await merchant('PUT', `${base()}/resolve/settings`, { ...current, enabled_flows: [] })).status).toBe(422);
    });
  });

  it('answers hostile input with 4xx, never 5xx', async () => {
    const s = await session('1001', '10119');
    const hostile = fc.oneof(
      fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 3 }),
      fc.record({
        order_number: fc.oneof(fc.string({ maxLength: 5000 }), fc.integer(), fc.constant('__proto__')),
        zip_code: fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constant(null)),
        token: fc.oneof(fc.string(), fc.constant('a.b.c')),
        flow_type: fc.oneof(fc.constantFrom('defective', 'constructor', '__proto__'), fc.string()),
        selected_items: fc.array(
          fc.record({ sku: fc.string(), quantity: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
          { maxLength: 3 },
        ),
        __proto__: fc.dictionary(fc.string(), fc.anything({ maxDepth: 1 })),
      }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('sessions', 'claims', 'orders'), async (body, route) => {
        const text = JSON.stringify(body) ?? 'null';
        const response =
          route === 'orders'
            ? await fetch(t.url(`${base()}/orders`), {
                method: 'PUT',
                headers: { Authorization: t.merchantAuth, 'Content-Type': 'application/json' },
                body: text,
              })
            : await json('POST', `${base()}/resolve/${route}`, text, {
                Authorization: `Bearer ${s.session_token}`,
                'Idempotency-Key': `key-fuzz-${Math.random().toString(36).slice(2, 12)}`,
              });
        expect(response.status, `${route} ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${route} ${text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  });

  it('keeps orders and claims across a restart', async () => {
    const before = claimListSchema.parse(await (await merchant('GET', `${base()}/claims?per_page=100`)).json());
    await t.api.close();
    const restarted = await startApiServer({ ...store.options, port: 0, log: () => {} });
    try {
      const response = await fetch(`http://127.0.0.1:${restarted.port}${base()}/claims?per_page=100`, {
        headers: { Authorization: t.merchantAuth },
      });
      const after = claimListSchema.parse(await response.json());
      expect(after.total).toBe(before.total);
      expect(after.data.map((c) => c.uuid)).toEqual(before.data.map((c) => c.uuid));
    } finally {
      await restarted.close();
    }
  });
});
