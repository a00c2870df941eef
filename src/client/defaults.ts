/**
 * Every default of the claim-submission client, in one place: an option left out of
 * `createResolveClient` (or of the functions it is made of) takes the value here. Imports nothing,
 * so every module of the client can read it.
 */
export const CLIENT_DEFAULTS = {
  /** Per-attempt timeout of JSON requests: a hanging request becomes a retryable network error. */
  timeoutMs: 30_000,
  /** An upload with no progress for this long is aborted and retried. */
  uploadStallTimeoutMs: 45_000,
  /** Drafts hold personal data: older ones are dropped when read. */
  draftMaxAgeMs: 7 * 24 * 60 * 60 * 1000,
  /** Backoff with full jitter between attempts; a `Retry-After` is a floor. */
  retry: { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 },
  /** Photos are shrunk to this edge and quality unless already small; metadata is always stripped. */
  images: { maxEdge: 2048, quality: 0.85, passThroughBytes: 1.5 * 1024 * 1024 },
  /** Resend pending submissions when the browser comes back online or the tab becomes visible. */
  resendWhenOnline: true,
  /** Resend pending submissions right after creation, e.g. after a reload. */
  autoResume: true,
} as const;
