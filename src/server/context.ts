import type { BlobStorage } from './blob-storage.js';
import type { Database } from './db/database.js';
import type { Signer } from './signing.js';
import type { FailureThrottle } from './throttle.js';

/** What every route needs, built once by startApiServer. */
export interface ServerContext {
  db: Database;
  signer: Signer;
  blobs: BlobStorage;
  lookupThrottle: FailureThrottle;
  /** Trusted proxies appending to X-Forwarded-For (0: the socket address is the client). */
  trustProxyHops: number;
  publicOrigin: string;
  appOrigin: string;
  uploadLimitBytes: number;
  log: (line: string) => void;
}
