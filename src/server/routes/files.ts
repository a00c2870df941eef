import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { AppEnv } from '../auth.js';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { verifyFileUrl } from '../tokens.js';
import { isUuid } from '../request-input.js';

/** Stored evidence, only through signed, expiring URLs (helpdesks and the customer's previews). */
export function fileRoutes(ctx: ServerContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/v1/files/:id', async (c) => {
    const id = c.req.param('id');
    const verdict = isUuid(id)
      ? verifyFileUrl(ctx.signer, id, c.req.query('expires'), c.req.query('signature'))
      : 'invalid';
    if (verdict === 'expired') throw new ApiError(403, 'file_url_expired');
    if (verdict !== 'ok') throw new ApiError(403, 'link_invalid');
    const [row] = await ctx.db.query<{ content_type: string; storage_key: string }>(
      'SELECT content_type, storage_key FROM uploads WHERE id = $1',
      [id],
    );
    // Streamed from storage: a helpdesk fetching a 15 MB scan does not hold it in our memory.
    const stored = row ? await ctx.blobs.stream(row.storage_key) : undefined;
    if (!row || !stored) throw new ApiError(404, 'link_invalid');
    return c.body(Readable.toWeb(stored.body) as ReadableStream<Uint8Array>, 200, {
      'Content-Type': row.content_type,
      'Content-Length': String(stored.size),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      // A PDF (or anything else) opened from here runs nothing and reaches nothing.
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Access-Control-Allow-Origin': '*',
    });
  });
  return app;
}
