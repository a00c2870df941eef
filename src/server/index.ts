import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../core/session.js';
import { DEFAULT_APP_ORIGIN } from '../core/urls.js';
import { createApp } from './app.js';
import { diskBlobStorage, memoryBlobStorage } from './blob-storage.js';
import type { ServerContext } from './context.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { openPglite } from './db/pglite.js';
import { openPostgres } from './db/postgres.js';
import { loadSigningSecret, Signer } from './signing.js';
import { DEFAULT_LOOKUP_THROTTLE, FailureThrottle, type ThrottleLimits } from './throttle.js';

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
  /** Secret for session tokens, resolve links and file URLs; created and kept in the store when absent. */
  signingSecret?: string;
  uploadLimitBytes?: number;
  lookupThrottle?: ThrottleLimits;
  log?: (line: string) => void;
}

export interface RunningApi {
  origin: string;
  port: number;
  db: Database;
  close(): Promise<void>;
}

export async function openDatabase(options: Pick<ApiServerOptions, 'dataDir' | 'databaseUrl'>): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  const dataDir = options.dataDir ?? '.data';
  if (dataDir === ':memory:') return openPglite(':memory:');
  await mkdir(dataDir, { recursive: true });
  return openPglite(join(dataDir, 'pglite'));
}

/** Opens the store, applies migrations and starts listening. `close()` drains in-flight requests. */
export async function startApiServer(options: ApiServerOptions = {}): Promise<RunningApi> {
  const log = options.log ?? ((line: string) => console.log(line));
  const db = await openDatabase(options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? '.data';
  const ctx: ServerContext = {
    db,
    log,
    signer: new Signer(await loadSigningSecret(db, options.signingSecret)),
    blobs: options.uploadDir
      ? diskBlobStorage(options.uploadDir)
      : dataDir === ':memory:' ? memoryBlobStorage() : diskBlobStorage(join(dataDir, 'uploads')),
    lookupThrottle: new FailureThrottle(options.lookupThrottle ?? DEFAULT_LOOKUP_THROTTLE),
    publicOrigin: options.publicOrigin ?? '',
    appOrigin: options.appOrigin ?? DEFAULT_APP_ORIGIN,
    uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
  };
  const app = createApp(ctx);
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(started as Server));
  });
  const { port } = server.address() as AddressInfo;
  ctx.publicOrigin ||= `http://${host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    origin: ctx.publicOrigin,
    port,
    db,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets with no request in flight would hold close() open.
          server.closeIdleConnections();
        });
        await db.close();
      })()),
  };
}
