import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './auth.js';
import type { ServerContext } from './context.js';
import { ApiError, errorBody, sendError } from './errors.js';
import { customerRoutes } from './routes/customer.js';
import { embedConfigRoutes } from './routes/embed-config.js';
import { fileRoutes } from './routes/files.js';
import { merchantRoutes } from './routes/merchant.js';

/** The HTTP application: routes, one log line per request, and the error body for every refusal. */
export function createApp(ctx: ServerContext): Hono<AppEnv> {
  const { db, log } = ctx;
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // The path only: query strings may carry tokens.
    log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  // The customer side is called from other origins (Help Centers, the Resolve flow) with bearer
  // tokens, never cookies, so any origin may call it and no credentials are ever allowed.
  app.use(
    '/v1/shops/:slug/resolve/*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept-Language'],
      exposeHeaders: ['Retry-After', 'Idempotent-Replayed', 'ETag'],
      maxAge: 600,
    }),
  );
  app.route('/', embedConfigRoutes(db));
  app.route('/', customerRoutes(ctx));
  app.route('/', merchantRoutes(ctx));
  app.route('/', fileRoutes(ctx));

  app.notFound((c) => c.json(errorBody(c, 404, 'route_not_found'), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return sendError(c, error);
    log(`error ${c.req.method} ${new URL(c.req.url).pathname}: ${error instanceof Error ? error.stack : String(error)}`);
    return c.json(errorBody(c, 500, 'internal_error'), 500);
  });
  return app;
}
