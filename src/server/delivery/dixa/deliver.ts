import * as z from 'zod/mini';
import {
  dixaConversationInputSchema,
  dixaCreatedConversationSchema,
  type DixaConversationInput,
} from '../../../core/dixa-api.js';
import { nowIso } from '../common.js';
import { renderClaimMessage } from '../content.js';
import { DeliveryError } from '../errors.js';
import {
  Checkpoints,
  deliveryResult,
  findOrCreate,
  followUpOnce,
  invalidSettings,
  type FollowUpStep,
} from '../exactly-once.js';
import { claimTagNames } from '../facts.js';
import type { HttpResponse } from '../http.js';
import { attachmentFileNames, type ClaimDeliveryInput, type ClaimFileAccess } from '../input.js';
import type { AttemptContext, DeliveryResult, DeliveryWarning } from '../progress.js';
import { attributePatch } from './attributes.js';
import { DixaClient, dixaFailure, ok, parseDixaAnswer, remoteMessage } from './client.js';
import { findConversation, findOrCreateEndUser } from './lookup.js';
import {
  normalizeDixaSettings,
  type DixaDeliverySettings,
  type DixaOptions,
  type DixaSettingsValues,
} from './settings.js';
import { conversationAttributes } from './verify.js';

/**
 * Dixa: one Email conversation per claim, with the claim as its inbound message. Exactly once:
 * the message's `externalId` is the claim uuid, so a retry after an unknown outcome gets
 * `400 Duplicate externalId` instead of a second conversation, and then looks the conversation up
 * (the end user's conversations, then their messages' `externalId`).
 */

export interface DixaDeliveryContext extends AttemptContext, DixaOptions {
  files: ClaimFileAccess;
  /** How long the attachment URLs Dixa downloads stay valid (it copies them at once). */
  attachmentUrlTtlSeconds?: number;
}

const DEFAULT_ATTACHMENT_URL_TTL_SECONDS = 60 * 60;

/**
 * Delivers one claim as one Dixa Email conversation: end user by email (search, then create), the
 * claim as the inbound message (attachments as expiring signed URLs Dixa downloads while the
 * request runs), then tags (bulk, by name), mapped custom attributes and the claim for the default
 * agent. Resumable: see exactly-once.ts. Throws DeliveryError.
 */
export async function deliverClaimToDixa(
  input: ClaimDeliveryInput,
  settings: DixaDeliverySettings,
  ctx: DixaDeliveryContext,
): Promise<DeliveryResult> {
  const normalized = normalizeDixaSettings(settings);
  if (!normalized.ok) throw invalidSettings('Dixa', normalized.errors, 'dixa_token_missing');
  const values = normalized.value;
  const integration = values.email_integration_id;
  if (!integration) {
    throw new DeliveryError({
      kind: 'config',
      key: 'dixa_email_integration_invalid',
      message: 'Dixa has no email integration ID',
    });
  }
  const client = new DixaClient(values.api_token, ctx);
  const warnings: DeliveryWarning[] = [];
  const checkpoints = new Checkpoints(ctx);

  const outcome = await findOrCreate(
    ctx,
    checkpoints,
    {
      // No lookup first: Dixa refuses a second message with the same externalId, and create() recovers.
      prepare: async () => {
        const endUserId = checkpoints.progress.end_user_id ?? (await findOrCreateEndUser(client, input.customer));
        if (checkpoints.progress.end_user_id !== endUserId) await checkpoints.save({ end_user_id: endUserId });
        const checked = z.safeParse(dixaConversationInputSchema, conversationBody(input, ctx, integration, endUserId));
        if (!checked.success) {
          throw new DeliveryError({
            kind: 'validation',
            key: 'helpdesk_rejected',
            message: `conversation for claim ${input.claim.uuid} is invalid`,
          });
        }
        return { endUserId, body: checked.data };
      },
      create: ({ endUserId, body }) => createConversation(client, endUserId, body, input.claim.uuid),
      remoteUrl: () => null,
    },
    () => nowIso(ctx),
  );
  await followUps(client, input, settings, values, outcome.remoteId, checkpoints, warnings);
  return deliveryResult(outcome, null, checkpoints, warnings);
}

function conversationBody(
  input: ClaimDeliveryInput,
  ctx: DixaDeliveryContext,
  emailIntegrationId: string,
  endUserId: string,
): DixaConversationInput {
  const names = attachmentFileNames(input.attachments);
  const ttl = ctx.attachmentUrlTtlSeconds ?? DEFAULT_ATTACHMENT_URL_TTL_SECONDS;
  const message = renderClaimMessage(input, { attachmentNames: names });
  return {
    _type: 'Email',
    requesterId: endUserId,
    emailIntegrationId,
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
}

async function createConversation(
  client: DixaClient,
  endUserId: string,
  body: DixaConversationInput,
  externalId: string,
): Promise<{ remoteId: string; recovered: boolean }> {
  const label = 'POST /v1/conversations';
  // Dixa downloads every attachment before it answers: allow for it.
  const response = await client.request('POST', '/v1/conversations', { json: body, timeoutMs: 60_000 });
  if (ok(response))
    return {
      remoteId: String(parseDixaAnswer(dixaCreatedConversationSchema, response, label).data.id),
      recovered: false,
    };
  const remote = remoteMessage(response).toLowerCase();
  if (response.status === 400 && remote.includes('duplicate externalid')) {
    // An earlier attempt created it: find that conversation instead of creating another.
    const found = await findConversation(client, endUserId, externalId);
    if (!found) {
      throw new DeliveryError({
        kind: 'conflict',
        key: 'dixa_conversation_not_found',
        status: 400,
        retryable: true,
        message: `${label}: Duplicate externalId, but no conversation of the end user carries it yet`,
      });
    }
    return { remoteId: found, recovered: true };
  }
  if (response.status === 400 && remote.includes('download attachment')) {
    // Our file URLs were not reachable from Dixa (origin down, or not public): retry later;
    // if it persists, the key tells the merchant why.
    throw new DeliveryError({
      kind: 'attachment',
      key: 'dixa_attachment_unreachable',
      status: 400,
      retryable: true,
      message: `${label}: Dixa could not download an attachment`,
    });
  }
  throw dixaFailure(response, label);
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
  checkpoints: Checkpoints,
  warnings: DeliveryWarning[],
): Promise<void> {
  const path = `/v1/conversations/${encodeURIComponent(conversationId)}`;
  const step = (name: FollowUpStep, label: string, run: () => Promise<HttpResponse | undefined>) =>
    followUpOnce(checkpoints, name, async () => {
      const response = await run();
      if (response && !ok(response)) {
        const failure = dixaFailure(response, label);
        if (failure.retryable) throw failure;
        warnings.push({ code: `${name}_failed`, message: failure.message });
      }
    });

  const tags = claimTagNames(input, settings.tags);
  await step('tags', 'POST /v1/conversations/{id}/tags/bulk', async () =>
    tags.length
      ? client.request('POST', `${path}/tags/bulk`, { json: { data: tags.map((name) => ({ name })) } })
      : undefined,
  );

  const mappings = settings.custom_attributes ?? [];
  await step('attributes', 'PATCH /v1/conversations/{id}/custom-attributes', async () => {
    if (mappings.length === 0) return undefined;
    const patch = attributePatch(input, mappings, await conversationAttributes(client), warnings);
    return Object.keys(patch).length
      ? client.request('PATCH', `${path}/custom-attributes`, { json: patch })
      : undefined;
  });

  await step('assigned', 'PUT /v1/conversations/{id}/claim', async () =>
    values.default_agent_id
      ? client.request('PUT', `${path}/claim`, { json: { agentId: values.default_agent_id, force: false } })
      : undefined,
  );
}
