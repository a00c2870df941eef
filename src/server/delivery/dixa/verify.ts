import {
  dixaAgentSchema,
  dixaContactEndpointSchema,
  dixaCustomAttributeSchema,
  dixaDataSchema,
  dixaListSchema,
  type DixaAgentRecord,
  type DixaCustomAttribute,
} from '../../../core/dixa-api.js';
import { EMAIL_SHAPE, verificationFailure, type Verification } from '../common.js';
import { DeliveryError } from '../errors.js';
import { DixaClient, dixaFailure, ok, parseDixaAnswer } from './client.js';
import { normalizeDixaToken, type DixaOptions } from './settings.js';

/** Checks and lookups for the settings screen (and the attribute definitions delivery needs). */

export interface DixaEmailEndpoint {
  address: string;
  name: string | null;
}

async function emailEndpoints(client: DixaClient): Promise<DixaEmailEndpoint[]> {
  const label = 'GET /v1/contact-endpoints';
  const response = await client.request('GET', '/v1/contact-endpoints', { query: { _type: 'EmailEndpoint' } });
  if (!ok(response)) throw dixaFailure(response, label);
  return parseDixaAnswer(dixaListSchema(dixaContactEndpointSchema), response, label)
    .data.filter((endpoint) => endpoint._type === 'EmailEndpoint' && endpoint.address)
    .map((endpoint) => ({ address: endpoint.address as string, name: endpoint.name ?? null }));
}

/** Checks the token with a cheap authenticated read and returns the account's email integrations (to pick from). */
export async function verifyDixaToken(
  apiToken: string,
  options: DixaOptions = {},
): Promise<Verification<DixaEmailEndpoint[]>> {
  const token = normalizeDixaToken(apiToken);
  if (!token || /\s/.test(token))
    return { ok: false, key: 'dixa_token_missing', retryable: false, message: 'no API token', status: null };
  try {
    return { ok: true, value: await emailEndpoints(new DixaClient(token, options)) };
  } catch (error) {
    if (error instanceof DeliveryError) return verificationFailure(error);
    throw error;
  }
}

/**
 * The email integration ID must be an EmailEndpoint address of this account: not a queue name,
 * not an agent's email, not another account's address.
 */
export async function verifyDixaEmailIntegration(
  apiToken: string,
  address: string,
  options: DixaOptions = {},
): Promise<Verification<DixaEmailEndpoint>> {
  const normalized = address.trim().toLowerCase();
  const invalid = (
    key: 'dixa_email_integration_invalid' | 'dixa_email_integration_not_found',
    message: string,
  ): Verification<never> => ({
    ok: false,
    key,
    retryable: false,
    message,
    status: null,
  });
  if (!EMAIL_SHAPE.test(normalized)) return invalid('dixa_email_integration_invalid', 'not an email address');
  try {
    const client = new DixaClient(normalizeDixaToken(apiToken), options);
    const label = 'GET /v1/contact-endpoints/{id}';
    const response = await client.request('GET', `/v1/contact-endpoints/${encodeURIComponent(normalized)}`);
    if (response.status === 404) return invalid('dixa_email_integration_not_found', 'no such contact endpoint');
    if (!ok(response)) throw dixaFailure(response, label);
    const endpoint = parseDixaAnswer(dixaDataSchema(dixaContactEndpointSchema), response, label).data;
    if (endpoint._type !== 'EmailEndpoint' || endpoint.address?.toLowerCase() !== normalized) {
      return invalid('dixa_email_integration_not_found', `contact endpoint is a ${endpoint._type}`);
    }
    return { ok: true, value: { address: normalized, name: endpoint.name ?? null } };
  } catch (error) {
    if (error instanceof DeliveryError) return verificationFailure(error);
    throw error;
  }
}

/** The account's email contact endpoints (the email integration IDs to choose from). */
export async function listDixaEmailEndpoints(
  apiToken: string,
  options: DixaOptions = {},
): Promise<DixaEmailEndpoint[]> {
  return emailEndpoints(new DixaClient(normalizeDixaToken(apiToken), options));
}

/** The account's agents (candidates for the default agent). */
export async function listDixaAgents(apiToken: string, options: DixaOptions = {}): Promise<DixaAgentRecord[]> {
  const label = 'GET /v1/agents';
  const response = await new DixaClient(normalizeDixaToken(apiToken), options).request('GET', '/v1/agents');
  if (!ok(response)) throw dixaFailure(response, label);
  return parseDixaAnswer(dixaListSchema(dixaAgentSchema), response, label).data;
}

/** Conversation custom attributes (active), for the mapping screen and for delivery. */
export async function listDixaConversationAttributes(
  apiToken: string,
  options: DixaOptions = {},
): Promise<DixaCustomAttribute[]> {
  return conversationAttributes(new DixaClient(apiToken, options));
}

export async function conversationAttributes(client: DixaClient): Promise<DixaCustomAttribute[]> {
  const label = 'GET /v1/custom-attributes';
  const response = await client.request('GET', '/v1/custom-attributes');
  if (!ok(response)) throw dixaFailure(response, label);
  return parseDixaAnswer(dixaListSchema(dixaCustomAttributeSchema), response, label).data.filter(
    (attribute) => attribute.entityType === 'Conversation' && !attribute.isDeactivated && !attribute.isArchived,
  );
}
