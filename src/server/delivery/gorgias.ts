/**
 * The Gorgias connector (one ticket per claim), by job: `gorgias/settings.ts` (normalization),
 * `gorgias/client.ts` (HTTP, pacing, failures, pages), `gorgias/verify.ts` (settings screen),
 * `gorgias/uploads.ts` and `gorgias/fields.ts` (attachments, custom-field coercion) and
 * `gorgias/deliver.ts` (the ticket, exactly once through ../exactly-once.ts).
 */
export {
  normalizeGorgiasEndpoint,
  normalizeGorgiasCredentials,
  type GorgiasCredentials,
  type GorgiasDeliverySettings,
  type GorgiasOptions,
} from './gorgias/settings.js';
export { verifyGorgiasCredentials, listGorgiasTicketFields, type GorgiasAccountInfo } from './gorgias/verify.js';
export {
  deliverClaimToGorgias,
  findGorgiasTicketByExternalId,
  gorgiasTicketUrl,
  type GorgiasDeliveryContext,
} from './gorgias/deliver.js';
export { coerceFieldValue as coerceGorgiasFieldValue } from './gorgias/fields.js';
