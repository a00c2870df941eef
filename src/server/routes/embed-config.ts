import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { embedConfigInputSchema, type EmbedConfig } from '../../core/embed-config.js';
import type { EmbedConfigSettings } from '../../core/portal.js';
import { allowedUrlStates, liveAllowedUrls, syncAllowedUrls } from '../allow-list-review.js';
import { merchantAuth, shopFromPath, type AppEnv } from '../auth.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { readJsonBody } from '../json-body.js';
import { readShopPolicy } from '../shop-policy.js';
import { readEmbedConfig, writeEmbedConfig, type Shop } from '../shops.js';
import { parseInput } from '../request-input.js';

/** A shop that has not configured its tile yet: valid, and showing nothing. */
function disabledConfig(shop: Shop): EmbedConfig {
  return {
    shop_slug: shop.slug,
    enabled: false,
    allowed_urls: [],
    default_language: 'en',
    branding: { primary_color: '#1f2328' },
  };
}

/** The merchant's view: everything they listed, and which entries are live, pending or refused. */
async function settingsView(db: Queryable, shop: Shop, config: EmbedConfig): Promise<EmbedConfigSettings> {
  return { ...config, allowed_url_states: await allowedUrlStates(db, shop, config.allowed_urls) };
}

/**
 * The config the public route answers: only allow-list entries an operator approved (or that a
 * trusted shop published). The flow's shell carries the same (src/server/flow-host.ts).
 */
export async function publicEmbedConfig(db: Queryable, shop: Shop): Promise<EmbedConfig> {
  const stored = (await readEmbedConfig(db, shop))?.config;
  if (!stored) return disabledConfig(shop);
  const live = await liveAllowedUrls(db, shop);
  return { ...stored, allowed_urls: stored.allowed_urls.filter((url) => live.has(url)) };
}

export function embedConfigRoutes(ctx: ServerContext): Hono<AppEnv> {
  const { db } = ctx;
  const app = new Hono<AppEnv>();
  const auth = merchantAuth(ctx);

  // Public (CORS for any origin, see app.ts): the bundle on every merchant page reads this.
  // Cacheable for a minute and usable stale for ten while the browser revalidates. Only allow-list
  // entries an operator approved (or that a trusted shop published) are served.
  app.get('/v1/shops/:slug/resolve/embed-config', async (c) => {
    const body = JSON.stringify(await publicEmbedConfig(db, await shopFromPath(c, db)));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=600');
    c.header('ETag', etag);
    c.header('Vary', 'Origin');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  // Merchant view and update (API key or portal session). New allow-list entries are pending
  // until an operator approves them, unless the shop is trusted to publish directly.
  const put = async (c: Context<AppEnv>) => {
    const input = parseInput(embedConfigInputSchema, await readJsonBody(c), 'body');
    const shop = c.get('shop');
    const { trusted } = await readShopPolicy(db, shop);
    const view = await db.transaction(async (tx) => {
      const config = await writeEmbedConfig(tx, shop, input);
      await syncAllowedUrls(tx, shop, config.allowed_urls, trusted);
      return settingsView(tx, shop, config);
    });
    return c.json(view);
  };
  app.put('/v1/shops/:slug/resolve/embed-config', auth, put);
  app.put('/v1/shops/:slug/resolve/embed-config/settings', auth, put);

  app.get('/v1/shops/:slug/resolve/embed-config/settings', auth, async (c) => {
    const shop = c.get('shop');
    return c.json(await settingsView(db, shop, (await readEmbedConfig(db, shop))?.config ?? disabledConfig(shop)));
  });

  return app;
}
