import type { Context, MiddlewareHandler } from 'hono';
import { isValidShopSlug } from '../core/shop-slug.js';
import type { Database } from './db/database.js';
import { ApiError } from './errors.js';
import { findShop, verifyApiKey, type Shop } from './shops.js';

export type AppEnv = { Variables: { shop: Shop } };

/** The shop named in the path, or 404 `shop_not_found` (also for slugs that cannot exist). */
export async function shopFromPath(c: Context, db: Database): Promise<Shop> {
  const slug = c.req.param('slug') ?? '';
  const shop = isValidShopSlug(slug) ? await findShop(db, slug) : undefined;
  if (!shop) throw new ApiError(404, 'shop_not_found', [{ loc: ['path', 'slug'], msg: 'unknown shop', type: 'not_found' }]);
  return shop;
}

/**
 * Merchant endpoints: HTTP Basic `username:api_key`. The username is informational (conventionally
 * the shop slug); the key decides. Unknown shop and wrong key answer alike, so keys cannot be used
 * to discover shops.
 */
export function merchantAuth(db: Database): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = basicPassword(c.req.header('authorization'));
    const slug = c.req.param('slug') ?? '';
    const shop = key && isValidShopSlug(slug) ? await findShop(db, slug) : undefined;
    if (!key || !shop || !(await verifyApiKey(db, shop, key))) {
      throw new ApiError(401, 'unauthorized', [], { 'WWW-Authenticate': 'Basic realm="Resolve API"' });
    }
    c.set('shop', shop);
    await next();
  };
}

function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) || undefined : undefined;
}
