import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../core/session.js';
import { DEFAULT_APP_ORIGIN } from '../core/urls.js';
import { createApp, listRoutes } from './app.js';
import { DEFAULT_CLAIM_LIMITS, type ClaimLimits } from './claim-floods.js';
import { diskBlobStorage, memoryBlobStorage } from './blob-storage.js';
import { s3BlobStorage, type S3StorageOptions } from './s3-blob-storage.js';
import type { ServerContext } from './context.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { openPglite } from './db/pglite.js';
import { openPostgres } from './db/postgres.js';
import { loadSigningSecret, Signer } from './signing.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { DEFAULT_LOOKUP_THROTTLE, DEFAULT_SIGN_IN_THROTTLE, LookupThrottle, type ThrottleLimits } from './throttle.js';
import { PacerRegistry } from './delivery/pacing.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery/worker.js';
import { SecretKeyring, SECRETS_KEY_FILE } from './secrets.js';
import { DEFAULT_UPLOAD_QUOTA, type UploadQuota } from './upload-quota.js';

/** How long an idle keep-alive connection stays open on our side (longer than any client keeps one). */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface ApiServerOptions {
  /** Listen address; loopback unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The origin clients reach this API at (signed URLs are built on it). */
  publicOrigin?: string;
  /** Origin of the Resolve flow, for finder links. */
  appOrigin?: string;
  /** PGlite data directory, or ':memory:'. Ignored when `databaseUrl` is set. */
  dataDir?: string | ':memory:';
  /** A PostgreSQL connection string: use a real server instead of PGlite. */
  databaseUrl?: string;
  /** Where uploads are stored (default: `{dataDir}/uploads`; memory with ':memory:'). */
  uploadDir?: string;
  /** Store uploads in this S3-compatible bucket instead (several processes share it); `uploadDir` is then unused. */
  s3?: S3StorageOptions;
  /** Secret for session tokens, resolve links and file URLs; created and kept in the store when absent. */
  signingSecret?: string;
  /** Largest accepted evidence file (default 15 MB); bigger uploads get `413 upload_too_large`. */
  uploadLimitBytes?: number;
  /** Files and bytes one customer session and one order may upload (caps held in the database). */
  uploadQuota?: Partial<UploadQuota>;
  /** Failed order lookups allowed per order number and per client address within the window (default 5 / 15 min). */
  lookupThrottle?: ThrottleLimits;
  /** Failed portal sign-ins allowed per account (`maxFailures`) and per client address within the window (default 10 / 30 per 15 min). */
  signInThrottle?: ThrottleLimits;
  /**
   * Reverse proxies in front of the API that append to `X-Forwarded-For` (default 0: the socket
   * address is the client). Only set it behind proxies you run: the header is otherwise forgeable.
   */
  trustProxyHops?: number;
  /** How long `close()` waits for in-flight requests before cutting connections (default 10 s). */
  shutdownTimeoutMs?: number;
  /**
   * Seals stored helpdesk keys and webhook secrets (≥ 32 characters). Default: a key created once
   * in `{dataDir}/secrets.key` (mode 0600); a process-only key with ':memory:'.
   */
  secretsKey?: string;
  /** Helpdesk endpoints: test and demo overrides only, never weakened in production. */
  helpdesks?: {
    /** Accept http on loopback hosts (`*.localhost`, 127.0.0.1) for Gorgias endpoints and webhook URLs. */
    allowLoopbackHosts?: boolean;
    /** Dixa's API origin instead of https://dev.dixa.io (a stand-in). */
    dixaBaseUrl?: string;
    /** Outgoing HTTP for deliveries and verification (the demo maps `*.localhost` to 127.0.0.1). */
    fetch?: typeof fetch;
  };
  /**
   * Claim floods: an identical claim of an order within `duplicateWindowSeconds` (600) is answered
   * with the first; at most `perOrder` (10) new claims per order in 24 h and `perSession` (5) per
   * session, `0` for no limit. Decided in the database, so they hold across processes.
   */
  claimLimits?: Partial<ClaimLimits>;
  /** The delivery worker: `false` to run none in this process (tests of other things, a separate worker). */
  deliveryWorker?: DeliveryWorkerOptions | false;
  log?: (line: string) => void;
}

export interface RunningApi {
  origin: string;
  port: number;
  db: Database;
  /** Every route the API answers, `{method, path}` with Hono's `:param` placeholders. */
  routes: { method: string; path: string }[];
  close(): Promise<void>;
}

export async function openDatabase(
  options: Pick<ApiServerOptions, 'dataDir' | 'databaseUrl' | 'log'>,
): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.log);
  const dataDir = options.dataDir ?? '.data';
  if (dataDir === ':memory:') return openPglite(':memory:');
  await mkdir(dataDir, { recursive: true });
  // PGlite is one process's database: a second process opening the same files corrupts them.
  const lock = await lockDataDir(join(dataDir, 'pglite.lock'));
  try {
    const db = await openPglite(join(dataDir, 'pglite'));
    return {
      ...db,
      close: async () => {
        try {
          await db.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Opens the store, applies migrations and starts listening. `close()` drains in-flight requests. */
export async function startApiServer(options: ApiServerOptions = {}): Promise<RunningApi> {
  const log = options.log ?? ((line: string) => console.log(line));
  const db = await openDatabase({ ...options, log });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? '.data';
  let worker: DeliveryWorker | undefined;
  const ctx: ServerContext = {
    db,
    log,
    signer: new Signer(await loadSigningSecret(db, options.signingSecret)),
    blobs: options.s3
      ? s3BlobStorage(options.s3)
      : options.uploadDir
        ? diskBlobStorage(options.uploadDir)
        : dataDir === ':memory:'
          ? memoryBlobStorage()
          : diskBlobStorage(join(dataDir, 'uploads')),
    lookupThrottle: new LookupThrottle(db, options.lookupThrottle ?? DEFAULT_LOOKUP_THROTTLE),
    signInThrottle: new LookupThrottle(db, options.signInThrottle ?? DEFAULT_SIGN_IN_THROTTLE, 'sign-in:'),
    trustProxyHops: options.trustProxyHops ?? 0,
    publicOrigin: options.publicOrigin ?? '',
    appOrigin: options.appOrigin ?? DEFAULT_APP_ORIGIN,
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
    claimLimits: { ...DEFAULT_CLAIM_LIMITS, ...options.claimLimits },
    uploadQuota: { ...DEFAULT_UPLOAD_QUOTA, ...options.uploadQuota },
    delivery: {
      keyring: new SecretKeyring({
        master: options.secretsKey,
        keyFile: dataDir === ':memory:' && !options.databaseUrl ? undefined : join(dataDir, SECRETS_KEY_FILE),
      }),
      pacers: new PacerRegistry(),
      allowLoopbackHosts: options.helpdesks?.allowLoopbackHosts ?? false,
      dixaBaseUrl: options.helpdesks?.dixaBaseUrl,
      fetch: options.helpdesks?.fetch,
      wake: () => worker?.wake(),
    },
  };
  const app = createApp(ctx);
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const started = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () =>
        resolve(started as Server),
      );
      // Idle keep-alive sockets are closed by the client, never by us: a server that closes first
      // races the client's next request on that socket (ECONNRESET), and on a busy machine the
      // client's timer fires late. Clients (browsers, undici, proxies) idle out well within 65 s.
      (started as Server).keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      (started as Server).headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
      started.once('error', reject);
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  ctx.publicOrigin ||= `http://${host}:${port}`;
  if (options.deliveryWorker !== false) {
    worker = new DeliveryWorker(ctx, options.deliveryWorker ?? {});
    worker.start();
  }
  let closing: Promise<void> | undefined;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  return {
    origin: ctx.publicOrigin,
    port,
    db,
    routes: listRoutes(app),
    close: () =>
      (closing ??= (async () => {
        // Deliveries first, while the API still serves the files Dixa downloads during a create:
        // running attempts finish (or are cut and re-queued) before anything else closes.
        await worker?.stop();
        await new Promise<void>((resolve) => {
          // Stop accepting; Node answers requests already received, then closes their sockets.
          server.close(() => resolve());
          // Keep-alive sockets with no request in flight would hold close() open.
          server.closeIdleConnections();
          // Requests that finish after this point leave idle keep-alive sockets behind: sweep them.
          const sweep = setInterval(() => server.closeIdleConnections(), 50);
          // A client that never finishes its request must not hold shutdown forever.
          const deadline = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs);
          server.once('close', () => {
            clearInterval(sweep);
            clearTimeout(deadline);
          });
        });
        await db.close();
      })()),
  };
}
