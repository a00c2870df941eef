import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../core/session.js';
import { DEFAULT_APP_ORIGIN } from '../core/urls.js';
import type { ApiServerOptions } from './index.js';
import { DEFAULT_LOOKUP_THROTTLE } from './throttle.js';

/**
 * `npm run api` (and `npm run cli`) are configured only by the environment. See
 * src/server/README.md for the table:
 * PORT (4100), HOST (127.0.0.1), PUBLIC_ORIGIN (http://localhost:PORT), APP_ORIGIN
 * (https://app.gokarla.io), DATA_DIR (.data), DATABASE_URL, UPLOAD_DIR, SIGNING_SECRET,
 * UPLOAD_LIMIT_BYTES (15 MB), LOOKUP_MAX_FAILURES (5), LOOKUP_MAX_FAILURES_PER_CLIENT (20),
 * LOOKUP_WINDOW_SECONDS (900), TRUST_PROXY_HOPS (0), SHUTDOWN_TIMEOUT_MS (10000).
 * A wrong value stops the start with a message naming the variable, never a silent default.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiServerOptions {
  const port = integer(env, 'PORT', 4100, 0, 65_535);
  const maxFailures = integer(env, 'LOOKUP_MAX_FAILURES', DEFAULT_LOOKUP_THROTTLE.maxFailures, 1, 1_000_000);
  const signingSecret = env.SIGNING_SECRET?.trim();
  if (signingSecret !== undefined && signingSecret !== '' && signingSecret.length < 32) {
    throw new Error('SIGNING_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  }
  return {
    host: env.HOST || '127.0.0.1',
    port,
    publicOrigin: origin(env, 'PUBLIC_ORIGIN') ?? `http://localhost:${port}`,
    appOrigin: origin(env, 'APP_ORIGIN') ?? DEFAULT_APP_ORIGIN,
    dataDir: env.DATA_DIR || '.data',
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.UPLOAD_DIR ? { uploadDir: env.UPLOAD_DIR } : {}),
    ...(signingSecret ? { signingSecret } : {}),
    uploadLimitBytes: integer(env, 'UPLOAD_LIMIT_BYTES', DEFAULT_UPLOAD_LIMIT_BYTES, 1024, 1024 * 1024 * 1024),
    lookupThrottle: {
      maxFailures,
      maxFailuresPerClient: integer(env, 'LOOKUP_MAX_FAILURES_PER_CLIENT', DEFAULT_LOOKUP_THROTTLE.maxFailuresPerClient ?? maxFailures, 1, 1_000_000),
      windowMs: integer(env, 'LOOKUP_WINDOW_SECONDS', DEFAULT_LOOKUP_THROTTLE.windowMs / 1000, 1, 7 * 24 * 3600) * 1000,
    },
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function origin(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be http(s), got "${raw}"`);
  return url.origin;
}
