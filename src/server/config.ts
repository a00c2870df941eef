import { z } from 'zod';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../core/session.js';
import { DEFAULT_APP_ORIGIN, isLoopbackHost } from '../core/urls.js';
import type { ApiServerOptions } from './index.js';
import { DEFAULT_LOOKUP_THROTTLE, DEFAULT_SIGN_IN_THROTTLE } from './throttle.js';
import { DEFAULT_CLAIM_LIMITS } from './claim-floods.js';
import { DEFAULT_BACKOFF, DEFAULT_MAX_ATTEMPTS } from './delivery/retry.js';
import { DEFAULT_DELIVERY_WORKER } from './delivery/worker.js';
import { MIN_SECRETS_KEY_LENGTH } from './secrets.js';
import { DEFAULT_UPLOAD_QUOTA } from './upload-quota.js';

/**
 * `npm run api` and `npm run cli` are configured only by the environment. `ENVIRONMENT` below is
 * the one description of it: each variable's parser, its default as documented and what it means.
 * The tables in README.md and src/server/README.md are generated from it (`npm run docs:env`), and
 * a test fails when they drift. A wrong value stops the start with a message naming the variable,
 * never a silent default.
 */

/** What the documentation says of a variable; the parser is the schema it is attached to. */
type EnvDoc = {
  /** The default as a reader needs it (a value in backticks, or words when it is derived). */
  default: string;
  meaning: string;
};

type Raw = string | undefined;

/** A variable's schema: reads the raw text (absent or blank → `undefined`), refuses with a message that completes "NAME …". */
function variable<T>(parse: (raw: string) => T | { refused: string }) {
  return z.optional(z.string()).transform((raw: Raw, ctx): T | undefined => {
    if (raw === undefined || raw.trim() === '') return undefined;
    const result = parse(raw);
    if (typeof result === 'object' && result !== null && 'refused' in result) {
      ctx.addIssue({ code: 'custom', message: result.refused });
      return z.NEVER;
    }
    return result as T;
  });
}

function integer(min: number, max: number) {
  return variable((raw) => {
    const value = Number(raw);
    return Number.isInteger(value) && value >= min && value <= max
      ? value
      : { refused: `must be an integer from ${min} to ${max}, got "${raw}"` };
  });
}

function flag() {
  return variable((raw) => {
    const value = raw.trim().toLowerCase();
    if (['1', 'true', 'on', 'yes'].includes(value)) return true;
    if (['0', 'false', 'off', 'no'].includes(value)) return false;
    return { refused: `must be 1/0 (true/false, on/off), got "${raw}"` };
  });
}

/** An http(s) URL reduced to its origin (a path given by mistake is dropped). */
function origin() {
  return variable((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { refused: `must be an absolute http(s) URL, got "${raw}"` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { refused: `must be http(s), got "${raw}"` };
    return url.origin;
  });
}

function text() {
  return variable((raw) => raw);
}

function secret(minLength: number) {
  return variable((raw) => {
    const value = raw.trim();
    return value.length >= minLength
      ? value
      : { refused: `must be at least ${minLength} characters (e.g. \`openssl rand -base64 32\`)` };
  });
}

const MB = 1024 * 1024;
const withDoc = <S extends z.ZodType>(schema: S, doc: EnvDoc): S => schema.meta(doc);

/** Every variable the API reads, in the order the documentation lists them. */
export const ENVIRONMENT = z.object({
  PORT: withDoc(integer(0, 65_535), { default: '`4100`', meaning: 'listen port (`0` picks a free one)' }),
  HOST: withDoc(text(), { default: '`127.0.0.1`', meaning: 'listen address; loopback unless you say otherwise' }),
  PUBLIC_ORIGIN: withDoc(origin(), {
    default: '`http://localhost:$PORT`',
    meaning: 'the origin clients reach the API at; signed file URLs are built on it',
  }),
  APP_ORIGIN: withDoc(origin(), {
    default: `\`${DEFAULT_APP_ORIGIN}\``,
    meaning: 'origin of the Resolve flow: resolve links are `{APP_ORIGIN}/resolve/{slug}/finder?lang=..&token=..`',
  }),
  DATA_DIR: withDoc(text(), {
    default: '`.data`',
    meaning:
      'embedded store: PGlite in `$DATA_DIR/pglite` (locked by `$DATA_DIR/pglite.lock` while a process has it open), uploads in `$DATA_DIR/uploads`',
  }),
  DATABASE_URL: withDoc(text(), {
    default: '—',
    meaning: 'use this PostgreSQL server instead of PGlite (same migrations, same SQL)',
  }),
  UPLOAD_DIR: withDoc(text(), {
    default: '`$DATA_DIR/uploads`',
    meaning: 'where uploaded evidence is written with `BLOB_STORE=disk` (also with `DATABASE_URL`)',
  }),
  SIGNING_SECRET: withDoc(secret(32), {
    default: 'created once, kept in the store (`server_secrets` table)',
    meaning:
      '≥ 32 characters; signs session tokens, resolve-link tokens and file URLs. Set it to rotate it yourself; changing it invalidates every session, link and file URL',
  }),
  UPLOAD_LIMIT_BYTES: withDoc(integer(1024, 1024 * MB), {
    default: `\`${DEFAULT_UPLOAD_LIMIT_BYTES}\` (${DEFAULT_UPLOAD_LIMIT_BYTES / MB} MB)`,
    meaning: 'largest evidence file; larger is `413 upload_too_large`',
  }),
  UPLOAD_MAX_FILES_PER_SESSION: withDoc(integer(1, 1_000_000), {
    default: `\`${DEFAULT_UPLOAD_QUOTA.maxFilesPerSession}\``,
    meaning:
      'files one customer session (one lookup or resolve link) may upload; more is `422 upload_limit_reached`. Counted in the database: holds for concurrent uploads and across processes',
  }),
  UPLOAD_MAX_BYTES_PER_SESSION: withDoc(integer(1024, Number.MAX_SAFE_INTEGER), {
    default: `\`${DEFAULT_UPLOAD_QUOTA.maxBytesPerSession}\` (${DEFAULT_UPLOAD_QUOTA.maxBytesPerSession / MB} MiB)`,
    meaning: 'bytes one session may upload in total',
  }),
  UPLOAD_MAX_FILES_PER_ORDER: withDoc(integer(1, 1_000_000), {
    default: `\`${DEFAULT_UPLOAD_QUOTA.maxFilesPerOrder}\``,
    meaning: 'files all sessions of one order may upload together (a new lookup does not reset it)',
  }),
  UPLOAD_MAX_BYTES_PER_ORDER: withDoc(integer(1024, Number.MAX_SAFE_INTEGER), {
    default: `\`${DEFAULT_UPLOAD_QUOTA.maxBytesPerOrder}\` (${DEFAULT_UPLOAD_QUOTA.maxBytesPerOrder / MB / 1024} GiB)`,
    meaning: 'bytes all sessions of one order may upload together',
  }),
  BLOB_STORE: withDoc(
    variable((raw) => {
      const value = raw.trim().toLowerCase();
      return value === 'disk' || value === 's3' ? value : { refused: `must be disk or s3, got "${raw}"` };
    }),
    {
      default: '`disk`',
      meaning:
        '`disk` (`UPLOAD_DIR`) or `s3`: evidence in an S3-compatible bucket, what several API processes on several machines share',
    },
  ),
  S3_BUCKET: withDoc(text(), { default: '—', meaning: 'the bucket (required with `BLOB_STORE=s3`)' }),
  S3_ENDPOINT: withDoc(origin(), {
    default: 'AWS',
    meaning: 'another S3-compatible service (MinIO, Cloudflare R2, a local test server)',
  }),
  S3_REGION: withDoc(text(), { default: '`us-east-1`', meaning: "the bucket's region" }),
  S3_ACCESS_KEY_ID: withDoc(text(), {
    default: 'the AWS default chain (environment, instance or task role)',
    meaning: 'static credentials for the bucket, with `S3_SECRET_ACCESS_KEY` (both or neither)',
  }),
  S3_SECRET_ACCESS_KEY: withDoc(text(), { default: '—', meaning: 'the secret of `S3_ACCESS_KEY_ID`' }),
  S3_FORCE_PATH_STYLE: withDoc(flag(), {
    default: '`0`',
    meaning: '`1`: `endpoint/bucket/key` instead of `bucket.endpoint/key` (most non-AWS services)',
  }),
  S3_PREFIX: withDoc(text(), {
    default: '—',
    meaning: 'prefix for every object key (one bucket, several deployments)',
  }),
  LOOKUP_MAX_FAILURES: withDoc(integer(1, 1_000_000), {
    default: `\`${DEFAULT_LOOKUP_THROTTLE.maxFailures}\``,
    meaning: 'failed order lookups per order number per window before `429`',
  }),
  LOOKUP_MAX_FAILURES_PER_CLIENT: withDoc(integer(1, 1_000_000), {
    default: `\`${DEFAULT_LOOKUP_THROTTLE.maxFailuresPerClient ?? DEFAULT_LOOKUP_THROTTLE.maxFailures}\``,
    meaning:
      'failed lookups per client (of any order) per window — an address, an IPv6 client by its /64; raise it when many customers share one address. Lookup counters live in the database, so they hold across processes',
  }),
  LOOKUP_WINDOW_SECONDS: withDoc(integer(1, 7 * 24 * 3600), {
    default: `\`${DEFAULT_LOOKUP_THROTTLE.windowMs / 1000}\``,
    meaning: 'the throttling window',
  }),
  SIGN_IN_MAX_FAILURES: withDoc(integer(1, 1_000_000), {
    default: `\`${DEFAULT_SIGN_IN_THROTTLE.maxFailures}\``,
    meaning: 'wrong portal passwords per account per window before `429 too_many_attempts`',
  }),
  SIGN_IN_MAX_FAILURES_PER_CLIENT: withDoc(integer(1, 1_000_000), {
    default: `\`${DEFAULT_SIGN_IN_THROTTLE.maxFailuresPerClient ?? DEFAULT_SIGN_IN_THROTTLE.maxFailures}\``,
    meaning:
      'failed portal sign-ins per client (of any account) per window, against password spraying; counted in the database like lookups',
  }),
  SIGN_IN_WINDOW_SECONDS: withDoc(integer(1, 7 * 24 * 3600), {
    default: `\`${DEFAULT_SIGN_IN_THROTTLE.windowMs / 1000}\``,
    meaning: 'the portal sign-in throttling window',
  }),
  TRUST_PROXY_HOPS: withDoc(integer(0, 10), {
    default: '`0`',
    meaning:
      'reverse proxies you run in front of the API that append to `X-Forwarded-For`; with `0` the socket address is the client (the header is forgeable, so it is ignored)',
  }),
  CLAIM_LIMIT_PER_ORDER: withDoc(integer(0, 1_000_000), {
    default: `\`${DEFAULT_CLAIM_LIMITS.perOrder}\``,
    meaning:
      'new claims per order in any 24 hours, then `429 too_many_claims` with `Retry-After` (when the oldest of them leaves the 24 hours); `0`: no limit',
  }),
  CLAIM_LIMIT_PER_SESSION: withDoc(integer(0, 1_000_000), {
    default: `\`${DEFAULT_CLAIM_LIMITS.perSession}\``,
    meaning:
      "new claims per customer session (2 hours), then `429 too_many_claims` with `Retry-After` (the session's remaining life); `0`: no limit",
  }),
  CLAIM_DUPLICATE_WINDOW_SECONDS: withDoc(integer(0, 7 * 24 * 3600), {
    default: `\`${DEFAULT_CLAIM_LIMITS.duplicateWindowSeconds}\``,
    meaning:
      'an identical claim (same order, same content) sent again within this window, even with a new `Idempotency-Key`, is answered with the first claim instead of making a second claim and ticket; `0`: off',
  }),
  SHUTDOWN_TIMEOUT_MS: withDoc(integer(0, 600_000), {
    default: '`10000`',
    meaning: 'how long SIGTERM/SIGINT waits for in-flight requests before cutting connections',
  }),
  SECRETS_KEY: withDoc(secret(MIN_SECRETS_KEY_LENGTH), {
    default: 'created once in `$DATA_DIR/secrets.key` (mode 0600, on first use)',
    meaning: `≥ ${MIN_SECRETS_KEY_LENGTH} characters; the key (via HKDF) that seals helpdesk API keys, Dixa tokens and webhook secrets with AES-256-GCM. Deliberately not kept in the database: a dump alone reveals no secret. Set it when several processes share one PostgreSQL; changing it makes the stored secrets unreadable`,
  }),
  DELIVERY_WORKER: withDoc(flag(), {
    default: '`1`',
    meaning: '`0`: this process runs no delivery worker (another process delivers)',
  }),
  DELIVERY_POLL_MS: withDoc(integer(10, 3_600_000), {
    default: `\`${DEFAULT_DELIVERY_WORKER.pollIntervalMs}\``,
    meaning: 'how often the worker looks for due jobs when nothing wakes it (a new claim wakes it at once)',
  }),
  DELIVERY_LEASE_SECONDS: withDoc(integer(1, 24 * 3600), {
    default: `\`${DEFAULT_DELIVERY_WORKER.leaseMs / 1000}\``,
    meaning:
      "how long a leased job stays with its worker; after that a dead worker's job is due again. Must outlast one attempt (requests wait up to 60 s, pacing adds)",
  }),
  DELIVERY_MAX_ATTEMPTS: withDoc(integer(1, 100), {
    default: `\`${DEFAULT_MAX_ATTEMPTS}\``,
    meaning: 'attempts before a job is parked (about a day with the default backoff)',
  }),
  DELIVERY_RETRY_BASE_MS: withDoc(integer(1, 24 * 3600 * 1000), {
    default: `\`${DEFAULT_BACKOFF.baseMs}\``,
    meaning: 'full-jitter backoff: attempt n waits up to base × 2^(n-1), capped by `DELIVERY_RETRY_MAX_MS`',
  }),
  DELIVERY_RETRY_MAX_MS: withDoc(integer(1, 7 * 24 * 3600 * 1000), {
    default: `\`${DEFAULT_BACKOFF.capMs}\` (${DEFAULT_BACKOFF.capMs / 3_600_000} h)`,
    meaning: 'the longest wait between two attempts; at least `DELIVERY_RETRY_BASE_MS`',
  }),
  HELPDESK_ALLOW_LOOPBACK: withDoc(flag(), {
    default: '`0`',
    meaning:
      'stand-ins and demo only: accept `http://` Gorgias endpoints and webhook URLs on loopback hosts (`*.localhost`, 127.0.0.1), and let outgoing requests connect to loopback addresses. Private networks stay refused. Production keeps https on `*.gorgias.com` and public https receivers',
  }),
  DIXA_API_ORIGIN: withDoc(origin(), {
    default: '`https://dev.dixa.io`',
    meaning: 'another Dixa origin (a stand-in); http only on a loopback host and with `HELPDESK_ALLOW_LOOPBACK=1`',
  }),
});

export type Environment = z.output<typeof ENVIRONMENT>;

/** The environment read and checked; throws naming the first variable at fault. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = ENVIRONMENT.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${String(issue?.path[0] ?? 'environment')} ${issue?.message ?? 'is invalid'}`);
  }
  const values = result.data;
  // Rules that tie two variables together.
  if (
    values.DELIVERY_RETRY_MAX_MS !== undefined &&
    values.DELIVERY_RETRY_MAX_MS < (values.DELIVERY_RETRY_BASE_MS ?? DEFAULT_BACKOFF.baseMs)
  ) {
    throw new Error('DELIVERY_RETRY_MAX_MS must be at least DELIVERY_RETRY_BASE_MS');
  }
  if (values.BLOB_STORE === 's3' && !values.S3_BUCKET?.trim())
    throw new Error('S3_BUCKET is required with BLOB_STORE=s3');
  if (Boolean(values.S3_ACCESS_KEY_ID?.trim()) !== Boolean(values.S3_SECRET_ACCESS_KEY?.trim())) {
    throw new Error(
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither: the AWS default credential chain)',
    );
  }
  // Dixa gets the token in a header: only over https, unless a local stand-in was allowed on purpose.
  const dixa = values.DIXA_API_ORIGIN;
  if (
    dixa &&
    !dixa.startsWith('https://') &&
    !(values.HELPDESK_ALLOW_LOOPBACK && isLoopbackHost(new URL(dixa).hostname))
  ) {
    throw new Error('DIXA_API_ORIGIN must be https (http only on a loopback host with HELPDESK_ALLOW_LOOPBACK=1)');
  }
  return values;
}

/** The server's options from the environment (defaults applied). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiServerOptions {
  const e = readEnvironment(env);
  const port = e.PORT ?? 4100;
  const maxFailures = e.LOOKUP_MAX_FAILURES ?? DEFAULT_LOOKUP_THROTTLE.maxFailures;
  const signInMaxFailures = e.SIGN_IN_MAX_FAILURES ?? DEFAULT_SIGN_IN_THROTTLE.maxFailures;
  const retryBase = e.DELIVERY_RETRY_BASE_MS ?? DEFAULT_BACKOFF.baseMs;
  return {
    host: e.HOST ?? '127.0.0.1',
    port,
    publicOrigin: e.PUBLIC_ORIGIN ?? `http://localhost:${port}`,
    appOrigin: e.APP_ORIGIN ?? DEFAULT_APP_ORIGIN,
    dataDir: e.DATA_DIR ?? '.data',
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.UPLOAD_DIR ? { uploadDir: e.UPLOAD_DIR } : {}),
    ...(e.SIGNING_SECRET ? { signingSecret: e.SIGNING_SECRET } : {}),
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    uploadQuota: {
      maxFilesPerSession: e.UPLOAD_MAX_FILES_PER_SESSION ?? DEFAULT_UPLOAD_QUOTA.maxFilesPerSession,
      maxBytesPerSession: e.UPLOAD_MAX_BYTES_PER_SESSION ?? DEFAULT_UPLOAD_QUOTA.maxBytesPerSession,
      maxFilesPerOrder: e.UPLOAD_MAX_FILES_PER_ORDER ?? DEFAULT_UPLOAD_QUOTA.maxFilesPerOrder,
      maxBytesPerOrder: e.UPLOAD_MAX_BYTES_PER_ORDER ?? DEFAULT_UPLOAD_QUOTA.maxBytesPerOrder,
    },
    ...s3Options(e),
    lookupThrottle: {
      maxFailures,
      maxFailuresPerClient:
        e.LOOKUP_MAX_FAILURES_PER_CLIENT ?? DEFAULT_LOOKUP_THROTTLE.maxFailuresPerClient ?? maxFailures,
      windowMs: (e.LOOKUP_WINDOW_SECONDS ?? DEFAULT_LOOKUP_THROTTLE.windowMs / 1000) * 1000,
    },
    signInThrottle: {
      maxFailures: signInMaxFailures,
      maxFailuresPerClient:
        e.SIGN_IN_MAX_FAILURES_PER_CLIENT ?? DEFAULT_SIGN_IN_THROTTLE.maxFailuresPerClient ?? signInMaxFailures,
      windowMs: (e.SIGN_IN_WINDOW_SECONDS ?? DEFAULT_SIGN_IN_THROTTLE.windowMs / 1000) * 1000,
    },
    trustProxyHops: e.TRUST_PROXY_HOPS ?? 0,
    claimLimits: {
      perOrder: e.CLAIM_LIMIT_PER_ORDER ?? DEFAULT_CLAIM_LIMITS.perOrder,
      perSession: e.CLAIM_LIMIT_PER_SESSION ?? DEFAULT_CLAIM_LIMITS.perSession,
      duplicateWindowSeconds: e.CLAIM_DUPLICATE_WINDOW_SECONDS ?? DEFAULT_CLAIM_LIMITS.duplicateWindowSeconds,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? 10_000,
    ...(e.SECRETS_KEY ? { secretsKey: e.SECRETS_KEY } : {}),
    helpdesks: {
      allowLoopbackHosts: e.HELPDESK_ALLOW_LOOPBACK ?? false,
      ...(e.DIXA_API_ORIGIN ? { dixaBaseUrl: e.DIXA_API_ORIGIN } : {}),
    },
    deliveryWorker:
      (e.DELIVERY_WORKER ?? true)
        ? {
            pollIntervalMs: e.DELIVERY_POLL_MS ?? DEFAULT_DELIVERY_WORKER.pollIntervalMs,
            leaseMs: (e.DELIVERY_LEASE_SECONDS ?? DEFAULT_DELIVERY_WORKER.leaseMs / 1000) * 1000,
            maxAttempts: e.DELIVERY_MAX_ATTEMPTS ?? DEFAULT_MAX_ATTEMPTS,
            backoff: {
              baseMs: retryBase,
              capMs: e.DELIVERY_RETRY_MAX_MS ?? DEFAULT_BACKOFF.capMs,
              minMs: Math.min(DEFAULT_BACKOFF.minMs, retryBase),
            },
          }
        : false,
  };
}

/** `BLOB_STORE=s3`: uploads in an S3-compatible bucket; `disk` (the default) keeps them in UPLOAD_DIR. */
function s3Options(e: Environment): Pick<ApiServerOptions, 's3'> {
  if (e.BLOB_STORE !== 's3' || !e.S3_BUCKET) return {};
  const accessKeyId = e.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = e.S3_SECRET_ACCESS_KEY?.trim();
  return {
    s3: {
      bucket: e.S3_BUCKET.trim(),
      ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
      ...(e.S3_REGION?.trim() ? { region: e.S3_REGION.trim() } : {}),
      ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : {}),
      forcePathStyle: e.S3_FORCE_PATH_STYLE ?? false,
      ...(e.S3_PREFIX?.trim() ? { prefix: e.S3_PREFIX.trim() } : {}),
    },
  };
}

/** The Markdown table of every variable, as the READMEs carry it between their `env-table` markers. */
export function environmentTable(): string {
  const rows = Object.entries(ENVIRONMENT.shape).map(([name, schema]) => {
    const doc = z.globalRegistry.get(schema) as EnvDoc | undefined;
    if (!doc) throw new Error(`${name} has no documentation`);
    return `| \`${name}\` | ${doc.default} | ${doc.meaning} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
