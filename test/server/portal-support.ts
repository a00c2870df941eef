import { expect } from 'vitest';
import { portalSessionSchema, type PortalSession, type ShopRole } from '../../src/core/portal.js';
import { ensureUser, setMembership } from '../../src/server/accounts.js';
import type { RunningApi } from '../../src/server/index.js';
import { ensureShop } from '../../src/server/shops.js';

/** A portal user made the way the CLI makes them: an account, and optionally a membership of a shop. */
export async function createPortalUser(
  api: RunningApi,
  email: string,
  password: string,
  options: { shop?: string; role?: ShopRole; operator?: boolean } = {},
): Promise<void> {
  const { user } = await ensureUser(api.db, email, password, { operator: options.operator ?? false });
  if (options.shop)
    await setMembership(api.db, user.id, await ensureShop(api.db, options.shop, options.shop), options.role ?? 'admin');
}

/** A browser-like client of the portal: keeps the session cookie, sends Origin and the CSRF token. */
export interface PortalClient {
  cookie: string;
  session: PortalSession;
  /** A request with the cookie; writes also carry Origin and X-CSRF-Token unless overridden. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function cookieOf(response: Response): string {
  const [first] = response.headers.getSetCookie();
  expect(first, 'a Set-Cookie header').toBeTruthy();
  return (first as string).split(';')[0] as string;
}

/** `origin` is the API's public origin (sent as Origin); `base` where to connect when that name does not resolve here. */
export async function signIn(origin: string, email: string, password: string, base = origin): Promise<PortalClient> {
  const response = await fetch(`${base}/v1/portal/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const session = portalSessionSchema.parse(await response.json());
  const cookie = cookieOf(response);
  return {
    cookie,
    session,
    call: (method, path, body, headers = {}) =>
      fetch(`${base}${path}`, {
        method,
        headers: {
          Cookie: cookie,
          ...(method === 'GET' || method === 'HEAD' ? {} : { Origin: origin, 'X-CSRF-Token': session.csrf_token }),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

/** An admin and a member of `shop`, signed in: `admin@{domain}` and `member@{domain}`, both with `password`. */
export async function signInAdminAndMember(
  api: RunningApi,
  shop: string,
  domain: string,
  password: string,
): Promise<{ admin: PortalClient; member: PortalClient }> {
  for (const role of ['admin', 'member'] as const)
    await createPortalUser(api, `${role}@${domain}`, password, { shop, role });
  return {
    admin: await signIn(api.origin, `admin@${domain}`, password),
    member: await signIn(api.origin, `member@${domain}`, password),
  };
}

/** Customer-facing routes under /v1/shops/{slug}/: public or bearer-session, not merchant routes. */
export const PUBLIC_SHOP_ROUTES = new Set([
  'GET /v1/shops/:slug/resolve/embed-config',
  'POST /v1/shops/:slug/resolve/sessions',
  'POST /v1/shops/:slug/resolve/uploads',
  'POST /v1/shops/:slug/resolve/claims',
]);

/**
 * Every merchant route the running app registers (read from its router, so a route added later is
 * covered without editing the tests): method and path template, public customer routes left out.
 */
export function merchantRouteTable(api: RunningApi): { method: string; path: string }[] {
  const seen = new Set<string>();
  return api.routes.flatMap(({ method, path }) => {
    const key = `${method} ${path}`;
    if (method === 'ALL' || !path.startsWith('/v1/shops/:slug/') || PUBLIC_SHOP_ROUTES.has(key) || seen.has(key))
      return [];
    seen.add(key);
    return [{ method, path }];
  });
}
