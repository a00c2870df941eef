import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../core/session.js';
import { DEFAULT_APP_ORIGIN } from '../core/urls.js';
import type { ApiServerOptions } from './index.js';
import { DEFAULT_LOOKUP_THROTTLE } from './throttle.js';
import { DEFAULT_CLAIM_LIMITS } from './claim-floods.js';
import { isLoopbackHost } from '../core/urls.js';
import { DEFAULT_BACKOFF, DEFAULT_MAX_ATTEMPTS } from './delivery/retry.js';
import { DEFAULT_DELIVERY_WORKER } from './delivery-worker.js';
import { MIN_SECRETS_KEY_LENGTH } from './secrets.js';

/**
 * `npm run api` (and `npm run cli`) are configured only by the environment. See
 * src/server/README.md for the table:
 * PORT (4100), HOST (127.0.0.1), PUBLIC_ORIGIN (http://localhost:PORT), APP_ORIGIN
 * (https://app.gokarla.io), DATA_DIR (.data), DATABASE_URL, UPLOAD_DIR, SIGNING_SECRET,
 * UPLOAD_LIMIT_BYTES (15 MB), LOOKUP_MAX_FAILURES (5), LOOKUP_MAX_FAILURES_PER_CLIENT (20),
 * LOOKUP_WINDOW_SECONDS (900), TRUST_PROXY_HOPS (0), SHUTDOWN_TIMEOUT_MS (10000), SECRETS_KEY,
 * DELIVERY_WORKER (on), DELIVERY_POLL_MS (1000), DELIVERY_LEASE_SECONDS (600),
 * DELIVERY_MAX_ATTEMPTS (18), DELIVERY_RETRY_BASE_MS (30000), DELIVERY_RETRY_MAX_MS (6 h),
 * HELPDESK_ALLOW_LOOPBACK (off), DIXA_API_ORIGIN (https://dev.dixa.io), CLAIM_LIMIT_PER_ORDER (10 per 24 h),
 * CLAIM_LIMIT_PER_SESSION (5), CLAIM_DUPLICATE_WINDOW_SECONDS (600); 0 turns each off.
 * A wrong value stops the start with a message naming the variable, never a silent default.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiServerOptions {
  const port = integer(env, 'PORT', 4100, 0, 65_535);
  const maxFailures = integer(env, 'LOOKUP_MAX_FAILURES', DEFAULT_LOOKUP_THROTTLE.maxFailures, 1, 1_000_000);
  const signingSecret = env.SIGNING_SECRET?.trim();
  if (signingSecret !== undefined && signingSecret !== '' && signingSecret.length < 32) {
    throw new Error('SIGNING_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  }
  const secretsKey = env.SECRETS_KEY?.trim();
  if (secretsKey !== undefined && secretsKey !== '' && secretsKey.length < MIN_SECRETS_KEY_LENGTH) {
    throw new Error(`SECRETS_KEY must be at least ${MIN_SECRETS_KEY_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`);
  }
  const allowLoopbackHosts = flag(env, 'HELPDESK_ALLOW_LOOPBACK', false);
  const dixaBaseUrl = origin(env, 'DIXA_API_ORIGIN');
  // Dixa gets the token in a header: only over https, unless a local stand-in was allowed on purpose.
  if (dixaBaseUrl && !dixaBaseUrl.startsWith('https://') && !(allowLoopbackHosts && isLoopbackHost(new URL(dixaBaseUrl).hostname))) {
    throw new Error('DIXA_API_ORIGIN must be https (http only on a loopback host with HELPDESK_ALLOW_LOOPBACK=1)');
  }
  const retryBase = integer(env, 'DELIVERY_RETRY_BASE_MS', DEFAULT_BACKOFF.baseMs, 1, 24 * 3600 * 1000);
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
    claimLimits: {
      perOrder: integer(env, 'CLAIM_LIMIT_PER_ORDER', DEFAULT_CLAIM_LIMITS.perOrder, 0, 1_000_000),
      perSession: integer(env, 'CLAIM_LIMIT_PER_SESSION', DEFAULT_CLAIM_LIMITS.perSession, 0, 1_000_000),
      duplicateWindowSeconds: integer(env, 'CLAIM_DUPLICATE_WINDOW_SECONDS', DEFAULT_CLAIM_LIMITS.duplicateWindowSeconds, 0, 7 * 24 * 3600),
    },
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    ...(secretsKey ? { secretsKey } : {}),
    helpdesks: { allowLoopbackHosts, ...(dixaBaseUrl ? { dixaBaseUrl } : {}) },
    deliveryWorker: flag(env, 'DELIVERY_WORKER', true)
      ? {
          pollIntervalMs: integer(env, 'DELIVERY_POLL_MS', DEFAULT_DELIVERY_WORKER.pollIntervalMs, 10, 3_600_000),
          leaseMs: integer(env, 'DELIVERY_LEASE_SECONDS', DEFAULT_DELIVERY_WORKER.leaseMs / 1000, 1, 24 * 3600) * 1000,
          maxAttempts: integer(env, 'DELIVERY_MAX_ATTEMPTS', DEFAULT_MAX_ATTEMPTS, 1, 100),
          backoff: {
            baseMs: retryBase,
            capMs: integer(env, 'DELIVERY_RETRY_MAX_MS', DEFAULT_BACKOFF.capMs, retryBase, 7 * 24 * 3600 * 1000),
            minMs: Math.min(DEFAULT_BACKOFF.minMs, retryBase),
          },
        }
      : false,
  };
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be 1/0 (true/false, on/off), got "${env[name]}"`);
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
