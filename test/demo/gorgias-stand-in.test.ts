import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGorgiasStandIn, type GorgiasStandIn } from '../../demo/gorgias-stand-in/index.js';
import { DEFAULT_GORGIAS_USER } from '../../demo/gorgias-stand-in/state.js';
import { PNG, VirtualClock } from '../server/delivery/support.js';

/** The stand-in itself behaves as the reference describes Gorgias: auth, limits, validation, errors. */

const clock = new VirtualClock();
let gorgias: GorgiasStandIn;
const basic = (email: string, key: string) => `Basic ${Buffer.from(`${email}:${key}`).toString('base64')}`;
const auth = basic(DEFAULT_GORGIAS_USER.email, DEFAULT_GORGIAS_USER.api_key);

beforeAll(async () => {
  gorgias = await startGorgiasStandIn({
    now: clock.now,
    users: [
      {},
      { email: 'observer@acme.test', api_key: 'observer-key', role: 'observer-agent' },
      { email: 'lite@acme.test', api_key: 'lite-key', role: 'lite-agent' },
    ],
    uploadLimitBytes: 1024,
  });
});
afterAll(() => gorgias.close());
beforeEach(() => {
  gorgias.state.reset();
  clock.advance(60_000); // an empty bucket for every test
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${gorgias.origin}${path}`, {
    ...init,
    headers: {
      authorization: auth,
      ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });

const validTicket = (overrides: Record<string, unknown> = {}) => ({
  channel: 'api',
  via: 'api',
  from_agent: false,
  customer: { email: 'jane@example.com', name: 'Jane Doe' },
  subject: 'Damaged order – order #1001',
  external_id: 'claim-1',
  messages: [
    {
      channel: 'api',
      via: 'api',
      from_agent: false,
      sender: { email: 'jane@example.com', name: 'Jane Doe' },
      body_text: 'hi',
      body_html: '<p>hi</p>',
    },
  ],
  ...overrides,
});

describe('Gorgias stand-in: authentication and permissions', () => {
  it('answers 401 without credentials, with a wrong key or a wrong email', async () => {
    for (const authorization of [
      '',
      basic(DEFAULT_GORGIAS_USER.email, 'wrong'),
      basic('someone@acme.test', DEFAULT_GORGIAS_USER.api_key),
    ]) {
      const response = await fetch(`${gorgias.origin}/api/account`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { msg: 'Unauthorized' } });
    }
  });

  it('lets an observer read but not write, and a lite agent do nothing (403)', async () => {
    const observer = basic('observer@acme.test', 'observer-key');
    expect((await fetch(`${gorgias.origin}/api/account`, { headers: { authorization: observer } })).status).toBe(200);
    const write = await fetch(`${gorgias.origin}/api/tickets`, {
      method: 'POST',
      headers: { authorization: observer, 'content-type': 'application/json' },
      body: JSON.stringify(validTicket()),
    });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: { msg: string } }).error.msg).toMatch(/permission/);
    expect(
      (
        await fetch(`${gorgias.origin}/api/account`, {
          headers: { authorization: basic('lite@acme.test', 'lite-key') },
        })
      ).status,
    ).toBe(403);
    expect(gorgias.state.tickets).toHaveLength(0);
  });

  it('serves the account, one user, and ticket custom fields (object_type required)', async () => {
    expect(await (await api('/api/account')).json()).toMatchObject({ domain: 'acme' });
    const users = (await (await api('/api/users?limit=1')).json()) as { data: unknown[]; object: string };
    expect(users.object).toBe('list');
    expect(users.data).toHaveLength(1);
    const fields = (await (await api('/api/custom-fields?object_type=Ticket')).json()) as {
      data: { object_type: string }[];
    };
    expect(fields.data.length).toBeGreaterThan(0);
    expect(fields.data.every((field) => field.object_type === 'Ticket')).toBe(true);
    expect((await api('/api/custom-fields')).status).toBe(400);
  });
});

describe('Gorgias stand-in: rate limit', () => {
  it('carries X-Gorgias-Account-Api-Call-Limit on every answer and answers the 41st request in 20 s with 429 + Retry-After', async () => {
    for (let n = 1; n <= 40; n++) {
      const response = await api('/api/account');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-gorgias-account-api-call-limit')).toBe(`${n}/40`);
    }
    const limited = await api('/api/account');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('x-gorgias-account-api-call-limit')).toBe('40/40');
    clock.advance(1_000); // drains 2 requests
    expect((await api('/api/account')).status).toBe(200);
    expect((await fetch(`${gorgias.origin}/api/account`)).headers.get('x-gorgias-account-api-call-limit')).toMatch(
      /^\d+\/40$/,
    );
  });
});

describe('Gorgias stand-in: tickets', () => {
  it('creates a ticket (201 with id and uri) and the customer from the email, once', async () => {
    const first = await api('/api/tickets', { method: 'POST', body: JSON.stringify(validTicket()) });
    expect(first.status).toBe(201);
    const ticket = (await first.json()) as { id: number; uri: string; customer: { id: number; email: string } };
    expect(ticket.uri).toBe(`/api/tickets/${ticket.id}/`);
    expect(ticket.customer.email).toBe('jane@example.com');
    await api('/api/tickets', { method: 'POST', body: JSON.stringify(validTicket({ external_id: 'claim-2' })) });
    expect(gorgias.state.customers).toHaveLength(1);
    expect(gorgias.state.tickets).toHaveLength(2);
  });

  it.each([
    ['no messages', { messages: undefined }, 'messages'],
    ['zero messages', { messages: [] }, 'messages'],
    ['501 messages', { messages: Array.from({ length: 501 }, () => validTicket().messages[0]) }, 'messages'],
    ['a 999-character subject', { subject: 'x'.repeat(999) }, 'subject'],
    ['a 256-character external_id', { external_id: 'x'.repeat(256) }, 'external_id'],
    ['no via', { via: undefined }, 'via'],
    [
      'a message without sender',
      { messages: [{ channel: 'api', via: 'api', from_agent: false, body_text: 'x' }] },
      'messages.0.sender',
    ],
    ['an unknown custom field', { custom_fields: [{ id: 999, value: 'x' }] }, 'custom_fields.0.id'],
    ['a deactivated custom field', { custom_fields: [{ id: 14, value: 'x' }] }, 'custom_fields.0.id'],
    ['a dropdown value outside its choices', { custom_fields: [{ id: 12, value: 'broken' }] }, 'custom_fields.0.value'],
    ['a text value in a number field', { custom_fields: [{ id: 13, value: '12' }] }, 'custom_fields.0.value'],
  ])('refuses %s with 400 and the field in error.data', async (_name, overrides, field) => {
    const response = await api('/api/tickets', { method: 'POST', body: JSON.stringify(validTicket(overrides)) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { msg: string; data: Record<string, string[]> } };
    expect(body.error.msg).toBe('Invalid parameters');
    expect(Object.keys(body.error.data)).toContain(field);
    expect(gorgias.state.tickets).toHaveLength(0);
  });

  it('accepts exactly 500 messages, a 998-character subject and a 255-character external_id', async () => {
    const response = await api('/api/tickets', {
      method: 'POST',
      body: JSON.stringify(
        validTicket({
          subject: 's'.repeat(998),
          external_id: 'e'.repeat(255),
          messages: Array.from({ length: 500 }, () => validTicket().messages[0]),
        }),
      ),
    });
    expect(response.status).toBe(201);
  });

  it('lists tickets filtered by external_id and customer_id, ordered as asked', async () => {
    for (const id of ['a', 'b', 'a'])
      await api('/api/tickets', { method: 'POST', body: JSON.stringify(validTicket({ external_id: id })) });
    const list = (await (await api('/api/tickets?external_id=a&order_by=created_datetime:asc')).json()) as {
      data: { id: number; external_id: string }[];
    };
    expect(list.data.map((t) => t.external_id)).toEqual(['a', 'a']);
    expect(list.data[0]!.id).toBeLessThan(list.data[1]!.id);
    const customerId = gorgias.state.customers[0]!.id;
    expect(
      ((await (await api(`/api/tickets?customer_id=${customerId}`)).json()) as { data: unknown[] }).data,
    ).toHaveLength(3);
    expect((await api('/api/tickets?order_by=subject')).status).toBe(400);
    expect((await api('/api/tickets?trashed=maybe')).status).toBe(400);
  });

  it('leaves trashed tickets out unless asked with trashed=true, and pages lists with a cursor', async () => {
    for (const id of ['t', 'u', 'v'])
      await api('/api/tickets', { method: 'POST', body: JSON.stringify(validTicket({ external_id: id })) });
    const first = gorgias.state.ticketsFor('t')[0]!;
    gorgias.state.trashTicket(first.id);
    const ids = async (query: string) =>
      ((await (await api(`/api/tickets?${query}`)).json()) as { data: { external_id: string }[] }).data.map(
        (t) => t.external_id,
      );
    expect(await ids('external_id=t')).toEqual([]);
    expect(await ids('external_id=t&trashed=false')).toEqual([]);
    expect(await ids('external_id=t&trashed=true')).toEqual(['t']);
    const page1 = (await (await api('/api/tickets?trashed=true&limit=2&order_by=created_datetime:asc')).json()) as {
      data: { external_id: string }[];
      meta: { next_cursor: string | null };
    };
    expect(page1.data.map((t) => t.external_id)).toEqual(['t', 'u']);
    const page2 = (await (
      await api(`/api/tickets?trashed=true&limit=2&order_by=created_datetime:asc&cursor=${page1.meta.next_cursor}`)
    ).json()) as {
      data: { external_id: string }[];
      meta: { next_cursor: string | null };
    };
    expect(page2.data.map((t) => t.external_id)).toEqual(['v']);
    expect(page2.meta.next_cursor).toBeNull();
    expect((await api('/api/tickets?limit=101')).status).toBe(400);
  });
});

describe('Gorgias stand-in: uploads and customers', () => {
  it('stores a multipart file part, labels it with the field name and answers 201 with [{url, name, content_type, size}]; serves it back', async () => {
    const form = new FormData();
    form.append('photo-1.png', new Blob([PNG], { type: 'image/png' }), 'blob');
    const response = await api('/api/upload?type=attachment', { method: 'POST', body: form });
    expect(response.status).toBe(201);
    const [file] = (await response.json()) as { url: string; name: string; content_type: string; size: number }[];
    expect(file).toMatchObject({ name: 'photo-1.png', content_type: 'image/png', size: PNG.length });
    const served = await fetch(file!.url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("writes `size` as a string in every second answer, as Gorgias's own example does", async () => {
    const sizes = [];
    for (const name of ['a.png', 'b.png', 'c.png']) {
      const form = new FormData();
      form.append(name, new Blob([PNG], { type: 'image/png' }), name);
      const [file] = (await (await api('/api/upload?type=attachment', { method: 'POST', body: form })).json()) as {
        size: unknown;
      }[];
      sizes.push(file!.size);
    }
    expect(sizes).toEqual([PNG.length, String(PNG.length), PNG.length]);
  });

  it('answers 413 over the size limit, 400 without a file part or type', async () => {
    const big = new FormData();
    big.append('file', new Blob([new Uint8Array(4096)], { type: 'image/png' }), 'big.png');
    expect((await api('/api/upload?type=attachment', { method: 'POST', body: big })).status).toBe(413);
    const noFile = new FormData();
    noFile.append('note', 'just text');
    expect((await api('/api/upload?type=attachment', { method: 'POST', body: noFile })).status).toBe(400);
    const file = new FormData();
    file.append('a.png', new Blob([PNG], { type: 'image/png' }), 'a.png');
    expect((await api('/api/upload', { method: 'POST', body: file })).status).toBe(400);
    expect(gorgias.state.uploads.size).toBe(0);
  });

  it('finds customers by email and refuses a second one with the same email (409)', async () => {
    const created = await api('/api/customers', {
      method: 'POST',
      body: JSON.stringify({ email: 'Jane@Example.com', name: 'Jane' }),
    });
    expect(created.status).toBe(201);
    const again = await api('/api/customers', { method: 'POST', body: JSON.stringify({ email: 'jane@example.com' }) });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { msg: string } }).error.msg).toMatch(/already exists/);
    const found = (await (await api('/api/customers?email=jane@example.com')).json()) as { data: { email: string }[] };
    expect(found.data).toHaveLength(1);
  });
});

describe('Gorgias stand-in: page and faults', () => {
  it('lists tickets on GET / with everything escaped and images only from its own uploads', async () => {
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'p.png');
    const [file] = (await (await api('/api/upload?type=attachment', { method: 'POST', body: form })).json()) as {
      url: string;
    }[];
    await api('/api/tickets', {
      method: 'POST',
      body: JSON.stringify(
        validTicket({
          subject: '<script>alert(1)</script>',
          tags: [{ name: '"><img src=x onerror=alert(2)>' }],
          custom_fields: [{ id: 11, value: '<b>1001</b>' }],
          messages: [
            {
              ...validTicket().messages[0],
              body_html: '<img src=x onerror=alert(3)>',
              attachments: [
                { url: file!.url, name: 'p.png', content_type: 'image/png', size: PNG.length },
                { url: 'javascript:alert(4)', name: 'evil', content_type: 'image/png', size: 1 },
              ],
            },
          ],
        }),
      ),
    });
    const page = await fetch(`${gorgias.origin}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const text = await page.text();
    expect(text).not.toContain('<script>alert(1)');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('<img src=x');
    expect(text).not.toContain('<b>1001</b>');
    expect(text).not.toContain('href="javascript:');
    // Read at another host name than the API uses (gorgias.localhost, not 127.0.0.1), under img-src 'self':
    // the image must be a path on the page's own origin.
    expect(page.headers.get('content-security-policy')).toContain("img-src 'self'");
    expect(text).toContain(`<img src="${new URL(file!.url).pathname}"`);
    expect(text).not.toContain(`<img src="http`);
    expect(text).toMatch(/<iframe sandbox title="message \d+" srcdoc="&lt;img src=x onerror=alert\(3\)&gt;">/);
  });

  it('fails, delays and drops on request', async () => {
    gorgias.state.failNext({ status: 500, count: 2 });
    expect((await api('/api/account')).status).toBe(500);
    expect((await api('/api/account')).status).toBe(500);
    expect((await api('/api/account')).status).toBe(200);

    gorgias.state.failNext({ status: 429, retryAfter: 7 });
    const limited = await api('/api/account');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);

    gorgias.state.failNext({ status: 502, method: 'POST', path: '/api/tickets', afterProcessing: true });
    expect((await api('/api/tickets', { method: 'POST', body: JSON.stringify(validTicket()) })).status).toBe(502);
    expect(gorgias.state.tickets).toHaveLength(1); // created, then failed

    gorgias.state.dropConnectionAfterCreate();
    await expect(
      api('/api/tickets', { method: 'POST', body: JSON.stringify(validTicket({ external_id: 'x' })) }),
    ).rejects.toThrow();
    expect(gorgias.state.ticketsFor('x')).toHaveLength(1);

    gorgias.state.accountExists = false;
    expect((await api('/api/account')).status).toBe(404);
  });
});
