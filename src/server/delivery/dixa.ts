import * as z from 'zod/mini';
import {
  DIXA_API_ORIGIN,
  dixaAgentSchema,
  dixaContactEndpointSchema,
  dixaConversationInputSchema,
  dixaConversationSummarySchema,
  dixaCreatedConversationSchema,
  dixaCustomAttributeSchema,
  dixaDataSchema,
  dixaEndUserSchema,
  dixaErrorSchema,
  dixaListSchema,
  dixaMessageSchema,
  type DixaAgentRecord,
  type DixaConversationInput,
  type DixaCustomAttribute,
} from '../../core/dixa-api.js';
import type { DixaAttributeMapping, HelpdeskTagSettings } from '../../core/integrations.js';
import {
  EMAIL_SHAPE,
  UUID_SHAPE,
  nowIso,
  pacersFor,
  verificationFailure,
  type ConnectorOptions,
  type FieldError,
  type Normalized,
  type Verification,
} from './common.js';
import { renderClaimMessage } from './content.js';
import { DeliveryError, genericKey, isRetryableStatus, kindForStatus, shortText } from './errors.js';
import { claimFieldValue, claimTagNames } from './facts.js';
import { parseHelpdeskAnswer, sendRequest, type HttpResponse } from './http.js';
import { attachmentFileNames, type ClaimDeliveryInput, type ClaimFileAccess } from './input.js';
import type { Pacer } from './pacing.js';
import type { AttemptContext, DeliveryProgress, DeliveryResult, DeliveryWarning } from './progress.js';

/**
 * Dixa: one Email conversation per claim, with the claim as its inbound message. The API token
 * goes raw into `Authorization` (Dixa's own examples; the docs call it bearer auth). Exactly
 * once: the message's `externalId` is the claim uuid, so a retry after an unknown outcome gets
 * `400 Duplicate externalId` instead of a second conversation, and then looks the conversation up
 * (the end user's conversations, then their messages' `externalId`).
 */

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

export interface DixaDeliveryContext extends AttemptContext, DixaOptions {
  files: ClaimFileAccess;
  /** How long the attachment URLs Dixa downloads stay valid (it copies them at once). */
  attachmentUrlTtlSeconds?: number;
}

// ---------------------------------------------------------------------------------------------
// Settings

/** Trimmed, without a pasted `Bearer ` prefix (Dixa wants the raw token). */
export function normalizeDixaToken(raw: string): string {
  return raw.trim().replace(/^bearer\s+/i, '').trim();
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
  return { ok: true, value: { api_token: token, email_integration_id: address || null, default_agent_id: agent || null } };
}

// ---------------------------------------------------------------------------------------------
// HTTP

class DixaClient {
  private readonly pacer: Pacer;
  private readonly base: string;

  constructor(
    private readonly token: string,
    private readonly options: DixaOptions,
  ) {
    this.pacer = pacersFor(options).dixa(token);
    this.base = (options.baseUrl ?? DIXA_API_ORIGIN).replace(/\/+$/, '');
  }

  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    init: { query?: Record<string, string>; json?: unknown; timeoutMs?: number } = {},
  ): Promise<HttpResponse> {
    const url = new URL(`${this.base}${path}`);
    for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = { authorization: this.token, accept: 'application/json' };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    return sendRequest(
      {
        method,
        url: url.toString(),
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
        // Paths carry email addresses and ids: log the route shape only.
        label: `${method} ${routeShape(url.pathname)}`,
        pacer: this.pacer,
        ...(init.timeoutMs ? { timeoutMs: init.timeoutMs } : {}),
        // Dixa's 429 has no documented headers; a second lets the bucket (10/s) refill fully.
        defaultRetryAfterMs: 1_000,
      },
      this.options,
    );
  }
}

/** `/v1/contact-endpoints/support@x.io` → `/v1/contact-endpoints/{id}`. */
function routeShape(pathname: string): string {
  return pathname.replace(/^(\/v1\/(?:contact-endpoints|endusers|conversations))\/[^/]+/, '$1/{id}');
}

function remoteMessage(response: HttpResponse): string {
  const parsed = z.safeParse(dixaErrorSchema, response.json);
  return parsed.success ? parsed.data.message : '';
}

function dixaFailure(response: HttpResponse, label: string): DeliveryError {
  const { status } = response;
  const remote = remoteMessage(response);
  const message = `${label}: Dixa answered ${status}${remote ? ` (${shortText(remote)})` : ''}`;
  const kind = kindForStatus(status);
  const key = kind === 'auth' ? 'dixa_auth_failed' : kind === 'permission' ? 'dixa_permission_denied' : genericKey(kind, 'helpdesk_rejected');
  return new DeliveryError({ kind, key, status, message, retryable: isRetryableStatus(status) });
}

/** A helpdesk answer parsed with its schema; anything else is an unexpected answer. */
const parseOr = <T>(schema: z.ZodMiniType<T>, response: HttpResponse, label: string): T => parseHelpdeskAnswer(schema, response, label, 'Dixa');

const ok = (response: HttpResponse) => response.status >= 200 && response.status < 300;

// ---------------------------------------------------------------------------------------------
// Verification and lookups for the settings screen

export interface DixaEmailEndpoint {
  address: string;
  name: string | null;
}

async function emailEndpoints(client: DixaClient): Promise<DixaEmailEndpoint[]> {
  const label = 'GET /v1/contact-endpoints';
  const response = await client.request('GET', '/v1/contact-endpoints', { query: { _type: 'EmailEndpoint' } });
  if (!ok(response)) throw dixaFailure(response, label);
  return parseOr(dixaListSchema(dixaContactEndpointSchema), response, label)
    .data.filter((endpoint) => endpoint._type === 'EmailEndpoint' && endpoint.address)
    .map((endpoint) => ({ address: endpoint.address as string, name: endpoint.name ?? null }));
}

/** Checks the token with a cheap authenticated read and returns the account's email integrations (to pick from). */
export async function verifyDixaToken(apiToken: string, options: DixaOptions = {}): Promise<Verification<DixaEmailEndpoint[]>> {
  const token = normalizeDixaToken(apiToken);
  if (!token || /\s/.test(token)) return { ok: false, key: 'dixa_token_missing', retryable: false, message: 'no API token', status: null };
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
export async function verifyDixaEmailIntegration(apiToken: string, address: string, options: DixaOptions = {}): Promise<Verification<DixaEmailEndpoint>> {
  const normalized = address.trim().toLowerCase();
  const invalid = (key: 'dixa_email_integration_invalid' | 'dixa_email_integration_not_found', message: string): Verification<never> => ({
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
    const endpoint = parseOr(dixaDataSchema(dixaContactEndpointSchema), response, label).data;
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
export async function listDixaEmailEndpoints(apiToken: string, options: DixaOptions = {}): Promise<DixaEmailEndpoint[]> {
  return emailEndpoints(new DixaClient(normalizeDixaToken(apiToken), options));
}

/** The account's agents (candidates for the default agent). */
export async function listDixaAgents(apiToken: string, options: DixaOptions = {}): Promise<DixaAgentRecord[]> {
  const label = 'GET /v1/agents';
  const response = await new DixaClient(normalizeDixaToken(apiToken), options).request('GET', '/v1/agents');
  if (!ok(response)) throw dixaFailure(response, label);
  return parseOr(dixaListSchema(dixaAgentSchema), response, label).data;
}

/** Conversation custom attributes (active), for the mapping screen and for delivery. */
export async function listDixaConversationAttributes(apiToken: string, options: DixaOptions = {}): Promise<DixaCustomAttribute[]> {
  return conversationAttributes(new DixaClient(apiToken, options));
}

async function conversationAttributes(client: DixaClient): Promise<DixaCustomAttribute[]> {
  const label = 'GET /v1/custom-attributes';
  const response = await client.request('GET', '/v1/custom-attributes');
  if (!ok(response)) throw dixaFailure(response, label);
  return parseOr(dixaListSchema(dixaCustomAttributeSchema), response, label).data.filter(
    (attribute) => attribute.entityType === 'Conversation' && !attribute.isDeactivated && !attribute.isArchived,
  );
}

// ---------------------------------------------------------------------------------------------
// Delivery

/** The end user for the order's email: searched first, created when missing. */
async function findOrCreateEndUser(client: DixaClient, customer: { name: string; email: string }): Promise<string> {
  const search = async () => {
    const label = 'GET /v1/endusers';
    const response = await client.request('GET', '/v1/endusers', { query: { email: customer.email } });
    if (!ok(response)) throw dixaFailure(response, label);
    const users = parseOr(dixaListSchema(dixaEndUserSchema), response, label).data;
    // Only an exact (case-insensitive) match: a filter the API ignored must not hand us a stranger.
    const wanted = customer.email.toLowerCase();
    return users.find((user) => user.email?.toLowerCase() === wanted)?.id;
  };
  const existing = await search();
  if (existing) return existing;
  const [firstName, ...rest] = customer.name.trim().split(/\s+/);
  const label = 'POST /v1/endusers';
  const response = await client.request('POST', '/v1/endusers', {
    json: {
      displayName: customer.name,
      email: customer.email,
      ...(firstName ? { firstName } : {}),
      ...(rest.length ? { lastName: rest.join(' ') } : {}),
    },
  });
  if (ok(response)) return parseOr(dixaDataSchema(dixaEndUserSchema), response, label).data.id;
  // Someone (another worker, the merchant) created the same end user meanwhile: use theirs.
  if (response.status === 400 || response.status === 409) {
    const raced = await search();
    if (raced) return raced;
  }
  throw dixaFailure(response, label);
}

const MAX_CONVERSATIONS_SCANNED = 10;

/**
 * The conversation whose message carries `externalId`, among the end user's newest Email
 * conversations. The reference names no direct lookup; Dixa's public API lists an end user's
 * conversations and a conversation's messages, each with its `externalId`.
 */
export async function findDixaConversationByExternalId(
  apiToken: string,
  endUserId: string,
  externalId: string,
  options: DixaOptions = {},
): Promise<string | undefined> {
  return findConversation(new DixaClient(apiToken, options), endUserId, externalId);
}

async function findConversation(client: DixaClient, endUserId: string, externalId: string): Promise<string | undefined> {
  const label = 'GET /v1/endusers/{id}/conversations';
  const response = await client.request('GET', `/v1/endusers/${encodeURIComponent(endUserId)}/conversations`, { query: { pageLimit: '50' } });
  if (!ok(response)) throw dixaFailure(response, label);
  const conversations = parseOr(dixaListSchema(dixaConversationSummarySchema), response, label)
    .data.filter((conversation) => conversation.channel === undefined || conversation.channel === 'Email')
    .sort((a, b) => Number(b.id) - Number(a.id))
    .slice(0, MAX_CONVERSATIONS_SCANNED);
  for (const conversation of conversations) {
    const id = String(conversation.id);
    const messagesLabel = 'GET /v1/conversations/{id}/messages';
    const messages = await client.request('GET', `/v1/conversations/${encodeURIComponent(id)}/messages`);
    if (!ok(messages)) throw dixaFailure(messages, messagesLabel);
    if (parseOr(dixaListSchema(dixaMessageSchema), messages, messagesLabel).data.some((message) => message.externalId === externalId)) return id;
  }
  return undefined;
}

const DEFAULT_ATTACHMENT_URL_TTL_SECONDS = 60 * 60;

/**
 * Delivers one claim as one Dixa Email conversation: end user by email (search, then create), the
 * claim as the inbound message (attachments as expiring signed URLs Dixa downloads while the
 * request runs), then tags (bulk, by name), mapped custom attributes and the claim for the default
 * agent. Resumable: see progress.ts. Throws DeliveryError.
 */
export async function deliverClaimToDixa(
  input: ClaimDeliveryInput,
  settings: DixaDeliverySettings,
  ctx: DixaDeliveryContext,
): Promise<DeliveryResult> {
  const normalized = normalizeDixaSettings(settings);
  if (!normalized.ok) {
    throw new DeliveryError({
      kind: 'config',
      key: normalized.errors[0]?.key ?? 'dixa_token_missing',
      message: `Dixa settings are invalid: ${normalized.errors.map((e) => e.field).join(', ')}`,
    });
  }
  const values = normalized.value;
  if (!values.email_integration_id) {
    throw new DeliveryError({ kind: 'config', key: 'dixa_email_integration_invalid', message: 'Dixa has no email integration ID' });
  }
  const client = new DixaClient(values.api_token, ctx);
  const warnings: DeliveryWarning[] = [];
  let progress: DeliveryProgress = { ...ctx.progress };
  const save = async (next: DeliveryProgress) => {
    progress = next;
    await ctx.checkpoint(progress);
  };
  let recovered = Boolean(progress.remote_id);

  if (!progress.remote_id) {
    const endUserId = progress.end_user_id ?? (await findOrCreateEndUser(client, input.customer));
    if (progress.end_user_id !== endUserId) await save({ ...progress, end_user_id: endUserId });

    const names = attachmentFileNames(input.attachments);
    const ttl = ctx.attachmentUrlTtlSeconds ?? DEFAULT_ATTACHMENT_URL_TTL_SECONDS;
    const message = renderClaimMessage(input, { attachmentNames: names });
    const body: DixaConversationInput = {
      _type: 'Email',
      requesterId: endUserId,
      emailIntegrationId: values.email_integration_id,
      subject: message.subject,
      language: input.claim.language,
      message: {
        _type: 'Inbound',
        content: { _type: 'Html', value: message.html },
        attachments: input.attachments.map((attachment, index) => ({
          url: ctx.files.signedUrl(attachment.id, ttl),
          prettyName: names[index] ?? `file-${index + 1}`,
        })),
        externalId: input.claim.uuid,
      },
    };
    const checked = z.safeParse(dixaConversationInputSchema, body);
    if (!checked.success) {
      throw new DeliveryError({ kind: 'validation', key: 'helpdesk_rejected', message: `conversation for claim ${input.claim.uuid} is invalid` });
    }

    await save({ ...progress, create_sent_at: nowIso(ctx) });
    const label = 'POST /v1/conversations';
    // Dixa downloads every attachment before it answers: allow for it.
    const response = await client.request('POST', '/v1/conversations', { json: checked.data, timeoutMs: 60_000 });
    let remoteId: string;
    if (ok(response)) {
      remoteId = String(parseOr(dixaCreatedConversationSchema, response, label).data.id);
    } else {
      const remote = remoteMessage(response).toLowerCase();
      if (response.status === 400 && remote.includes('duplicate externalid')) {
        // An earlier attempt created it: find that conversation instead of creating another.
        const found = await findConversation(client, endUserId, input.claim.uuid);
        if (!found) {
          throw new DeliveryError({
            kind: 'conflict',
            key: 'dixa_conversation_not_found',
            status: 400,
            retryable: true,
            message: `${label}: Duplicate externalId, but no conversation of the end user carries it yet`,
          });
        }
        remoteId = found;
        recovered = true;
      } else if (response.status === 400 && remote.includes('download attachment')) {
        // Our file URLs were not reachable from Dixa (origin down, or not public): retry later;
        // if it persists, the key tells the merchant why.
        throw new DeliveryError({
          kind: 'attachment',
          key: 'dixa_attachment_unreachable',
          status: 400,
          retryable: true,
          message: `${label}: Dixa could not download an attachment`,
        });
      } else {
        throw dixaFailure(response, label);
      }
    }
    await save({ ...progress, remote_id: remoteId, remote_url: null });
  }

  const conversationId = progress.remote_id as string;
  await followUps(client, input, settings, values, conversationId, progress, save, warnings);
  return { remoteId: conversationId, remoteUrl: null, recovered, progress, warnings };
}

/**
 * Tags, custom attributes and the agent claim, each once (remembered in progress.steps). A
 * refusal (4xx) becomes a warning and the step counts as done: the conversation exists and
 * matters more than its tags. Transient failures throw, and the next attempt resumes here.
 */
async function followUps(
  client: DixaClient,
  input: ClaimDeliveryInput,
  settings: DixaDeliverySettings,
  values: DixaSettingsValues,
  conversationId: string,
  start: DeliveryProgress,
  save: (progress: DeliveryProgress) => Promise<void>,
  warnings: DeliveryWarning[],
): Promise<void> {
  let progress = start;
  const path = `/v1/conversations/${encodeURIComponent(conversationId)}`;
  const step = async (name: 'tags' | 'attributes' | 'assigned', run: () => Promise<HttpResponse | undefined>, label: string) => {
    if (progress.steps?.includes(name)) return;
    const response = await run();
    if (response && !ok(response)) {
      const failure = dixaFailure(response, label);
      if (failure.retryable) throw failure;
      warnings.push({ code: `${name}_failed`, message: failure.message });
    }
    progress = { ...progress, steps: [...(progress.steps ?? []), name] };
    await save(progress);
  };

  const tags = claimTagNames(input, settings.tags);
  await step('tags', async () => (tags.length ? client.request('POST', `${path}/tags/bulk`, { json: { data: tags.map((name) => ({ name })) } }) : undefined), 'POST /v1/conversations/{id}/tags/bulk');

  const mappings = settings.custom_attributes ?? [];
  await step(
    'attributes',
    async () => {
      if (mappings.length === 0) return undefined;
      const patch = attributePatch(input, mappings, await conversationAttributes(client), warnings);
      return Object.keys(patch).length ? client.request('PATCH', `${path}/custom-attributes`, { json: patch }) : undefined;
    },
    'PATCH /v1/conversations/{id}/custom-attributes',
  );

  await step(
    'assigned',
    async () => (values.default_agent_id ? client.request('PUT', `${path}/claim`, { json: { agentId: values.default_agent_id, force: false } }) : undefined),
    'PUT /v1/conversations/{id}/claim',
  );
}

/**
 * `{attribute uuid: value}`: Text attributes take the value as a string; Select attributes take
 * the list of option values, so the claim's value must match an active option (by value or label,
 * case-insensitively). Mappings that do not fit are skipped with a warning.
 */
function attributePatch(
  input: ClaimDeliveryInput,
  mappings: readonly DixaAttributeMapping[],
  attributes: readonly DixaCustomAttribute[],
  warnings: DeliveryWarning[],
): Record<string, string | string[]> {
  const byId = new Map(attributes.map((attribute) => [attribute.id.toLowerCase(), attribute]));
  const patch: Record<string, string | string[]> = {};
  for (const mapping of mappings) {
    const attribute = byId.get(mapping.attribute_id.toLowerCase());
    const skip = (why: string) => warnings.push({ code: 'custom_attribute_skipped', message: `custom attribute ${mapping.attribute_id} (${mapping.source}): ${why}` });
    if (!attribute) {
      skip('no such active conversation attribute');
      continue;
    }
    const value = claimFieldValue(input, mapping.source);
    if (value === null) continue;
    const options = attribute.inputDefinition.options;
    if (attribute.inputDefinition._type === 'Select' || options) {
      const wanted = String(value).toLowerCase();
      const option = (options ?? []).find((o) => !o.isDeactivated && (o.value.toLowerCase() === wanted || o.label?.toLowerCase() === wanted));
      if (option) patch[attribute.id] = [option.value];
      else skip(`"${shortText(String(value), 60)}" is not one of its options`);
    } else {
      patch[attribute.id] = String(value);
    }
  }
  return patch;
}
