import { Hono, type Context } from 'hono';
import type { ClaimActivityList, ClaimDeliveryViewList } from '../../core/claim-detail.js';
import { merchantAuth, type AppEnv } from '../auth.js';
import { listClaimActivity } from '../claim-activity.js';
import { claimDeliveryViews, claimDetail } from '../claim-detail.js';
import { findClaim, type ClaimRow } from '../claims.js';
import type { ServerContext } from '../context.js';
import { listClaimDeliveries } from '../delivery-jobs.js';
import { ApiError } from '../errors.js';
import { findOrderById } from '../orders.js';
import { isUuid } from '../request-input.js';

/**
 * The portal's claim detail (merchant authentication: API key, or a session of a user of the
 * shop; every route here reads, so members may use them too):
 *
 * - `GET /v1/shops/{slug}/claims/{uuid}/detail`: everything the customer gave, file URLs signed for an hour;
 * - `GET /v1/shops/{slug}/claims/{uuid}/activity`: created, changes with who made them, delivery outcomes;
 * - `GET /v1/shops/{slug}/claims/{uuid}/detail/deliveries`: each delivery with its target's label,
 *   the ticket / conversation link and whether it can be retried.
 *
 * Changes go through `PUT …/claims/{uuid}` (routes/merchant.ts) and `POST
 * …/claims/{uuid}/deliveries/{id}/retry` (routes/integrations.ts), which record the activity.
 */
export function claimDetailRoutes(ctx: ServerContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const auth = merchantAuth(ctx);

  const claimFromPath = async (c: Context<AppEnv>): Promise<ClaimRow> => {
    const id = c.req.param('uuid') ?? '';
    const claim = isUuid(id) ? await findClaim(ctx.db, c.get('shop'), id.toLowerCase()) : undefined;
    if (!claim) throw new ApiError(404, 'claim_not_found');
    return claim;
  };

  app.get('/v1/shops/:slug/claims/:uuid/detail', auth, async (c) => {
    const shop = c.get('shop');
    const claim = await claimFromPath(c);
    const order = await findOrderById(ctx.db, shop, claim.order_id);
    if (!order) throw new ApiError(404, 'claim_not_found');
    // Signed URLs in the answer: no shared cache may keep it, and it is stale within the hour anyway.
    c.header('Cache-Control', 'private, no-store');
    return c.json(await claimDetail(ctx, shop, claim, order));
  });

  app.get('/v1/shops/:slug/claims/:uuid/activity', auth, async (c) => {
    const claim = await claimFromPath(c);
    const answer: ClaimActivityList = { data: await listClaimActivity(ctx.db, c.get('shop').id, claim.id) };
    return c.json(answer);
  });

  app.get('/v1/shops/:slug/claims/:uuid/detail/deliveries', auth, async (c) => {
    const shopId = c.get('shop').id;
    const claim = await claimFromPath(c);
    const rows = await listClaimDeliveries(ctx.db, shopId, claim.id);
    const answer: ClaimDeliveryViewList = { data: await claimDeliveryViews(ctx.db, shopId, rows) };
    return c.json(answer);
  });

  return app;
}
