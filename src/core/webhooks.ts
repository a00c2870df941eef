import * as z from 'zod/mini';
import { storableString } from './stored-text.js';
import { CLAIM_EVENT_NAMES, claimEventSchema, type ClaimEvent, type ClaimEventName } from './claim-events.js';
import { isLoopbackHost } from './urls.js';

/**
 * Webhooks as merchants register them (`POST|GET|PATCH|DELETE /v1/shops/{slug}/webhooks[/{uuid}]`)
 * and the body every delivery carries. The body is the claim event envelope of claim-events.ts:
 * `{source: "claims", ref: "claims/created", version: 1, triggered_at, event_group, event_data,
 * context, shop_slug, shop_id}`, signed with `Karla-Signature` (webhook-signature.ts); each
 * delivery carries its stable id in `Karla-Event-Id`.
 */

export { claimEventSchema as webhookEventSchema };
export type WebhookEvent = ClaimEvent;

/** What `enabled_events` may contain: everything, every claim event, or one event. */
export const WEBHOOK_EVENT_FILTERS = ['*', 'claims', ...CLAIM_EVENT_NAMES] as const;
export type WebhookEventFilter = (typeof WEBHOOK_EVENT_FILTERS)[number];
export const DEFAULT_WEBHOOK_EVENTS: WebhookEventFilter[] = ['*'];

export const WEBHOOK_STATUSES = ['active', 'inactive'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export const MIN_WEBHOOK_SECRET_LENGTH = 16;
export const MAX_WEBHOOK_SECRET_LENGTH = 64;

/** 16–64 printable ASCII characters without spaces: it goes into HMAC keys in many languages. */
export const webhookSecretSchema = storableString().check(
  z.minLength(MIN_WEBHOOK_SECRET_LENGTH),
  z.maxLength(MAX_WEBHOOK_SECRET_LENGTH),
  z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
);

/**
 * The shape of a receiver URL: https, or http on the developer's own machine. Whether loopback is
 * acceptable at all, and whether the host resolves to a private network, is the server's decision
 * at registration and again at delivery (see src/server/delivery/webhooks.ts).
 */
export function isWebhookUrlShape(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hash) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

export const webhookUrlSchema = storableString().check(
  z.trim(),
  z.maxLength(2048),
  z.refine(isWebhookUrlShape, 'must be an https URL without credentials or fragment'),
);

const enabledEventsSchema = z.array(z.enum(WEBHOOK_EVENT_FILTERS)).check(
  z.minLength(1),
  z.maxLength(WEBHOOK_EVENT_FILTERS.length),
  z.refine((events) => new Set(events).size === events.length, 'must not repeat an event'),
);

export const MAX_WEBHOOK_DESCRIPTION_LENGTH = 500;

/** A merchant's note on what the receiver is for, as Karla's webhook entity carries it; null clears it. */
export const webhookDescriptionSchema = z.nullable(
  storableString().check(
    z.trim(),
    z.maxLength(MAX_WEBHOOK_DESCRIPTION_LENGTH),
    z.refine(
      (value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value),
      'must not contain control characters',
    ),
  ),
);

/** `POST /v1/shops/{slug}/webhooks`: the secret is generated when omitted and shown only in the answer. */
export const webhookCreateSchema = z.object({
  url: webhookUrlSchema,
  description: z.optional(webhookDescriptionSchema),
  enabled_events: z.optional(enabledEventsSchema),
  secret: z.optional(webhookSecretSchema),
  status: z.optional(z.enum(WEBHOOK_STATUSES)),
});
export type WebhookCreate = z.infer<typeof webhookCreateSchema>;

/** `PATCH /v1/shops/{slug}/webhooks/{uuid}`: a new `secret` replaces the old one at once. */
export const webhookUpdateSchema = z
  .partial(webhookCreateSchema)
  .check(z.refine((update) => Object.values(update).some((value) => value !== undefined), 'send at least one field'));
export type WebhookUpdate = z.infer<typeof webhookUpdateSchema>;

/** A webhook as every answer shows it: the secret never again, only its last characters. */
export const webhookSchema = z.object({
  uuid: z.uuid(),
  url: z.string(),
  description: z.nullable(z.string()),
  enabled_events: z.array(z.enum(WEBHOOK_EVENT_FILTERS)),
  status: z.enum(WEBHOOK_STATUSES),
  secret_preview: z.string(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});
export type Webhook = z.infer<typeof webhookSchema>;

/** `GET /v1/shops/{slug}/webhooks`: `page`/`per_page` like every list. */
export const webhookListSchema = z.object({
  data: z.array(webhookSchema),
  page: z.int(),
  per_page: z.int(),
  total: z.int(),
});
export type WebhookList = z.infer<typeof webhookListSchema>;

/** The answer to the create call (and to a PATCH that sets a secret): the only time the secret is shown. */
export const webhookWithSecretSchema = z.extend(webhookSchema, { secret: webhookSecretSchema });
export type WebhookWithSecret = z.infer<typeof webhookWithSecretSchema>;

/** Whether a webhook subscribed to `enabled_events` receives this event. */
export function webhookWantsEvent(enabledEvents: readonly string[], event: ClaimEventName): boolean {
  return enabledEvents.some(
    (filter) => filter === '*' || filter === event || (filter === 'claims' && event.startsWith('claims/')),
  );
}
