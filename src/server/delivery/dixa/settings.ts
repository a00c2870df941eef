import type { DixaAttributeMapping, HelpdeskTagSettings } from '../../../core/integrations.js';
import { EMAIL_SHAPE, UUID_SHAPE, type ConnectorOptions, type FieldError, type Normalized } from '../common.js';

/** Dixa settings as merchants enter them, normalized before they are stored and before each delivery. */

export interface DixaSettingsValues {
  api_token: string;
  /** The EmailEndpoint address the conversation comes in on (`support@acme.email.dixa.io`). */
  email_integration_id: string | null;
  /** Claim every new conversation for this agent; null leaves routing to Dixa's queues. */
  default_agent_id: string | null;
}

export interface DixaDeliverySettings extends DixaSettingsValues {
  tags?: HelpdeskTagSettings;
  custom_attributes?: readonly DixaAttributeMapping[];
}

export interface DixaOptions extends ConnectorOptions {
  /** `https://dev.dixa.io` unless told otherwise (the stand-in, the demo). */
  baseUrl?: string;
}

/** Trimmed, without a pasted `Bearer ` prefix (Dixa wants the raw token). */
export function normalizeDixaToken(raw: string): string {
  return raw
    .trim()
    .replace(/^bearer\s+/i, '')
    .trim();
}

/**
 * Trims everything; a pasted `Bearer ` prefix is dropped (Dixa wants the raw token). The email
 * integration ID must be a full address (it is checked against the account by
 * verifyDixaEmailIntegration); the default agent is a UUID or nothing.
 */
export function normalizeDixaSettings(input: {
  api_token: string;
  email_integration_id?: string | null;
  default_agent_id?: string | null;
}): Normalized<DixaSettingsValues> {
  const errors: FieldError[] = [];
  const token = normalizeDixaToken(input.api_token);
  if (!token || /\s/.test(token)) errors.push({ field: 'api_token', key: 'dixa_token_missing' });
  const address = (input.email_integration_id ?? '').trim().toLowerCase();
  if (address && (!EMAIL_SHAPE.test(address) || address.length > 320)) {
    errors.push({ field: 'email_integration_id', key: 'dixa_email_integration_invalid' });
  }
  const agent = (input.default_agent_id ?? '').trim().toLowerCase();
  if (agent && !UUID_SHAPE.test(agent)) errors.push({ field: 'default_agent_id', key: 'dixa_agent_id_invalid' });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { api_token: token, email_integration_id: address || null, default_agent_id: agent || null },
  };
}
