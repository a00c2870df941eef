import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends, useTestApi } from './support.js';

/**
 * Which routes another origin may call. Customers call the public routes from Help Centers and the
 * Resolve flow, so those answer any origin; every merchant route (API key in Basic auth) must not
 * be readable cross-origin, however its path looks. The merchant routes are taken from the app's
 * own route table, so a route added later is checked without touching this file.
 */
const PUBLIC_CUSTOMER_ROUTES = new Set([
  'GET /v1/shops/:slug/resolve/embed-config',
  'POST /v1/shops/:slug/resolve/sessions',
  'POST /v1/shops/:slug/resolve/uploads',
  'POST /v1/shops/:slug/resolve/claims',
]);

const ORIGIN = 'https://help.brand.example';

describe.each(backends)('CORS on $name', (backend) => {
  const t = useTestApi(backend, { deliveryWorker: false });

  /** A concrete URL for a route pattern: the test shop, an unknown claim/webhook/order. */
  const concrete = (path: string) =>
    path
      .replace(':slug', t.slug)
      .replace(':uuid', randomUUID())
      .replace(':order_number', '1001')
      .replace(':id', randomUUID());

  const shopRoutes = () => t.api.routes.filter((route) => route.path.startsWith('/v1/shops/'));
  const merchantRoutes = () =>
    shopRoutes().filter((route) => !PUBLIC_CUSTOMER_ROUTES.has(`${route.method} ${route.path}`));

  it('knows the public routes and a good number of merchant routes', () => {
    const keys = new Set(shopRoutes().map((route) => `${route.method} ${route.path}`));
    for (const key of PUBLIC_CUSTOMER_ROUTES) expect(keys).toContain(key);
    expect(merchantRoutes().length).toBeGreaterThan(20);
    // The ones the review found answering any origin, because they live under /resolve/.
    expect(keys).toContain('PUT /v1/shops/:slug/resolve/embed-config');
    expect(keys).toContain('GET /v1/shops/:slug/resolve/embed-config/settings');
    expect(keys).toContain('GET /v1/shops/:slug/resolve/settings');
    expect(keys).toContain('PUT /v1/shops/:slug/resolve/settings');
  });

  it('answers no other origin on any merchant route, with or without credentials', async () => {
    const open: string[] = [];
    for (const route of merchantRoutes()) {
      for (const auth of [t.merchantAuth, undefined]) {
        const response = await fetch(t.url(concrete(route.path)), {
          method: route.method,
          headers: { Origin: ORIGIN, 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: '{}' }),
        });
        await response.arrayBuffer();
        if (response.headers.get('access-control-allow-origin') !== null)
          open.push(`${route.method} ${route.path} (${response.status})`);
      }
    }
    expect(open).toEqual([]);
  });

  it('grants no preflight for any merchant route', async () => {
    const granted: string[] = [];
    for (const route of merchantRoutes()) {
      const response = await fetch(t.url(concrete(route.path)), {
        method: 'OPTIONS',
        headers: {
          Origin: ORIGIN,
          'Access-Control-Request-Method': route.method,
          'Access-Control-Request-Headers': 'authorization, content-type',
        },
      });
      await response.arrayBuffer();
      if (response.headers.get('access-control-allow-origin') !== null) granted.push(`${route.method} ${route.path}`);
    }
    expect(granted).toEqual([]);
  });

  it.each([...PUBLIC_CUSTOMER_ROUTES])('answers any origin on %s, preflight included', async (key) => {
    const [method, path] = key.split(' ') as [string, string];
    const preflight = await fetch(t.url(concrete(path)), {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': method,
        'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain(method);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    // The request itself, also when refused (a browser shows the refusal only if it may read it).
    const response = await fetch(t.url(concrete(path)), {
      method,
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
      ...(method === 'GET' ? {} : { body: '{}' }),
    });
    await response.arrayBuffer();
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
  });
});
