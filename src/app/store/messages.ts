import { ResolveError, ValidationError, retryAfterOf } from '../../client/index.js';
import type { Message } from './types.js';

/** What went wrong, in the customer's words: client errors to localized messages. */

/** What went wrong at the finder. */
export function lookupMessage(error: unknown, viaToken: boolean): Message {
  if (!(error instanceof ResolveError)) return { key: 'errors.unexpected' };
  if (error.kind === 'rate_limited') {
    const minutes = Math.max(1, Math.ceil((retryAfterOf(error) ?? 60_000) / 60_000));
    return { key: 'finder.too_many_attempts', values: { count: minutes } };
  }
  if (viaToken && (error.key === 'link_invalid' || error.kind === 'validation' || error.kind === 'not_found'))
    return { key: 'finder.link_invalid' };
  if (error.key === 'zip_code_mismatch') return { key: 'finder.zip_code_mismatch', field: 'zip-code' };
  if (error.key === 'order_not_found') return { key: 'finder.order_not_found', field: 'order-number' };
  if (error instanceof ValidationError) {
    const zip = error.key === 'zip_code_invalid' || error.fields.some((field) => field.path.includes('zip_code'));
    return zip
      ? { key: 'finder.zip_code_invalid', field: 'zip-code' }
      : { key: 'finder.order_number_invalid', field: 'order-number' };
  }
  if (error.kind === 'network') return { key: 'errors.offline' };
  return { key: 'errors.server' };
}

/** Why an upload failed; `limit` is the session's size limit, formatted. */
export function uploadMessage(error: unknown, limit: string): Message {
  if (error instanceof ResolveError) {
    // A 413 from something in front of the API (a proxy) has no key of ours, but means the same.
    if (error.key === 'upload_too_large' || error.status === 413)
      return { key: 'evidence.too_large', values: { max: limit } };
    if (error.key === 'upload_limit_reached') return { key: 'evidence.limit_reached' };
    if (error.key === 'upload_type_not_allowed' || error.kind === 'validation') return { key: 'evidence.wrong_type' };
    if (error.kind === 'session_expired') return { key: 'errors.session_expired' };
    if (error.kind === 'network') return { key: 'errors.offline' };
  }
  return { key: 'evidence.upload_failed' };
}

/** Why a submission did not go through (or was kept to be sent later). */
export function submitMessage(error: unknown): Message {
  if (error instanceof ResolveError) {
    if (error.pendingId && error.kind === 'session_expired') return { key: 'review.saved_session_expired' };
    // The order's claim limit, not the network: kept and sent later, but say why.
    if (error.key === 'too_many_claims') return { key: 'review.too_many_claims' };
    if (error.pendingId) return { key: 'review.saved_offline' };
    if (error.kind === 'validation') return { key: 'review.refused' };
  }
  return { key: 'errors.server' };
}
