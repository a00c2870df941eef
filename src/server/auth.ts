import type { Context, MiddlewareHandler } from 'hono';
import { CSRF_HEADER, type IntegrationProvider, type ShopRole } from '../core/portal.js';
import { isValidShopSlug } from '../core/shop-slug.js';
import { findUserById, roleInShop, type User } from './accounts.js';
import type { ServerContext } from './context.js';
import type { Database } from './db/database.js';
import { ApiError } from './errors.js';
import {
  cookieIsSecure,
  csrfTokenMatches,
  findPortalSession,
  readSessionCookie,
  type PortalSessionRecord,
} from './portal-sessions.js';
import { requireIntegrationAvailable } from './shop-policy.js';
import { findShop, verifyApiKey, type Shop } from './shops.js';

/** Who is calling a merchant route: a program with the shop's API key, or a signed-in portal user. */
export type Principal = { kind: 'api_key' } | { kind: 'session'; user: User; session: PortalSessionRecord };

export type AppEnv = { Variables: { shop: Shop; role: ShopRole; principal: Principal } };

/** The shop named in the path, or 404 `shop_not_found` (also for slugs that cannot exist). */
export async function shopFromPath(c: Context, db: Database): Promise<Shop> {
  const slug = c.req.param('slug') ?? '';
  const shop = isValidShopSlug(slug) ? await findShop(db, slug) : undefined;
  if (!shop)
    throw new ApiError(404, 'shop_not_found', [{ loc: ['path', 'slug'], msg: 'unknown shop', type: 'not_found' }]);
  return shop;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isWrite = (c: Context) => !SAFE_METHODS.has(c.req.method);

/**
 * Merchant endpoints accept either credential:
 *
 * - HTTP Basic `username:api_key` (programs). The username is informational (conventionally the
 *   shop slug); the key decides. Unknown shop and wrong key answer alike (401), so keys cannot be
 *   used to discover shops. A key may do everything for its shop.
 * - The portal's session cookie. The user must be a member of the shop (or an operator): anyone
 *   else gets `404 shop_not_found` whether the shop exists or not. `member`s may read only (`403
 *   forbidden` on every write); every write must pass the CSRF check first.
 */
export function merchantAuth(ctx: ServerContext): MiddlewareHandler<AppEnv> {
  const { db } = ctx;
  return async (c, next) => {
    const header = c.req.header('authorization');
    const slug = c.req.param('slug') ?? '';
    if (header !== undefined) {
      const key = basicPassword(header);
      const shop = key && isValidShopSlug(slug) ? await findShop(db, slug) : undefined;
      if (!key || !shop || !(await verifyApiKey(db, shop, key))) throw unauthorized(c);
      c.set('shop', shop);
      c.set('role', 'admin');
      c.set('principal', { kind: 'api_key' });
      return next();
    }
    const signedIn = await portalUser(c, ctx);
    if (!signedIn) throw unauthorized(c);
    if (isWrite(c)) requireCsrf(c, ctx, signedIn.session);
    const shop = isValidShopSlug(slug) ? await findShop(db, slug) : undefined;
    const role = shop ? await roleInShop(db, signedIn.user, shop) : undefined;
    if (!shop || !role)
      throw new ApiError(404, 'shop_not_found', [{ loc: ['path', 'slug'], msg: 'unknown shop', type: 'not_found' }]);
    if (isWrite(c) && role !== 'admin') throw new ApiError(403, 'forbidden');
    c.set('shop', shop);
    c.set('role', role);
    c.set('principal', { kind: 'session', ...signedIn });
    return next();
  };
}

/**
 * A merchant route of one helpdesk: merchant authentication, then `403 integration_not_available`
 * unless an operator enabled that helpdesk for the shop (API keys included).
 */
export function integrationAuth(ctx: ServerContext, provider: IntegrationProvider): MiddlewareHandler<AppEnv> {
  const auth = merchantAuth(ctx);
  return (c, next) =>
    auth(c, async () => {
      await requireIntegrationAvailable(ctx.db, c.get('shop'), provider);
      await next();
    });
}

/** Operator routes: a signed-in operator (CSRF-checked on writes); anyone signed in otherwise is refused. */
export function operatorAuth(ctx: ServerContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const signedIn = await portalUser(c, ctx);
    if (!signedIn) throw unauthorized(c);
    if (isWrite(c)) requireCsrf(c, ctx, signedIn.session);
    if (!signedIn.user.operator) throw new ApiError(403, 'forbidden');
    c.set('principal', { kind: 'session', ...signedIn });
    c.set('role', 'admin');
    return next();
  };
}

/** The signed-in user of this request's session cookie, when the session is live. */
export async function portalUser(
  c: Context,
  ctx: ServerContext,
): Promise<{ user: User; session: PortalSessionRecord } | undefined> {
  const id = readSessionCookie(c, cookieIsSecure(ctx.publicOrigin));
  const session = id ? await findPortalSession(ctx.db, id) : undefined;
  const user = session ? await findUserById(ctx.db, session.userId) : undefined;
  return session && user ? { user, session } : undefined;
}

/**
 * Cookies ride along with cross-site form posts; these two checks make sure a write came from the
 * portal itself: the browser's `Origin` (or, when a browser sends none, `Sec-Fetch-Site:
 * same-origin`) names this API's origin, and `X-CSRF-Token` is the HMAC of this session that only
 * a page able to read `/v1/portal/session` can know.
 */
export function requireCsrf(c: Context, ctx: ServerContext, session: PortalSessionRecord): void {
  requireSameOrigin(c, ctx);
  if (!csrfTokenMatches(ctx.signer, session, c.req.header(CSRF_HEADER))) throw new ApiError(403, 'csrf_failed');
}

/** The Origin half alone: sign-in has no session yet, but must not be triggered by another site (login CSRF). */
export function requireSameOrigin(c: Context, ctx: ServerContext): void {
  const origin = c.req.header('origin');
  const ok = origin !== undefined ? origin === ctx.publicOrigin : c.req.header('sec-fetch-site') === 'same-origin';
  if (!ok)
    throw new ApiError(403, 'csrf_failed', [
      { loc: ['header', 'origin'], msg: 'not sent from the portal', type: 'csrf' },
    ]);
}

/**
 * 401. `WWW-Authenticate: Basic` tells programs how to authenticate; a browser's own fetch (the
 * portal, with its session ended) is answered without it, or the browser would pop up a password dialog.
 */
function unauthorized(c: Context): ApiError {
  // Browsers send Sec-Fetch-Site with every request; programs (curl, SDKs, Node's fetch) do not.
  const fromPage = c.req.header('sec-fetch-site') !== undefined && c.req.header('authorization') === undefined;
  return new ApiError(401, 'unauthorized', [], fromPage ? {} : { 'WWW-Authenticate': 'Basic realm="Resolve API"' });
}

function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) || undefined : undefined;
}
