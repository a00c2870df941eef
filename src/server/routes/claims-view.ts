import { Hono } from 'hono';
import { claimReference } from '../../core/claim-reference.js';
import {
  claimsExportQuerySchema,
  claimsViewFilterSchema,
  claimsViewQuerySchema,
  type ClaimsViewPage,
  type ClaimsViewRow,
} from '../../core/claims-view.js';
import { merchantAuth, type AppEnv } from '../auth.js';
import { claimsCsvStream } from '../claims-export.js';
import { decodeCursor, encodeCursor, listClaimRecords, type ClaimViewRecord } from '../claims-query.js';
import { summarizeClaims } from '../claims-summary.js';
import type { ServerContext } from '../context.js';
import { parseInput } from '../request-input.js';

/**
 * The merchant portal's Claims view (HTTP Basic or the portal session; members may read and
 * export): keyset-paged list, summary, CSV export. Mounted before the merchant routes, so
 * `/claims/view`, `/claims/summary` and `/claims/export.csv` are never taken for a claim's uuid.
 */
export function claimsViewRoutes(ctx: ServerContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const auth = merchantAuth(ctx);

  app.get('/v1/shops/:slug/claims/view', auth, async (c) => {
    const { limit, cursor, ...filter } = parseInput(claimsViewQuerySchema, c.req.query(), 'query');
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const { rows, next } = await listClaimRecords(ctx.db, c.get('shop'), filter, { limit, after });
    const page: ClaimsViewPage = { data: rows.map(toRow), next_cursor: next ? encodeCursor(next) : null };
    return c.json(page);
  });

  app.get('/v1/shops/:slug/claims/summary', auth, async (c) => {
    const filter = parseInput(claimsViewFilterSchema, c.req.query(), 'query');
    return c.json(await summarizeClaims(ctx.db, c.get('shop'), filter));
  });

  app.get('/v1/shops/:slug/claims/export.csv', auth, (c) => {
    const { rows, ...filter } = parseInput(claimsExportQuerySchema, c.req.query(), 'query');
    const shop = c.get('shop');
    const name = `${rows === 'items' ? 'claim-items' : 'claims'}-${shop.slug}-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(claimsCsvStream(ctx.db, shop, filter, rows), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });

  return app;
}

function toRow(record: ClaimViewRecord): ClaimsViewRow {
  return {
    id: record.id,
    reference: claimReference(record.id),
    created_at: new Date(record.created_key).toISOString(),
    order_number: record.order_number,
    customer: { name: record.customer_name, email: record.customer_email },
    flow_type: record.flow_type,
    reason: record.reason,
    resolution_preference: record.resolution_preference,
    language: record.language,
    status: record.status,
    photos: record.photos,
    delivery: record.delivery,
  };
}
