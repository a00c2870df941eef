import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { apiErrorBodySchema } from '../../src/core/api-error.js';
import { embedConfigSchema } from '../../src/core/embed-config.js';
import { startApiServer } from '../../src/server/index.js';
import { updateShopPolicy } from '../../src/server/shop-policy.js';
import { findShop } from '../../src/server/shops.js';
import { backends, startTestApi, type TestApi } from './support.js';

const validInput = {
  enabled: true,
  allowed_urls: ['https://help.brand.com/*/articles/*', 'https://help.brand.com/en-US'],
  default_language: 'de',
  languages: ['de', 'en'],
  branding: { primary_color: '#5b3df5', logo_url: 'https://cdn.brand.com/logo.png' },
  tile: { placement: 'auto', position: 'bottom-left', title: { de: 'Problem?' } },
};

describe.each(backends)('embed config on $name', (backend) => {
  let store: Awaited<ReturnType<typeof backend.freshStore>>;
  let t: TestApi;
  const put = (body: unknown, auth = t.merchantAuth) =>
    fetch(t.url(`/v1/shops/${t.slug}/resolve/embed-config`), {
      method: 'PUT',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (slug = t.slug, headers: Record<string, string> = {}) =>
    fetch(t.url(`/v1/shops/${slug}/resolve/embed-config`), {
      headers: { Origin: 'https://help.brand.com', ...headers },
    });

  beforeAll(async () => {
    store = await backend.freshStore();
    t = await startTestApi(store.options);
    // Published directly, as for a shop an operator trusts: the review of new entries is covered in portal-allow-list.test.ts.
    await updateShopPolicy(t.api.db, (await findShop(t.api.db, t.slug))!, { trusted: true });
  });
  afterAll(async () => {
    await t.api.close();
    await store.dispose();
  });

  it('answers an unknown shop with 404 shop_not_found, localized', async () => {
    const response = await get('no-such-shop', { 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.5' });
    expect(response.status).toBe(404);
    const body = apiErrorBodySchema.parse(await response.json());
    expect(body).toMatchObject({
      key: 'shop_not_found',
      type: 'invalid_request_error',
      message: 'Diesen Shop gibt es nicht.',
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each(['..%2F..%2Fetc', 'UPPER', '-x', 'a'.repeat(70)])(
    'answers a hostile slug %s with 404, not 500',
    async (slug) => {
      expect((await get(slug)).status).toBe(404);
    },
  );

  it('serves a valid, disabled config for a shop that has not configured its tile', async () => {
    const response = await get();
    expect(response.status).toBe(200);
    const config = embedConfigSchema.parse(await response.json());
    expect(config).toMatchObject({ shop_slug: t.slug, enabled: false, allowed_urls: [] });
  });

  it('refuses merchant writes without valid credentials', async () => {
    expect((await put(validInput, '')).status).toBe(401);
    expect((await put(validInput, `Basic ${Buffer.from(`${t.slug}:wrong`).toString('base64')}`)).status).toBe(401);
    const other = await put(validInput, 'Bearer something');
    expect(other.status).toBe(401);
    expect(other.headers.get('www-authenticate')).toContain('Basic');
  });

  it('stores a config and serves it publicly: CORS, cacheable, ETag', async () => {
    const saved = await put(validInput);
    expect(saved.status).toBe(200);
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(embedConfigSchema.parse(await response.json())).toEqual({ ...validInput, shop_slug: t.slug });
    const etag = response.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get(t.slug, { 'If-None-Match': etag as string });
    expect(again.status).toBe(304);
  });

  it('answers the CORS preflight of the public route', async () => {
    const response = await fetch(t.url(`/v1/shops/${t.slug}/resolve/embed-config`), {
      method: 'OPTIONS',
      headers: { Origin: 'https://help.brand.com', 'Access-Control-Request-Method': 'GET' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each([
    ['a relative allow-list entry', { ...validInput, allowed_urls: ['/en-US/returns'] }, ['body', 'allowed_urls', 0]],
    [
      'a javascript: logo',
      { ...validInput, branding: { primary_color: '#000', logo_url: 'javascript:alert(1)' } },
      ['body', 'branding', 'logo_url'],
    ],
    [
      'a CSS injection as colour',
      { ...validInput, branding: { primary_color: 'red;}' } },
      ['body', 'branding', 'primary_color'],
    ],
    ['an unsupported language', { ...validInput, default_language: 'sv' }, ['body', 'default_language']],
  ])('refuses %s with 422 and the field path', async (_name, body, loc) => {
    const response = await put(body);
    expect(response.status).toBe(422);
    const error = apiErrorBodySchema.parse(await response.json());
    expect(error.key).toBe('validation_failed');
    expect(error.errors.map((e) => e.loc)).toContainEqual(loc);
  });

  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await put('{"enabled": tru');
    expect(response.status).toBe(400);
    expect(apiErrorBodySchema.parse(await response.json()).key).toBe('invalid_json');
  });

  it('answers an unknown route with 404 in the error body', async () => {
    const response = await fetch(t.url('/v1/nothing-here'), { headers: { 'Accept-Language': 'fr' } });
    expect(response.status).toBe(404);
    expect(apiErrorBodySchema.parse(await response.json())).toMatchObject({
      key: 'route_not_found',
      message: 'Il n’y a rien à cette adresse.',
    });
  });

  it('answers hostile bodies with 4xx, never 5xx', async () => {
    const hostile = fc.oneof(
      fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 3 }),
      fc.record({
        enabled: fc.anything({ maxDepth: 1 }),
        allowed_urls: fc.array(
          fc.oneof(fc.webUrl(), fc.string({ maxLength: 3000 }), fc.constant('https://h.example/__proto__')),
          { maxLength: 5 },
        ),
        default_language: fc.oneof(fc.constantFrom('en', 'xx', '__proto__'), fc.string()),
        branding: fc.record({ primary_color: fc.string(), logo_url: fc.oneof(fc.webUrl(), fc.string()) }),
        __proto__: fc.dictionary(fc.string(), fc.anything({ maxDepth: 1 })),
        constructor: fc.anything({ maxDepth: 1 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (body) => {
        const response = await put(JSON.stringify(body) ?? 'null');
        expect(response.status, JSON.stringify(body)).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    // The stored config is still the valid one (or a valid replacement): never a broken one.
    expect(z.safeParse(embedConfigSchema, await (await get()).json()).success).toBe(true);
  });

  it('keeps its data across a restart', async () => {
    await put({ ...validInput, default_language: 'fr' });
    await t.api.close();
    const restarted = await startApiServer({ ...store.options, port: 0, log: () => {} });
    try {
      const response = await fetch(`http://127.0.0.1:${restarted.port}/v1/shops/${t.slug}/resolve/embed-config`);
      expect(embedConfigSchema.parse(await response.json()).default_language).toBe('fr');
    } finally {
      await restarted.close();
    }
  });
});
