import type { HttpBindings } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { AppEnv } from './auth.js';
import type { ServerContext } from './context.js';
import { ApiError, errorBody, sendError } from './errors.js';
import { MAX_JSON_BYTES } from './json-body.js';
import { claimDetailRoutes } from './routes/claim-detail.js';
import { claimsViewRoutes } from './routes/claims-view.js';
import { customerRoutes } from './routes/customer.js';
import { embedConfigRoutes, publicEmbedConfig } from './routes/embed-config.js';
import { fileRoutes } from './routes/files.js';
import { flowHostRoutes } from './flow-host.js';
import { findShop } from './shops.js';
import { portalHostRoutes } from './portal-host.js';
import { integrationRoutes } from './routes/integrations.js';
import { merchantRoutes } from './routes/merchant.js';
import { operatorRoutes } from './routes/operator.js';
import { portalRoutes } from './routes/portal.js';
import { shopPortalRoutes } from './routes/shop-portal.js';

/**
 * The public customer routes, the only ones any origin may call. Listed by method and path: the
 * merchant's `PUT` of the embed config shares its path with the public `GET`.
 */
export const CORS_OPEN_ROUTES: readonly { method: 'GET' | 'POST'; path: string }[] = [
  { method: 'GET', path: '/v1/shops/:slug/resolve/embed-config' },
  { method: 'POST', path: '/v1/shops/:slug/resolve/sessions' },
  { method: 'POST', path: '/v1/shops/:slug/resolve/uploads' },
  { method: 'POST', path: '/v1/shops/:slug/resolve/claims' },
];

/**
 * CORS for one method of a path: the request itself, its preflight (an OPTIONS asking for that
 * method) and, for GET, HEAD. Any other method on the path passes through without CORS headers.
 */
function corsFor(method: 'GET' | 'POST'): MiddlewareHandler<AppEnv> {
  const methods: string[] = method === 'GET' ? ['GET', 'HEAD'] : [method];
  const handler = cors({
    origin: '*',
    allowMethods: [...methods, 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept-Language', 'Karla-Version'],
    exposeHeaders: ['Retry-After', 'Idempotent-Replayed', 'ETag'],
    maxAge: 600,
  });
  return (c, next) => {
    const asked =
      c.req.method === 'OPTIONS' ? c.req.header('Access-Control-Request-Method')?.toUpperCase() : c.req.method;
    return asked !== undefined && methods.includes(asked) ? handler(c, next) : next();
  };
}

/** The HTTP application: routes, one log line per request, and the error body for every refusal. */
export function createApp(ctx: ServerContext): Hono<AppEnv> {
  const { log } = ctx;
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Answered before the request body was read to its end (a 413, a refused upload): the adapter
    // drains the rest for a moment and then drops the socket. Say so, or a keep-alive client
    // reuses a socket that is about to close and its next request fails.
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    if (incoming && !incoming.readableEnded && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      try {
        c.res.headers.set('Connection', 'close');
      } catch {
        // immutable headers: nothing to do
      }
    }
    // The path only: query strings may carry tokens.
    log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  // The customer side is called from other origins (Help Centers, the Resolve flow) with bearer
  // tokens, never cookies, so any origin may call it and no credentials are ever allowed. Only
  // those routes: the merchant settings share the /resolve/ prefix but must stay same-origin.
  for (const { method, path } of CORS_OPEN_ROUTES) app.use(path, corsFor(method));
  // Bodies are capped while they stream in, so a chunked body without Content-Length cannot make
  // us buffer more than the limit: 1 MiB, except evidence uploads, which their route streams to
  // storage under the upload limit. After CORS, so a customer's browser can read the 413.
  const jsonLimit = bodyLimit({
    maxSize: MAX_JSON_BYTES,
    onError: (c) => sendError(c, new ApiError(413, 'payload_too_large')),
  });
  app.use((c, next) =>
    c.req.method === 'POST' && c.req.path.endsWith('/resolve/uploads') ? next() : jsonLimit(c, next),
  );
  app.route('/', embedConfigRoutes(ctx));
  app.route('/', customerRoutes(ctx));
  // Before the merchant routes: `/claims/view`, `/claims/summary`, `/claims/export.csv` are not claim uuids.
  app.route('/', claimsViewRoutes(ctx));
  app.route('/', merchantRoutes(ctx));
  app.route('/', integrationRoutes(ctx));
  app.route('/', claimDetailRoutes(ctx));
  // The merchant portal: sessions, its extra merchant routes, and the operators' routes.
  app.route('/', portalRoutes(ctx));
  app.route('/', shopPortalRoutes(ctx));
  app.route('/', operatorRoutes(ctx));
  app.route('/', fileRoutes(ctx));
  // The Resolve flow itself, so one reference server is a complete deployment (the demo serves the
  // same routes from its separate app origin, as production does).
  app.route(
    '/',
    flowHostRoutes({
      apiOrigin: () => ctx.publicOrigin,
      embedConfig: async (slug) => {
        const shop = await findShop(ctx.db, slug);
        return shop ? { kind: 'found', config: await publicEmbedConfig(ctx.db, shop) } : { kind: 'not-found' };
      },
    }),
  );
  // The merchant portal's pages, after every JSON route so none of them is ever shadowed by the shell.
  app.route('/', portalHostRoutes({ apiOrigin: () => ctx.publicOrigin, appOrigin: () => ctx.appOrigin }));

  app.notFound((c) => c.json(errorBody(c, 404, 'route_not_found'), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return sendError(c, error);
    log(
      `error ${c.req.method} ${new URL(c.req.url).pathname}: ${error instanceof Error ? error.stack : String(error)}`,
    );
    return c.json(errorBody(c, 500, 'internal_error'), 500);
  });
  return app;
}

/** The routes an app answers (method and path, middleware left out): what tests walk to cover every route. */
export function listRoutes(app: Hono<AppEnv>): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const { method, path } of app.routes) {
    if (method !== 'ALL') seen.set(`${method} ${path}`, { method, path });
  }
  return [...seen.values()];
}
