import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { claimSchema } from '../../src/core/claims.js';
import type { OrderInput } from '../../src/core/orders.js';
import { DEFAULT_RESOLVE_SETTINGS } from '../../src/core/resolve-settings.js';
import { sessionResponseSchema } from '../../src/core/session.js';
import { createPortalUser, signIn, type PortalClient } from './portal-support.js';
import { backends, startTestApi, type TestApi } from './support.js';

/**
 * Text a database cannot keep (NUL, lone UTF-16 surrogates) and other odd code points, in every
 * string an API route takes: path parameters, query parameters and every string of a valid JSON
 * body. Whatever the text, the API answers as for any bad input, never with a 500. The routes
 * come from the app's own table: a route added without an entry here fails the first test.
 */

/** A valid body per JSON route; the fuzzer replaces one of its strings at a time. */
function sampleBodies(orderNumber: string): Record<string, unknown> {
  const tags = {
    flow_type: { enabled: true, names: { defective: 'kaputt' } },
    resolution_preference: { enabled: true },
    shipment_phase: { enabled: false },
    always: ['resolve'],
  };
  return {
    'PUT /v1/shops/:slug/resolve/embed-config': {
      enabled: true,
      allowed_urls: ['https://help.brand.com/*/articles/*'],
      default_language: 'de',
      languages: ['de', 'en'],
      branding: { primary_color: '#5b3df5', logo_url: 'https://cdn.brand.com/logo.png' },
      tile: { placement: 'auto', position: 'bottom-left', title: { de: 'Problem?' }, subtitle: { en: 'We help' } },
    },
    'PUT /v1/shops/:slug/resolve/settings': DEFAULT_RESOLVE_SETTINGS,
    'PUT /v1/shops/:slug/orders': fuzzOrder('F-1'),
    'POST /v1/shops/:slug/orders/:order_number/resolve-link': { language: 'de', expires_in_seconds: 7200 },
    'PUT /v1/shops/:slug/claims/:uuid': { status: 'accepted', resolution_preference: 'refund' },
    'POST /v1/shops/:slug/resolve/sessions': { order_number: orderNumber, zip_code: '10119' },
    'POST /v1/shops/:slug/resolve/claims': {
      flow_type: 'support',
      selected_items: [],
      description: 'The mug arrived broken.',
      resolution_preference: 'refund',
      language: 'en',
      shipment_id: 'S-1',
    },
    'PUT /v1/shops/:slug/integrations/gorgias': {
      endpoint: 'acme.gorgias.com',
      email: 'ops@acme.example',
      api_key: 'k'.repeat(24),
      enabled: true,
      tags,
    },
    'PATCH /v1/shops/:slug/integrations/gorgias': { enabled: false, tags },
    'PUT /v1/shops/:slug/integrations/dixa': {
      api_token: 't'.repeat(40),
      email_integration_id: 'support@acme.email.dixa.io',
      default_agent_id: randomUUID(),
      tags,
    },
    'PATCH /v1/shops/:slug/integrations/dixa': { enabled: false, tags },
    'POST /v1/shops/:slug/webhooks': {
      url: 'https://hooks.example.com/resolve',
      description: 'Shopware Flow Builder',
      enabled_events: ['*'],
      secret: 'whsec_0123456789abcdef',
      status: 'active',
    },
    'PATCH /v1/shops/:slug/webhooks/:uuid': {
      url: 'https://hooks.example.com/other',
      description: 'ERP',
      status: 'inactive',
    },
    'PUT /v1/shops/:slug/resolve/embed-config/settings': {
      enabled: true,
      allowed_urls: ['https://help.brand.com/*/articles/*'],
      default_language: 'de',
      branding: { primary_color: '#5b3df5' },
    },
    'POST /v1/portal/session': { email: 'merchant@brand.example', password: 'a long enough password' },
    'POST /v1/portal/password': { current_password: 'a long enough password', new_password: 'another long password' },
    'POST /v1/operator/shops': { slug: 'new-shop', name: 'New Shop' },
    'PATCH /v1/operator/shops/:slug': { name: 'Renamed', trusted: true, integrations: { gorgias: true } },
    'POST /v1/operator/shops/:slug/allowed-urls/decision': {
      url: 'https://help.brand.com/*/articles/*',
      decision: 'approve',
    },
    'POST /v1/operator/shops/:slug/users': { email: 'new.user@brand.example', role: 'member' },
  };
}

/** Routes with a body that is not JSON, or none. */
const NO_JSON_BODY = new Set([
  'POST /v1/shops/:slug/resolve/uploads',
  'POST /v1/shops/:slug/claims/:uuid/deliveries/:id/retry',
  'POST /v1/shops/:slug/webhooks/:uuid/test',
]);

/** Every query parameter any route reads, tried on every GET. */
const QUERY_NAMES = [
  'order_number',
  'zip_code',
  'status',
  'resolution_preference',
  'page',
  'per_page',
  'expires',
  'signature',
  'q',
  'state',
];

function fuzzOrder(number: string): OrderInput {
  return {
    order_number: number,
    customer_name: 'Ana Example',
    email: 'ana@example.com',
    external_id: 'gid://shop/Order/1',
    external_customer_id: 'gid://shop/Customer/2',
    customer_external_id: 'customer-2',
    customer_first_name: 'Ana',
    customer_last_name: 'Example',
    zip_code: '10119',
    currency: 'EUR',
    address: {
      name: 'Ana',
      street: 'Str. 1',
      city: 'Berlin',
      country: 'Germany',
      country_code: 'DE',
      phone: '+49 30 1',
    },
    line_items: [{ sku: 'MUG', title: 'Mug', quantity: 3, net_price: 9.5, image_url: 'https://cdn.brand.com/mug.png' }],
    shipments: [
      {
        id: 'S-1',
        phase: 'delivered',
        carrier: 'dhl',
        tracking_number: '42',
        tracking_url: 'https://track.example/42',
      },
    ],
  };
}

/** One UTF-16 code unit of any kind, the troublemakers often, and URL/JSON metacharacters. */
const oddUnit = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '\ufffe',
      '\uffff',
      '\u202e',
      '\u2028',
      '\u0085',
      '\u{1f600}',
      '%',
      '%00',
      '/',
      '..',
      '\\',
      '"',
      '#',
      '?',
      ' ',
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const oddText = fc.string({ unit: oddUnit, minLength: 1, maxLength: 8 });

/**
 * Percent-encoding that also writes what `encodeURIComponent` refuses: a lone surrogate as the
 * bytes a careless encoder would send (its generalized UTF-8 form), so the server meets them raw.
 */
function encodeLoose(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

type Leaf = (string | number)[];

/** Paths to every string in a JSON value. */
function stringLeaves(value: unknown, path: Leaf = []): Leaf[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, [...path, index]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...path, key]));
  return [];
}

function withLeaf(value: unknown, path: Leaf, replacement: string): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Leaf];
  if (Array.isArray(value))
    return value.map((item, index) => (index === head ? withLeaf(item, rest, replacement) : item));
  return {
    ...(value as Record<string, unknown>),
    [head]: withLeaf((value as Record<string, unknown>)[head], rest, replacement),
  };
}

describe.each(backends)('odd text on every route on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  let sessionToken = '';
  let claimId = '';
  let webhookId = '';
  // The portal's own and the operators' routes take a session, not an API key.
  let operator: PortalClient;
  const orderNumber = 'ODD-1';
  const bodies = () => sampleBodies(orderNumber);

  const routes = () => t.api.routes.filter((route) => route.path.startsWith('/v1/'));
  const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

  /** Valid values for every path parameter, so only the fuzzed one is odd. */
  const validParam = (name: string): string =>
    ({ slug: t.slug, uuid: name === 'uuid' ? claimId : '', order_number: orderNumber, id: randomUUID() })[name] ?? 'x';

  function concretePath(path: string, odd?: { param: string; value: string }): string {
    return path.replace(/:([a-z_]+)/g, (_, name: string) => {
      if (odd?.param === name) return encodeLoose(odd.value);
      if (name === 'uuid' && path.includes('/webhooks/')) return webhookId;
      return encodeURIComponent(validParam(name));
    });
  }

  function send(route: { method: string; path: string }, options: { path: string; query?: string; body?: unknown }) {
    if (route.path.startsWith('/v1/operator/') || route.path.startsWith('/v1/portal/')) {
      return operator.call(route.method, `${options.path}${options.query ? `?${options.query}` : ''}`, options.body);
    }
    const customer = route.path.includes('/resolve/') && route.method === 'POST';
    const headers: Record<string, string> = {
      Authorization: customer ? `Bearer ${sessionToken}` : t.merchantAuth,
      'Content-Type': 'application/json',
      'Idempotency-Key': `fuzz-${randomUUID()}`,
    };
    return fetch(t.url(`${options.path}${options.query ? `?${options.query}` : ''}`), {
      method: route.method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  async function expectNoServerError(response: Response, what: string): Promise<void> {
    const text = await response.text();
    expect(response.status, `${what} → ${response.status} ${text.slice(0, 300)}`).not.toBe(500);
    expect(text, what).not.toContain('internal_error');
  }

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi({
      ...store.options,
      deliveryWorker: false,
      // Helpdesk verification never leaves the machine: every helpdesk answers "wrong key".
      helpdesks: {
        fetch: async () =>
          new Response('{"error":"unauthorized"}', { status: 401, headers: { 'Content-Type': 'application/json' } }),
      },
    });
    const merchant = { Authorization: t.merchantAuth, 'Content-Type': 'application/json' };
    expect(
      (
        await fetch(t.url(`/v1/shops/${t.slug}/orders`), {
          method: 'PUT',
          headers: merchant,
          body: JSON.stringify(fuzzOrder(orderNumber)),
        })
      ).status,
    ).toBe(201);
    const session = await fetch(t.url(`/v1/shops/${t.slug}/resolve/sessions`), {
      method: 'POST',
      headers: merchant,
      body: JSON.stringify({ order_number: orderNumber, zip_code: '10119' }),
    });
    sessionToken = sessionResponseSchema.parse(await session.json()).session_token;
    const claim = await fetch(t.url(`/v1/shops/${t.slug}/resolve/claims`), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${sessionToken}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'seed-claim-1',
      },
      body: JSON.stringify(bodies()['POST /v1/shops/:slug/resolve/claims']),
    });
    claimId = claimSchema.parse(await claim.json()).uuid;
    const webhook = await fetch(t.url(`/v1/shops/${t.slug}/webhooks`), {
      method: 'POST',
      headers: merchant,
      body: JSON.stringify({ url: 'https://hooks.example.com/seed' }),
    });
    webhookId = ((await webhook.json()) as { uuid: string }).uuid;
    expect(webhookId).toBeTruthy();
    // Not the password the sample bodies send, so the fuzzed password changes are all refused.
    await createPortalUser(t.api, 'operator@platform.example', 'the operator password', { operator: true });
    operator = await signIn(t.api.origin, 'operator@platform.example', 'the operator password');
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
  });

  it('has a sample body for every JSON route of the app', () => {
    const missing = routes()
      .filter((route) => ['POST', 'PUT', 'PATCH'].includes(route.method))
      .map(routeKey)
      .filter((key) => !NO_JSON_BODY.has(key) && !(key in bodies()));
    expect(missing).toEqual([]);
  });

  it('never answers 500 to odd text in a path parameter, a query parameter or a body string, on any route', async () => {
    const cases = routes().flatMap((route) => {
      const key = routeKey(route);
      const body = bodies()[key];
      const params = [...route.path.matchAll(/:([a-z_]+)/g)].map((match) => match[1] as string);
      return [
        ...params.map((param) => ({ route, kind: 'path' as const, target: param })),
        ...(route.method === 'GET' ? QUERY_NAMES.map((name) => ({ route, kind: 'query' as const, target: name })) : []),
        ...stringLeaves(body).map((leaf) => ({ route, kind: 'body' as const, target: leaf })),
      ];
    });
    expect(cases.length).toBeGreaterThan(60);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), oddText, async (c, odd) => {
        const key = routeKey(c.route);
        const body = bodies()[key];
        if (c.kind === 'path') {
          await expectNoServerError(
            await send(c.route, { path: concretePath(c.route.path, { param: c.target, value: odd }), body }),
            `${key} path ${c.target}=${JSON.stringify(odd)}`,
          );
        } else if (c.kind === 'query') {
          await expectNoServerError(
            await send(c.route, { path: concretePath(c.route.path), query: `${c.target}=${encodeLoose(odd)}` }),
            `${key} ?${c.target}=${JSON.stringify(odd)}`,
          );
        } else {
          await expectNoServerError(
            await send(c.route, { path: concretePath(c.route.path), body: withLeaf(body, c.target, odd) }),
            `${key} body ${c.target.join('.')}=${JSON.stringify(odd)}`,
          );
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600) },
    );
  }, 300_000);

  describe('names the field that holds text that cannot be stored', () => {
    const expectFieldRefused = async (response: Response, loc: (string | number)[]) => {
      const text = await response.text();
      expect(response.status, text).toBe(422);
      const body = apiErrorBodySchema.parse(JSON.parse(text));
      expect(body.errors.map((error) => error.loc)).toContainEqual(loc);
    };
    const post = (route: string, path: string, body: unknown) =>
      send({ method: route.split(' ')[0] as string, path: route.split(' ')[1] as string }, { path, body });

    it.each(['\ud800', 'a\u0000b', '\udc00 broken'])('a claim description %j', async (description) => {
      const route = 'POST /v1/shops/:slug/resolve/claims';
      await expectFieldRefused(
        await post(route, `/v1/shops/${t.slug}/resolve/claims`, { ...(bodies()[route] as object), description }),
        ['body', 'description'],
      );
    });

    it.each([
      [['customer_name'], '\ud800'],
      [['line_items', 0, 'title'], 'Mug \udfff'],
      [['address', 'city'], 'Ber\ud800lin'],
      [['order_number'], 'N\ud800'],
    ] as const)('an order field %j', async (path, value) => {
      const order = withLeaf(fuzzOrder('F-2'), [...path], value);
      await expectFieldRefused(await post('PUT /v1/shops/:slug/orders', `/v1/shops/${t.slug}/orders`, order), [
        'body',
        ...path,
      ]);
    });

    it.each([
      [['tile', 'title', 'de'], 'Hilfe\ud800'],
      [['tile', 'title', 'de'], 'Hilfe\u0000'],
      [['allowed_urls', 0], 'https://help.brand.com/\u0000'],
      [['branding', 'logo_url'], 'https://cdn.brand.com/\ud800.png'],
    ] as const)('an embed config field %j = %j', async (path, value) => {
      const route = 'PUT /v1/shops/:slug/resolve/embed-config';
      await expectFieldRefused(
        await post(route, `/v1/shops/${t.slug}/resolve/embed-config`, withLeaf(bodies()[route], [...path], value)),
        ['body', ...path],
      );
    });

    it.each(['orders', 'claims'])('a NUL order number on the %s list', async (list) => {
      const response = await fetch(t.url(`/v1/shops/${t.slug}/${list}?order_number=%00`), {
        headers: { Authorization: t.merchantAuth },
      });
      await expectFieldRefused(response, ['query', 'order_number']);
    });

    it('a resolve link for order %00', async () => {
      await expectFieldRefused(
        await post(
          'POST /v1/shops/:slug/orders/:order_number/resolve-link',
          `/v1/shops/${t.slug}/orders/%00/resolve-link`,
          {},
        ),
        ['path', 'order_number'],
      );
    });
  });
});
