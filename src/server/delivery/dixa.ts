/**
 * The Dixa connector (one Email conversation per claim), by job: `dixa/settings.ts`
 * (normalization), `dixa/client.ts` (HTTP, pacing, failures), `dixa/verify.ts` (settings screen),
 * `dixa/lookup.ts` (end users, recovery of a conversation by `externalId`), `dixa/attributes.ts`
 * (custom-attribute coercion) and `dixa/deliver.ts` (the conversation, exactly once through
 * ../exactly-once.ts, then its follow-ups).
 */
export {
  normalizeDixaSettings,
  normalizeDixaToken,
  type DixaSettingsValues,
  type DixaDeliverySettings,
  type DixaOptions,
} from './dixa/settings.js';
export {
  verifyDixaToken,
  verifyDixaEmailIntegration,
  listDixaConversationAttributes,
  listDixaEmailEndpoints,
  listDixaAgents,
  type DixaEmailEndpoint,
} from './dixa/verify.js';
export { findDixaConversationByExternalId } from './dixa/lookup.js';
export { selectOptionPath } from './dixa/attributes.js';
export { deliverClaimToDixa, type DixaDeliveryContext } from './dixa/deliver.js';
