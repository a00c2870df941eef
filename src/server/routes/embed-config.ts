import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { embedConfigInputSchema, type EmbedConfig } from '../../core/embed-config.js';
import { merchantAuth, shopFromPath, type AppEnv } from '../auth.js';
import type { Database } from '../db/database.js';
import { ApiError, issuesToDetails } from '../errors.js';
import { readJsonBody } from '../json-body.js';
import { readEmbedConfig, writeEmbedConfig, type Shop } from '../shops.js';

/** A shop that has not configured its tile yet: valid, and showing nothing. */
function disabledConfig(shop: Shop): EmbedConfig {
  return { shop_slug: shop.slug, enabled: false, allowed_urls: [], default_language: 'en', branding: { primary_color: '#1f2328' } };
}

export function embedConfigRoutes(db: Database): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Public (CORS for any origin, see app.ts): the bundle on every merchant page reads this.
  // Cacheable for a minute and usable stale for ten while the browser revalidates.
  app.get('/v1/shops/:slug/resolve/embed-config', async (c) => {
    const shop = await shopFromPath(c, db);
    const stored = await readEmbedConfig(db, shop);
    const body = JSON.stringify(stored?.config ?? disabledConfig(shop));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=600');
    c.header('ETag', etag);
    c.header('Vary', 'Origin');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  // Merchant view and update (HTTP Basic).
  app.put('/v1/shops/:slug/resolve/embed-config', merchantAuth(db), async (c) => {
    const parsed = z.safeParse(embedConfigInputSchema, await readJsonBody(c));
    if (!parsed.success) throw new ApiError(422, 'validation_failed', issuesToDetails(parsed.error.issues));
    const config = await writeEmbedConfig(db, c.get('shop'), parsed.data);
    return c.json(config);
  });

  app.get('/v1/shops/:slug/resolve/embed-config/settings', merchantAuth(db), async (c) => {
    const shop = c.get('shop');
    return c.json((await readEmbedConfig(db, shop))?.config ?? disabledConfig(shop));
  });

  return app;
}
