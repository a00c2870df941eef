import * as z from 'zod/mini';
import {
  gorgiasListSchema,
  gorgiasTicketInputSchema,
  gorgiasTicketSchema,
  type GorgiasAttachment,
  type GorgiasTicketInput,
} from '../../../core/gorgias-api.js';
import { nowIso } from '../common.js';
import { claimSubject, renderClaimMessage } from '../content.js';
import { DeliveryError, shortText } from '../errors.js';
import { Checkpoints, deliveryResult, findOrCreate, invalidSettings } from '../exactly-once.js';
import { claimTagNames } from '../facts.js';
import { attachmentFileNames, type ClaimDeliveryInput, type ClaimFileAccess } from '../input.js';
import type { AttemptContext, DeliveryResult, DeliveryWarning } from '../progress.js';
import { GorgiasClient, gorgiasFailure, parseGorgiasAnswer } from './client.js';
import { resolveCustomFields } from './fields.js';
import {
  normalizeGorgiasCredentials,
  type GorgiasCredentials,
  type GorgiasDeliverySettings,
  type GorgiasOptions,
} from './settings.js';
import { uploadAttachments } from './uploads.js';

/**
 * Gorgias: one ticket per claim. Exactly once: the claim uuid goes into the ticket's `external_id`
 * (Gorgias does not deduplicate on it, but lets us list tickets by it), and an attempt that may
 * have created the ticket without learning so makes the next attempt look it up
 * (`GET /api/tickets?external_id=…&trashed=true`) before creating.
 */

export interface GorgiasDeliveryContext extends AttemptContext, GorgiasOptions {
  files: ClaimFileAccess;
}

export function gorgiasTicketUrl(endpoint: string, ticketId: string): string {
  return `${endpoint}/app/ticket/${encodeURIComponent(ticketId)}`;
}

/** The oldest ticket carrying this claim's uuid as `external_id`, if any (trashed ones included). */
export async function findGorgiasTicketByExternalId(
  credentials: GorgiasCredentials,
  externalId: string,
  options: GorgiasOptions = {},
): Promise<string | undefined> {
  return findTicket(new GorgiasClient(credentials, options), externalId);
}

async function findTicket(client: GorgiasClient, externalId: string): Promise<string | undefined> {
  const label = 'GET /api/tickets';
  // `trashed=true`: a ticket the merchant trashed is still ours; missing it would create a second one.
  const response = await client.request('GET', 'api/tickets', {
    query: { external_id: externalId, trashed: 'true', order_by: 'created_datetime:asc', limit: '30' },
  });
  if (response.status !== 200) throw gorgiasFailure(response, label);
  const tickets = parseGorgiasAnswer(gorgiasListSchema(gorgiasTicketSchema), response, label).data;
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
 * exactly-once.ts. Throws DeliveryError; the worker decides on retries with decideRetry().
 */
export async function deliverClaimToGorgias(
  input: ClaimDeliveryInput,
  settings: GorgiasDeliverySettings,
  ctx: GorgiasDeliveryContext,
): Promise<DeliveryResult> {
  const credentials = normalizeGorgiasCredentials(settings, ctx);
  if (!credentials.ok) throw invalidSettings('Gorgias', credentials.errors, 'gorgias_endpoint_invalid');
  const { endpoint } = credentials.value;
  const client = new GorgiasClient(credentials.value, ctx);
  const warnings: DeliveryWarning[] = [];
  const checkpoints = new Checkpoints(ctx);
  const remoteUrl = (id: string) => gorgiasTicketUrl(endpoint, id);

  const outcome = await findOrCreate(
    ctx,
    checkpoints,
    {
      find: () => findTicket(client, input.claim.uuid),
      prepare: async () => {
        const attachments = await uploadAttachments(client, input, ctx.files, checkpoints, warnings);
        const customFields = await resolveCustomFields(client, input, settings.custom_fields ?? [], warnings);
        const names = attachmentFileNames(input.attachments);
        const unattached = input.attachments.flatMap((attachment, index) =>
          checkpoints.progress.uploaded?.[attachment.id] === 'too_large'
            ? [
                {
                  name: names[index] ?? attachment.id,
                  url: ctx.files.signedUrl(attachment.id, UNATTACHED_LINK_TTL_SECONDS),
                },
              ]
            : [],
        );
        const message = renderClaimMessage(input, { attachmentNames: attachments.map((a) => a.name), unattached });
        const checked = z.safeParse(
          gorgiasTicketInputSchema,
          buildTicket(input, settings, message, attachments, customFields),
        );
        if (!checked.success) {
          throw new DeliveryError({
            kind: 'validation',
            key: 'helpdesk_rejected',
            message: `ticket for claim ${input.claim.uuid} is invalid: ${shortText(checked.error.message)}`,
          });
        }
        return checked.data;
      },
      create: async (ticket) => {
        const label = 'POST /api/tickets';
        const response = await client.request('POST', 'api/tickets', { json: ticket, timeoutMs: 30_000 });
        if (response.status !== 201 && response.status !== 200) throw gorgiasFailure(response, label);
        return { remoteId: String(parseGorgiasAnswer(gorgiasTicketSchema, response, label).id), recovered: false };
      },
      remoteUrl,
    },
    () => nowIso(ctx),
  );
  return deliveryResult(outcome, remoteUrl(outcome.remoteId), checkpoints, warnings);
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
