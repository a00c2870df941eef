import * as z from 'zod/mini';
import { claimReasonSchema, claimSelectedItemSchema, claimStatusSchema } from './claims.js';
import { addressSchema, shipmentSchema } from './orders.js';
import { resolutionPreferenceSchema } from './resolve-settings.js';

/**
 * Claim events as the platform sends them to webhooks and helpdesks: recorded in the API's claim
 * event log in the same transaction as the change, delivered later (and possibly more than once:
 * receivers deduplicate on `ref`).
 */

export const CLAIM_EVENT_NAMES = ['claims/created', 'claims/updated'] as const;
export type ClaimEventName = (typeof CLAIM_EVENT_NAMES)[number];
export const CLAIM_EVENT_GROUPS = { 'claims/created': 'claim_created', 'claims/updated': 'claim_updated' } as const;

const timestamp = z.iso.datetime({ offset: true });

export const claimEventSchema = z.object({
  source: z.literal('claims'),
  /** Unique per event: receivers deduplicate retried deliveries on it. */
  ref: z.uuid(),
  version: z.literal(1),
  triggered_at: timestamp,
  event_group: z.enum(['claim_created', 'claim_updated']),
  event_data: z.object({
    claim_id: z.uuid(),
    event_name: z.enum(CLAIM_EVENT_NAMES),
    created_at: timestamp,
    updated_at: timestamp,
    resolution_preference: resolutionPreferenceSchema,
    reason: claimReasonSchema,
    status: claimStatusSchema,
    description: z.nullable(z.string()),
    customer_signature_image_url: z.nullable(z.string()),
    selected_items: z.array(claimSelectedItemSchema),
    image_urls: z.array(z.string()),
    optional_image_urls: z.array(z.string()),
    flow_type: z.string(),
    /** For claims/updated: the fields that changed, with their previous values. */
    previous: z.optional(z.record(z.string(), z.unknown())),
  }),
  context: z.object({
    order: z.object({
      id: z.uuid(),
      order_number: z.string(),
      zip_code: z.string(),
      currency: z.nullable(z.string()),
      placed_at: z.nullable(timestamp),
      address: z.nullable(addressSchema),
    }),
    customer: z.object({ name: z.string(), email: z.string() }),
    shipments: z.array(shipmentSchema),
    claims: z.array(z.object({ uuid: z.uuid(), status: claimStatusSchema, reason: claimReasonSchema })),
  }),
  shop_slug: z.string(),
  shop_id: z.uuid(),
});
export type ClaimEvent = z.infer<typeof claimEventSchema>;
