import { Hono } from 'hono';
import type { AppEnv } from './auth.js';
import type { Database } from './db/database.js';
import { ApiError, errorBody, sendError } from './errors.js';
import { embedConfigRoutes } from './routes/embed-config.js';

export interface AppDependencies {
  db: Database;
  log: (line: string) => void;
}

/** The HTTP application: routes, one log line per request, and the error body for every refusal. */
export function createApp({ db, log }: AppDependencies): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // The path only: query strings may carry tokens.
    log(`${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/', embedConfigRoutes(db));

  app.notFound((c) => c.json(errorBody(c, 404, 'route_not_found'), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) return sendError(c, error);
    log(`error ${c.req.method} ${new URL(c.req.url).pathname}: ${error instanceof Error ? error.stack : String(error)}`);
    return c.json(errorBody(c, 500, 'internal_error'), 500);
  });
  return app;
}
