import * as z from 'zod/mini';
import {
  gorgiasAccountSchema,
  gorgiasCustomFieldSchema,
  gorgiasErrorSchema,
  gorgiasListSchema,
  gorgiasTicketInputSchema,
  gorgiasTicketSchema,
  gorgiasUploadResponseSchema,
  type GorgiasAttachment,
  type GorgiasCustomField,
  type GorgiasTicketInput,
} from '../../core/gorgias-api.js';
import type { GorgiasFieldMapping, HelpdeskTagSettings } from '../../core/integrations.js';
import { isLoopbackHost } from '../../core/urls.js';
import {
  EMAIL_SHAPE,
  nowIso,
  pacersFor,
  verificationFailure,
  type ConnectorOptions,
  type FieldError,
  type Normalized,
  type Verification,
} from './common.js';
import { claimSubject, renderClaimMessage } from './content.js';
import { DeliveryError, genericKey, isRetryableStatus, kindForStatus, shortText } from './errors.js';
import { claimFieldValue, claimTagNames } from './facts.js';
import { parseHelpdeskAnswer, sendRequest, type HttpResponse } from './http.js';
import { attachmentFileNames, type ClaimDeliveryInput, type ClaimFileAccess } from './input.js';
import { parseCallLimitHeader, type Pacer } from './pacing.js';
import type { AttemptContext, DeliveryProgress, DeliveryResult, DeliveryWarning } from './progress.js';

/**
 * Gorgias: one ticket per claim. Credentials are HTTP Basic `email:api_key` against
 * `https://{account}.gorgias.com/api/`. Exactly once: the claim uuid goes into the ticket's
 * `external_id` (Gorgias does not deduplicate on it, but lets us list tickets by it), and an
 * attempt that may have created the ticket without learning so makes the next attempt look it up
 * (`GET /api/tickets?external_id=…`) before creating.
 */

export interface GorgiasCredentials {
  /** `https://{account}.gorgias.com`, normalized (no trailing slash, no path). */
  endpoint: string;
  email: string;
  api_key: string;
}

export interface GorgiasDeliverySettings extends GorgiasCredentials {
  tags?: HelpdeskTagSettings;
  custom_fields?: readonly GorgiasFieldMapping[];
}

export interface GorgiasOptions extends ConnectorOptions {
  /**
   * Accept http(s) on loopback hosts (any port) as the endpoint: the local stand-in and the demo.
   * Never set in production: it would send credentials in clear text.
   */
  allowInsecureHostsForTesting?: boolean;
}

export interface GorgiasDeliveryContext extends AttemptContext, GorgiasOptions {
  files: ClaimFileAccess;
}

// ---------------------------------------------------------------------------------------------
// Settings

const GORGIAS_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.gorgias\.com$/;

/**
 * `  https://Acme.gorgias.com/ ` → `https://acme.gorgias.com`. A bare host gets https; `/api`
 * (pasted from the docs) is dropped; any other path, a query, credentials, a port, plain http or
 * a host outside `*.gorgias.com` (`acme.gorgias.com.evil.com`) is refused with its own key.
 */
export function normalizeGorgiasEndpoint(
  raw: string,
  options: Pick<GorgiasOptions, 'allowInsecureHostsForTesting'> = {},
): { ok: true; endpoint: string } | { ok: false; key: FieldError['key'] } {
  let value = raw.trim();
  if (!value) return { ok: false, key: 'gorgias_endpoint_invalid' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) value = `https://${value}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, key: 'gorgias_endpoint_invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, key: 'gorgias_endpoint_invalid' };
  if (url.username || url.password) return { ok: false, key: 'gorgias_endpoint_invalid' };
  const path = url.pathname.replace(/\/+$/, '');
  if ((path !== '' && path !== '/api') || url.search || url.hash) return { ok: false, key: 'gorgias_endpoint_path' };
  if (options.allowInsecureHostsForTesting && isLoopbackHost(url.hostname)) return { ok: true, endpoint: url.origin };
  if (url.protocol !== 'https:') return { ok: false, key: 'gorgias_endpoint_not_https' };
  if (url.port || !GORGIAS_HOST.test(url.hostname)) return { ok: false, key: 'gorgias_endpoint_host' };
  return { ok: true, endpoint: `https://${url.hostname}` };
}

/** Trims every value (pasted keys often carry spaces) and checks each field; all problems at once. */
export function normalizeGorgiasCredentials(
  input: { endpoint: string; email: string; api_key: string },
  options: Pick<GorgiasOptions, 'allowInsecureHostsForTesting'> = {},
): Normalized<GorgiasCredentials> {
  const errors: FieldError[] = [];
  const endpoint = normalizeGorgiasEndpoint(input.endpoint, options);
  if (!endpoint.ok) errors.push({ field: 'endpoint', key: endpoint.key });
  const email = input.email.trim();
  if (!EMAIL_SHAPE.test(email) || email.length > 320) errors.push({ field: 'email', key: 'gorgias_email_invalid' });
  const apiKey = input.api_key.trim();
  if (!apiKey) errors.push({ field: 'api_key', key: 'gorgias_api_key_missing' });
  if (!endpoint.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { endpoint: endpoint.endpoint, email, api_key: apiKey } };
}

// ---------------------------------------------------------------------------------------------
// HTTP

class GorgiasClient {
  private readonly authorization: string;
  private readonly pacer: Pacer;

  constructor(
    readonly credentials: GorgiasCredentials,
    private readonly options: GorgiasOptions,
  ) {
    this.authorization = `Basic ${Buffer.from(`${credentials.email}:${credentials.api_key}`, 'utf8').toString('base64')}`;
    this.pacer = pacersFor(options).gorgias(credentials.endpoint);
  }

  request(
    method: 'GET' | 'POST',
    path: string,
    /** `purpose`: said in the log line, for a request whose answer is meant to be an error. */
    init: { query?: Record<string, string>; json?: unknown; form?: FormData; timeoutMs?: number; purpose?: string } = {},
  ): Promise<HttpResponse> {
    const url = new URL(path, `${this.credentials.endpoint}/`);
    for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    return sendRequest(
      {
        method,
        url: url.toString(),
        headers,
        body: init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
        label: `${method} ${url.pathname}${init.purpose ? ` (${init.purpose})` : ''}`,
        pacer: this.pacer,
        ...(init.timeoutMs ? { timeoutMs: init.timeoutMs } : {}),
        defaultRetryAfterMs: 1_000,
        observe: (responseHeaders) => {
          const limit = parseCallLimitHeader(responseHeaders.get('x-gorgias-account-api-call-limit'));
          if (limit) this.pacer.observe(limit.used, limit.limit);
        },
      },
      this.options,
    );
  }
}

/** An answer that is not the expected success, as a classified failure with Gorgias's keys. */
function gorgiasFailure(response: HttpResponse, label: string): DeliveryError {
  const { status } = response;
  const parsed = z.safeParse(gorgiasErrorSchema, response.json);
  const remote = parsed.success ? [parsed.data.error.msg, parsed.data.error.data === undefined ? '' : shortText(parsed.data.error.data, 200)].filter(Boolean).join(' ') : '';
  const message = `${label}: Gorgias answered ${status}${remote ? ` (${shortText(remote)})` : ''}`;
  if (status >= 300 && status < 400) {
    // Unknown accounts are redirected to Gorgias's website rather than answered with JSON.
    return new DeliveryError({ kind: 'not_found', key: 'gorgias_account_not_found', status, message, retryable: false });
  }
  const kind = kindForStatus(status);
  const key =
    kind === 'auth'
      ? 'gorgias_auth_failed'
      : kind === 'permission'
        ? 'gorgias_permission_denied'
        : kind === 'not_found'
          ? 'gorgias_account_not_found'
          : genericKey(kind, 'helpdesk_rejected');
  return new DeliveryError({ kind, key, status, message, retryable: isRetryableStatus(status) });
}

/** A helpdesk answer parsed with its schema; anything else is an unexpected answer. */
const parseOr = <T>(schema: z.ZodMiniType<T>, response: HttpResponse, label: string): T => parseHelpdeskAnswer(schema, response, label, 'Gorgias');

// ---------------------------------------------------------------------------------------------
// Verification and lookups for the settings screen

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
    return { ok: false, key: first?.key ?? 'gorgias_endpoint_invalid', retryable: false, message: `invalid ${first?.field ?? 'settings'}`, status: null };
  }
  const client = new GorgiasClient(normalized.value, options);
  try {
    const account = await client.request('GET', 'api/account');
    if (account.status !== 200) throw gorgiasFailure(account, 'GET /api/account');
    const info = z.safeParse(gorgiasAccountSchema, account.json);
    // A 400 here is the good answer: the role may create tickets, and this one was invalid on purpose.
    const probe = await client.request('POST', 'api/tickets', { json: { messages: [] }, purpose: 'permission probe: an empty ticket, 400 expected, nothing created' });
    if (probe.status === 401 || probe.status === 403) throw gorgiasFailure(probe, 'POST /api/tickets (permission check)');
    return { ok: true, value: { domain: info.success ? (info.data.domain ?? null) : null } };
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    // An account URL whose host does not resolve is a typo in the account name, not an outage.
    if (error.kind === 'dns') {
      return verificationFailure(new DeliveryError({ kind: 'dns', key: 'gorgias_account_not_found', retryable: false, message: error.message }));
    }
    return verificationFailure(error);
  }
}

/** The account's ticket custom fields (for the mapping screen and for delivery), active ones first. */
export async function listGorgiasTicketFields(credentials: GorgiasCredentials, options: GorgiasOptions = {}): Promise<GorgiasCustomField[]> {
  return new GorgiasClient(credentials, options).request('GET', 'api/custom-fields', { query: { object_type: 'Ticket', limit: '100' } }).then((response) => {
    if (response.status !== 200) throw gorgiasFailure(response, 'GET /api/custom-fields');
    return parseOr(gorgiasListSchema(gorgiasCustomFieldSchema), response, 'GET /api/custom-fields').data;
  });
}

// ---------------------------------------------------------------------------------------------
// Delivery

export function gorgiasTicketUrl(endpoint: string, ticketId: string): string {
  return `${endpoint}/app/ticket/${encodeURIComponent(ticketId)}`;
}

/** The oldest ticket carrying this claim's uuid as `external_id`, if any. */
export async function findGorgiasTicketByExternalId(
  credentials: GorgiasCredentials,
  externalId: string,
  options: GorgiasOptions = {},
): Promise<string | undefined> {
  return findTicket(new GorgiasClient(credentials, options), externalId);
}

async function findTicket(client: GorgiasClient, externalId: string): Promise<string | undefined> {
  const label = 'GET /api/tickets';
  const response = await client.request('GET', 'api/tickets', {
    query: { external_id: externalId, order_by: 'created_datetime:asc', limit: '30' },
  });
  if (response.status !== 200) throw gorgiasFailure(response, label);
  const tickets = parseOr(gorgiasListSchema(gorgiasTicketSchema), response, label).data;
  // Compare ourselves too: a filter the API ignored must not make another ticket look like ours.
  const match = tickets.filter((ticket) => ticket.external_id === externalId).sort((a, b) => a.id - b.id)[0];
  return match ? String(match.id) : undefined;
}

/** Signed links to files Gorgias refused as too large live as long as the API's file URLs. */
const UNATTACHED_LINK_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Delivers one claim as one Gorgias ticket: uploads photos and signature, then creates the ticket
 * (customer matched or created by Gorgias from the order email, tags, mapped custom fields,
 * `external_id` = claim uuid, channel and via `api` so no auto-reply rule fires). Resumable: see
 * progress.ts. Throws DeliveryError; the worker decides on retries with decideRetry().
 */
export async function deliverClaimToGorgias(
  input: ClaimDeliveryInput,
  settings: GorgiasDeliverySettings,
  ctx: GorgiasDeliveryContext,
): Promise<DeliveryResult> {
  const credentials = normalizeGorgiasCredentials(settings, ctx);
  if (!credentials.ok) {
    throw new DeliveryError({
      kind: 'config',
      key: credentials.errors[0]?.key ?? 'gorgias_endpoint_invalid',
      message: `Gorgias settings are invalid: ${credentials.errors.map((e) => e.field).join(', ')}`,
    });
  }
  const { endpoint } = credentials.value;
  const client = new GorgiasClient(credentials.value, ctx);
  const warnings: DeliveryWarning[] = [];
  let progress: DeliveryProgress = { ...ctx.progress };
  const save = async (next: DeliveryProgress) => {
    progress = next;
    await ctx.checkpoint(progress);
  };
  const done = (remoteId: string, recovered: boolean): DeliveryResult => ({
    remoteId,
    remoteUrl: gorgiasTicketUrl(endpoint, remoteId),
    recovered,
    progress,
    warnings,
  });

  if (progress.remote_id) return done(progress.remote_id, true);

  // An earlier attempt may have created the ticket without hearing back: find it, never duplicate.
  if (progress.create_sent_at || ctx.attempt > 1) {
    const existing = await findTicket(client, input.claim.uuid);
    if (existing) {
      await save({ ...progress, remote_id: existing, remote_url: gorgiasTicketUrl(endpoint, existing) });
      return done(existing, true);
    }
  }

  const attachments = await uploadAttachments(client, input, ctx, progress, save, warnings);
  const customFields = await resolveCustomFields(client, input, settings.custom_fields ?? [], warnings);
  const names = attachmentFileNames(input.attachments);
  const unattached = input.attachments.flatMap((attachment, index) =>
    progress.uploaded?.[attachment.id] === 'too_large'
      ? [{ name: names[index] ?? attachment.id, url: ctx.files.signedUrl(attachment.id, UNATTACHED_LINK_TTL_SECONDS) }]
      : [],
  );
  const message = renderClaimMessage(input, { attachmentNames: attachments.map((a) => a.name), unattached });
  const ticket = buildTicket(input, settings, message, attachments, customFields);

  const checked = z.safeParse(gorgiasTicketInputSchema, ticket);
  if (!checked.success) {
    throw new DeliveryError({ kind: 'validation', key: 'helpdesk_rejected', message: `ticket for claim ${input.claim.uuid} is invalid: ${shortText(checked.error.message)}` });
  }

  await save({ ...progress, create_sent_at: nowIso(ctx) });
  const label = 'POST /api/tickets';
  const response = await client.request('POST', 'api/tickets', { json: checked.data, timeoutMs: 30_000 });
  if (response.status !== 201 && response.status !== 200) throw gorgiasFailure(response, label);
  const created = parseOr(gorgiasTicketSchema, response, label);
  const remoteId = String(created.id);
  await save({ ...progress, remote_id: remoteId, remote_url: gorgiasTicketUrl(endpoint, remoteId) });
  return done(remoteId, false);
}

function buildTicket(
  input: ClaimDeliveryInput,
  settings: GorgiasDeliverySettings,
  message: { subject: string; text: string; html: string },
  attachments: GorgiasAttachment[],
  customFields: GorgiasTicketInput['custom_fields'],
): GorgiasTicketInput {
  const { claim, customer } = input;
  const person = { email: customer.email, name: customer.name };
  return {
    channel: 'api',
    via: 'api',
    from_agent: false,
    customer: person,
    subject: claimSubject(input),
    external_id: claim.uuid,
    language: claim.language,
    tags: claimTagNames(input, settings.tags).map((name) => ({ name })),
    custom_fields: customFields,
    meta: {
      resolve: {
        claim_id: claim.uuid,
        shop_slug: claim.shop_slug,
        order_number: claim.order_number,
        flow_type: claim.flow_type,
        reason: claim.reason,
        resolution_preference: claim.resolution_preference,
      },
    },
    messages: [
      {
        channel: 'api',
        via: 'api',
        from_agent: false,
        sender: person,
        subject: message.subject,
        body_text: message.text,
        body_html: message.html,
        attachments,
      },
    ],
  };
}

/**
 * Uploads every file not uploaded by an earlier attempt, checkpointing after each, and returns the
 * attachments in claim order. A file Gorgias refuses as too large (413) is linked in the message
 * instead; a file gone from storage is left out with a warning (the claim still goes through).
 */
async function uploadAttachments(
  client: GorgiasClient,
  input: ClaimDeliveryInput,
  ctx: GorgiasDeliveryContext,
  start: DeliveryProgress,
  save: (progress: DeliveryProgress) => Promise<void>,
  warnings: DeliveryWarning[],
): Promise<GorgiasAttachment[]> {
  const names = attachmentFileNames(input.attachments);
  let progress = start;
  const result: GorgiasAttachment[] = [];
  for (const [index, attachment] of input.attachments.entries()) {
    const name = names[index] ?? `file-${index + 1}`;
    const earlier = progress.uploaded?.[attachment.id];
    if (earlier === 'too_large') continue;
    if (earlier) {
      result.push(earlier);
      continue;
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = await ctx.files.read(attachment.id);
    } catch (error) {
      throw new DeliveryError({ kind: 'attachment', key: 'attachment_unavailable', message: `reading ${name} failed`, cause: error });
    }
    if (!bytes) {
      warnings.push({ code: 'attachment_missing', message: `${name} is no longer in storage and was left out` });
      continue;
    }
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: attachment.contentType }), name);
    const label = 'POST /api/upload';
    const response = await client.request('POST', 'api/upload', { query: { type: 'attachment' }, form, timeoutMs: 60_000 });
    let uploaded: GorgiasAttachment | 'too_large';
    if (response.status === 413) {
      warnings.push({ code: 'attachment_too_large', message: `${name} is too large for Gorgias and is linked instead` });
      uploaded = 'too_large';
    } else if (response.status === 201 || response.status === 200) {
      const [file] = parseOr(gorgiasUploadResponseSchema, response, label);
      if (!file) throw new DeliveryError({ kind: 'unexpected', key: 'delivery_unexpected_response', message: `${label}: empty answer` });
      uploaded = { url: file.url, name: file.name, content_type: file.content_type, size: file.size };
      result.push(uploaded);
    } else {
      throw gorgiasFailure(response, label);
    }
    progress = { ...progress, uploaded: { ...progress.uploaded, [attachment.id]: uploaded } };
    await save(progress);
  }
  return result;
}

/**
 * The mapped custom fields with values Gorgias will accept: the field must exist and be active,
 * and the value must fit its data type (and be one of its choices for dropdowns). Anything else is
 * skipped with a warning rather than failing the claim: a renamed dropdown option must not keep a
 * claim from reaching the helpdesk.
 */
async function resolveCustomFields(
  client: GorgiasClient,
  input: ClaimDeliveryInput,
  mappings: readonly GorgiasFieldMapping[],
  warnings: DeliveryWarning[],
): Promise<GorgiasTicketInput['custom_fields']> {
  if (mappings.length === 0) return [];
  const label = 'GET /api/custom-fields';
  const response = await client.request('GET', 'api/custom-fields', { query: { object_type: 'Ticket', limit: '100' } });
  if (response.status !== 200) throw gorgiasFailure(response, label);
  const definitions = new Map(parseOr(gorgiasListSchema(gorgiasCustomFieldSchema), response, label).data.map((field) => [field.id, field]));
  const fields: GorgiasTicketInput['custom_fields'] = [];
  for (const mapping of mappings) {
    const definition = definitions.get(mapping.field_id);
    const skip = (why: string) => warnings.push({ code: 'custom_field_skipped', message: `custom field ${mapping.field_id} (${mapping.source}): ${why}` });
    if (!definition || definition.deactivated_datetime) {
      skip('no such active ticket field');
      continue;
    }
    const value = claimFieldValue(input, mapping.source);
    if (value === null) continue;
    const coerced = coerceFieldValue(definition, value);
    if (coerced === undefined) skip(`value does not fit a ${definition.definition.data_type} field`);
    else fields.push({ id: definition.id, value: coerced });
  }
  return fields;
}

function coerceFieldValue(field: GorgiasCustomField, value: string | number | boolean): string | number | boolean | undefined {
  const choices = field.definition.input_settings?.choices;
  if (choices && choices.length > 0) {
    const wanted = String(value).toLowerCase();
    return choices.find((choice) => String(choice).toLowerCase() === wanted);
  }
  switch (field.definition.data_type) {
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      return typeof value !== 'boolean' && Number.isFinite(number) ? number : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    default:
      return String(value);
  }
}
