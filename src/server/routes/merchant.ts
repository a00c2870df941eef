import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import { claimListQuerySchema, claimUpdateSchema } from '../../core/claims.js';
import { normalizeOrderNumber, orderInputSchema, orderListQuerySchema } from '../../core/orders.js';
import { resolveSettingsSchema } from '../../core/resolve-settings.js';
import { storableString } from '../../core/stored-text.js';
import { resolveLinkRequestSchema } from '../../core/session.js';
import { buildFinderUrl } from '../../core/urls.js';
import { merchantAuth, type AppEnv } from '../auth.js';
import { actorOf } from '../claim-activity.js';
import { claimView, findClaim, listClaims, updateClaim, type ClaimRow } from '../claims.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { readJsonBody } from '../json-body.js';
import { findOrderById, findOrderByNumber, listOrders, orderView, upsertOrder } from '../orders.js';
import { readResolveSettings, writeResolveSettings } from '../settings.js';
import type { Shop } from '../shops.js';
import { DEFAULT_LINK_TTL_SECONDS, issueResolveLink } from '../tokens.js';
import { isUuid, parseInput } from '../request-input.js';

/** The order number in a path: any text a database can hold (unknown ones are a 404). */
const orderNumberPathSchema = z.object({ order_number: storableString() });

/** Merchant endpoints (HTTP Basic): orders, claims, Resolve settings, resolve links. */
export function merchantRoutes(ctx: ServerContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const auth = merchantAuth(ctx);

  app.put('/v1/shops/:slug/orders', auth, async (c) => {
    const input = parseInput(orderInputSchema, await readJsonBody(c), 'body');
    const { order, created } = await upsertOrder(ctx.db, c.get('shop'), input);
    return c.json(orderView(order, c.get('shop')), created ? 201 : 200);
  });

  app.get('/v1/shops/:slug/orders', auth, async (c) => {
    const query = parseInput(orderListQuerySchema, c.req.query(), 'query');
    const { orders, total } = await listOrders(ctx.db, c.get('shop'), {
      orderNumber: query.order_number,
      zipCode: query.zip_code,
      page: query.page,
      perPage: query.per_page,
    });
    return c.json({
      data: orders.map((order) => orderView(order, c.get('shop'))),
      page: query.page,
      per_page: query.per_page,
      total,
    });
  });

  app.post('/v1/shops/:slug/orders/:order_number/resolve-link', auth, async (c) => {
    const shop = c.get('shop');
    const text = await c.req.text();
    const request = parseInput(resolveLinkRequestSchema, text.trim() ? safeJson(text) : {}, 'body');
    // Hono has already percent-decoded the segment; decoding again would turn `%` into a 500.
    const { order_number: orderNumber } = parseInput(
      orderNumberPathSchema,
      { order_number: c.req.param('order_number') ?? '' },
      'path',
    );
    const order = orderNumber.length <= 64 ? await findOrderByNumber(ctx.db, shop, orderNumber) : undefined;
    if (!order) throw new ApiError(404, 'order_not_found');
    const { token, expiresAt } = issueResolveLink(
      ctx.signer,
      shop.id,
      order.id,
      request.expires_in_seconds ?? DEFAULT_LINK_TTL_SECONDS,
    );
    const url = buildFinderUrl(ctx.appOrigin, shop.slug, request.language ?? 'en', { token });
    return c.json({ url, token, expires_at: expiresAt.toISOString() }, 201);
  });

  app.get('/v1/shops/:slug/claims', auth, async (c) => {
    const shop = c.get('shop');
    const query = parseInput(claimListQuerySchema, c.req.query(), 'query');
    const { rows, total } = await listClaims(ctx.db, shop, {
      status: query.status,
      resolutionPreference: query.resolution_preference,
      orderKey: query.order_number ? normalizeOrderNumber(query.order_number) : undefined,
      page: query.page,
      perPage: query.per_page,
    });
    return c.json({
      data: await Promise.all(rows.map((row) => merchantClaim(ctx, shop, row))),
      page: query.page,
      per_page: query.per_page,
      total,
    });
  });

  app.get('/v1/shops/:slug/claims/:uuid', auth, async (c) => {
    const shop = c.get('shop');
    return c.json(await merchantClaim(ctx, shop, await claimFromPath(c, ctx, shop)));
  });

  app.put('/v1/shops/:slug/claims/:uuid', auth, async (c) => {
    const shop = c.get('shop');
    const update = parseInput(claimUpdateSchema, await readJsonBody(c), 'body');
    const existing = await claimFromPath(c, ctx, shop);
    return c.json(
      await merchantClaim(ctx, shop, await updateClaim(ctx, shop, existing.id, update, actorOf(c.get('principal')))),
    );
  });

  app.get('/v1/shops/:slug/resolve/settings', auth, async (c) =>
    c.json(await readResolveSettings(ctx.db, c.get('shop'))),
  );
  app.put('/v1/shops/:slug/resolve/settings', auth, async (c) => {
    const settings = parseInput(resolveSettingsSchema, await readJsonBody(c), 'body');
    return c.json(await writeResolveSettings(ctx.db, c.get('shop'), settings));
  });

  return app;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json');
  }
}

async function claimFromPath(c: Context<AppEnv>, ctx: ServerContext, shop: Shop): Promise<ClaimRow> {
  const id = c.req.param('uuid') ?? '';
  const claim = isUuid(id) ? await findClaim(ctx.db, shop, id.toLowerCase()) : undefined;
  if (!claim) throw new ApiError(404, 'claim_not_found');
  return claim;
}

async function merchantClaim(ctx: ServerContext, shop: Shop, row: ClaimRow) {
  const order = await findOrderById(ctx.db, shop, row.order_id);
  if (!order) throw new ApiError(404, 'claim_not_found');
  return claimView(ctx, shop, row, order, { fullAddress: true });
}
