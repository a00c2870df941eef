import { DEFAULT_APP_ORIGIN } from '../core/urls.js';
import type { ApiServerOptions } from './index.js';

/**
 * `npm run api` is configured only by the environment:
 * PORT (default 4100), HOST (127.0.0.1), PUBLIC_ORIGIN (http://localhost:PORT), APP_ORIGIN
 * (https://app.gokarla.io), DATA_DIR (.data; PGlite lives in DATA_DIR/pglite), DATABASE_URL
 * (use PostgreSQL instead of PGlite).
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiServerOptions {
  const port = Number(env.PORT ?? 4100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    publicOrigin: env.PUBLIC_ORIGIN ?? `http://localhost:${port}`,
    appOrigin: env.APP_ORIGIN ?? DEFAULT_APP_ORIGIN,
    dataDir: env.DATA_DIR ?? '.data',
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
  };
}
