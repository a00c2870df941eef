/**
 * Claim delivery to helpdesks and webhooks: the connectors and what they share (input, progress,
 * failures, retry schedule, pacing), none of which touches the database. The worker (worker.ts,
 * not exported here: it is the one part wired to the database) leases delivery jobs, builds a
 * ClaimDeliveryInput per claim, calls a connector with the job's stored progress, persists every
 * checkpoint, and schedules failures with decideRetry(). See README.md in this folder.
 */
export {
  buildClaimDeliveryInput,
  attachmentFileNames,
  type ClaimDeliveryInput,
  type ClaimAttachment,
  type ClaimFileAccess,
  type AttachmentKind,
} from './input.js';
export {
  parseDeliveryProgress,
  deliveryProgressSchema,
  type AttemptContext,
  type DeliveryProgress,
  type DeliveryResult,
  type DeliveryWarning,
} from './progress.js';
export {
  DeliveryError,
  toDeliveryFailure,
  classifyFetchError,
  isRetryableStatus,
  type DeliveryFailure,
  type FailureKind,
} from './errors.js';
export { parseRetryAfter } from '../../core/retry-policy.js';
export {
  decideRetry,
  fullJitterBackoff,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  type RetryDecision,
  type BackoffOptions,
} from './retry.js';
export {
  PacerRegistry,
  LeakyBucketPacer,
  TokenBucketPacer,
  systemClock,
  GORGIAS_RATE_LIMIT,
  DIXA_RATE_LIMIT,
  type Clock,
  type Pacer,
} from './pacing.js';
export type { ConnectorOptions, Verification, Normalized, FieldError } from './common.js';
export {
  normalizeGorgiasEndpoint,
  normalizeGorgiasCredentials,
  verifyGorgiasCredentials,
  listGorgiasTicketFields,
  findGorgiasTicketByExternalId,
  deliverClaimToGorgias,
  gorgiasTicketUrl,
  type GorgiasCredentials,
  type GorgiasDeliverySettings,
  type GorgiasOptions,
  type GorgiasDeliveryContext,
} from './gorgias.js';
export {
  normalizeDixaSettings,
  normalizeDixaToken,
  verifyDixaToken,
  verifyDixaEmailIntegration,
  listDixaConversationAttributes,
  findDixaConversationByExternalId,
  deliverClaimToDixa,
  type DixaSettingsValues,
  type DixaDeliverySettings,
  type DixaOptions,
  type DixaDeliveryContext,
  type DixaEmailEndpoint,
} from './dixa.js';
export {
  deliverWebhook,
  validateWebhookUrl,
  checkWebhookTarget,
  generateWebhookSecret,
  type WebhookOptions,
  type WebhookDeliveryResult,
} from './webhooks.js';
export { addressRefusal, isAllowedAddress, hostRefusal, type AddressPolicy } from '../net/address-policy.js';
export { renderClaimMessage, claimSubject, escapeHtml } from './content.js';
export { claimTagNames, claimFieldValue } from './facts.js';
export { deriveSecretBoxKey, sealSecret, openSecret } from './secret-box.js';
