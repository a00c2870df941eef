import * as z from 'zod/mini';
import { gorgiasAccountSchema, type GorgiasCustomField } from '../../../core/gorgias-api.js';
import { verificationFailure, type Verification } from '../common.js';
import { DeliveryError } from '../errors.js';
import { GorgiasClient, gorgiasFailure, ticketFields } from './client.js';
import { normalizeGorgiasCredentials, type GorgiasCredentials, type GorgiasOptions } from './settings.js';

/** Checks and lookups for the settings screen. */

export interface GorgiasAccountInfo {
  domain: string | null;
}

/**
 * Checks credentials before they are stored: `GET /api/account` (401 wrong key or email, 404 or a
 * redirect or an unknown host: wrong account URL), then a create that cannot succeed
 * (`POST /api/tickets` with no messages) to learn whether the user's role may create tickets at
 * all: 403 means it may not; a validation error means it may — and nothing is created either way.
 */
export async function verifyGorgiasCredentials(
  credentials: GorgiasCredentials,
  options: GorgiasOptions = {},
): Promise<Verification<GorgiasAccountInfo>> {
  const normalized = normalizeGorgiasCredentials(credentials, options);
  if (!normalized.ok) {
    const [first] = normalized.errors;
    return {
      ok: false,
      key: first?.key ?? 'gorgias_endpoint_invalid',
      retryable: false,
      message: `invalid ${first?.field ?? 'settings'}`,
      status: null,
    };
  }
  const client = new GorgiasClient(normalized.value, options);
  try {
    const account = await client.request('GET', 'api/account');
    if (account.status !== 200) throw gorgiasFailure(account, 'GET /api/account');
    const info = z.safeParse(gorgiasAccountSchema, account.json);
    // A 400 here is the good answer: the role may create tickets, and this one was invalid on purpose.
    const probe = await client.request('POST', 'api/tickets', {
      json: { messages: [] },
      purpose: 'permission probe: an empty ticket, 400 expected, nothing created',
    });
    if (probe.status === 401 || probe.status === 403)
      throw gorgiasFailure(probe, 'POST /api/tickets (permission check)');
    return { ok: true, value: { domain: info.success ? (info.data.domain ?? null) : null } };
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    // An account URL whose host does not resolve is a typo in the account name, not an outage.
    if (error.kind === 'dns') {
      return verificationFailure(
        new DeliveryError({ kind: 'dns', key: 'gorgias_account_not_found', retryable: false, message: error.message }),
      );
    }
    return verificationFailure(error);
  }
}

/** The account's ticket custom fields (for the mapping screen): every page of them. */
export async function listGorgiasTicketFields(
  credentials: GorgiasCredentials,
  options: GorgiasOptions = {},
): Promise<GorgiasCustomField[]> {
  return ticketFields(new GorgiasClient(credentials, options));
}
