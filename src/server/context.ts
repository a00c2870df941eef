import type { BlobStorage } from './blob-storage.js';
import type { ClaimLimits } from './claim-floods.js';
import type { Database } from './db/database.js';
import type { PacerRegistry } from './delivery/pacing.js';
import type { SecretKeyring } from './secrets.js';
import type { Signer } from './signing.js';
import type { LookupThrottle } from './throttle.js';
import type { UploadQuota } from './upload-quota.js';

/** What every route needs, built once by startApiServer. */
export interface ServerContext {
  db: Database;
  signer: Signer;
  blobs: BlobStorage;
  lookupThrottle: LookupThrottle;
  /** Failed portal sign-ins, per account (email) and per client address (its own counters). */
  signInThrottle: LookupThrottle;
  /** Trusted proxies appending to X-Forwarded-For (0: the socket address is the client). */
  trustProxyHops: number;
  publicOrigin: string;
  appOrigin: string;
  uploadLimitBytes: number;
  /** Duplicate window and claim-rate limits of the claim intake. */
  claimLimits: ClaimLimits;
  /** Files and bytes per customer session and per order. */
  uploadQuota: UploadQuota;
  log: (line: string) => void;
  delivery: DeliveryRuntime;
}

/** What the settings routes, the claim intake and the delivery worker share about helpdesks. */
export interface DeliveryRuntime {
  /** Seals and opens stored API keys, tokens and webhook secrets. */
  keyring: SecretKeyring;
  /** One per process: verification calls and deliveries to one account share its rate limit. */
  pacers: PacerRegistry;
  /**
   * Gorgias endpoints and webhook URLs on loopback hosts over http (the stand-ins, the demo).
   * Off in production: credentials and claims would travel in clear text.
   */
  allowLoopbackHosts: boolean;
  /** Dixa's API origin; `https://dev.dixa.io` unless a stand-in is configured. */
  dixaBaseUrl: string | undefined;
  /** Outgoing HTTP (the demo maps `*.localhost` to loopback); global fetch otherwise. */
  fetch: typeof fetch | undefined;
  /** Tells the worker that jobs were queued, so it need not wait for its next poll. */
  wake(): void;
}
