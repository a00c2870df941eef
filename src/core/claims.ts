import * as z from 'zod/mini';
import { storableString } from './stored-text.js';
import { languageSchema } from './embed-config.js';
import { CLAIM_REASONS, FLOW_TYPES, PHOTO_EVIDENCE_FLOWS, type FlowType } from './flows.js';
import { MAX_QUANTITY, addressSchema, pageOf, paginationQuerySchema, text } from './orders.js';
import { MAX_DESCRIPTION_LENGTH, flowTypeSchema, resolutionPreferenceSchema } from './resolve-settings.js';

/**
 * Claims: what the customer's browser submits (`POST /v1/shops/{slug}/resolve/claims`, the
 * "draft"), what every API answer returns (the claim record, platform names), and what merchants
 * may change. The browser client parses answers with these same schemas.
 */

export { CLAIM_REASONS, FLOW_TYPES };
export const CLAIM_STATUSES = ['pending', 'accepted', 'rejected', 'closed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const claimStatusSchema = z.enum(CLAIM_STATUSES);
export const claimReasonSchema = z.enum(CLAIM_REASONS);

export const MAX_UPLOADS_PER_CLAIM = 50;
export const MAX_PHOTOS_PER_SELECTED_ITEM = 20;
export const MAX_PACKAGE_PHOTOS = 10;
export const MAX_SELECTED_ITEMS = 500;
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

const uploadIdSchema = z.uuid();

/** Free text from a customer: trimmed, bounded, line breaks and tabs allowed, other control characters not. */
export const descriptionSchema = storableString().check(
  z.trim(),
  z.maxLength(MAX_DESCRIPTION_LENGTH),
  z.refine(
    (value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value),
    'must not contain control characters',
  ),
);

export const selectedItemDraftSchema = z.object({
  sku: text(128),
  quantity: z.int().check(z.gte(1), z.lte(MAX_QUANTITY)),
  /** Photos of this item (ids from `POST .../resolve/uploads`). */
  upload_ids: z.optional(z.array(uploadIdSchema).check(z.maxLength(MAX_PHOTOS_PER_SELECTED_ITEM))),
});
export type SelectedItemDraft = z.infer<typeof selectedItemDraftSchema>;

/** Every upload id a draft refers to, in order of appearance. */
export function draftUploadIds(draft: {
  selected_items: readonly { upload_ids?: readonly string[] | undefined }[];
  upload_ids?: readonly string[] | undefined;
  package_upload_ids?: readonly string[] | undefined;
  signature_upload_id?: string | undefined;
}): string[] {
  return [
    ...(draft.upload_ids ?? []),
    ...draft.selected_items.flatMap((item) => item.upload_ids ?? []),
    ...(draft.package_upload_ids ?? []),
    ...(draft.signature_upload_id ? [draft.signature_upload_id] : []),
  ];
}

/**
 * The customer's claim (`POST /v1/shops/{slug}/resolve/claims`, with an `Idempotency-Key` header).
 * The order comes from the session; `reason` is derived from `flow_type` (see flowTypeToReason).
 */
export const claimDraftSchema = z
  .object({
    flow_type: flowTypeSchema,
    selected_items: z.array(selectedItemDraftSchema).check(
      z.maxLength(MAX_SELECTED_ITEMS),
      z.refine((items) => new Set(items.map((item) => item.sku)).size === items.length, 'must not repeat a SKU'),
    ),
    /** Photo evidence for the claim as a whole (or for every selected item, see photosMeetMinimum). */
    upload_ids: z.optional(z.array(uploadIdSchema).check(z.maxLength(MAX_UPLOADS_PER_CLAIM))),
    /** Photos of the whole package. */
    package_upload_ids: z.optional(z.array(uploadIdSchema).check(z.maxLength(MAX_PACKAGE_PHOTOS))),
    /** The customer's signature (not-received flow). */
    signature_upload_id: z.optional(uploadIdSchema),
    /** Whether the carrier was allowed to leave the parcel without a signature (not-received flow). */
    dropoff_permission: z.optional(z.boolean()),
    description: z.optional(descriptionSchema),
    resolution_preference: resolutionPreferenceSchema,
    language: languageSchema,
    /** The shipment the claim is about, when the customer picked one. */
    shipment_id: z.optional(text(128)),
  })
  .check(
    z.refine(
      (draft) => {
        const ids = draftUploadIds(draft);
        return new Set(ids).size === ids.length && ids.length <= MAX_UPLOADS_PER_CLAIM;
      },
      {
        message: `upload ids must be distinct and at most ${MAX_UPLOADS_PER_CLAIM} in all`,
        path: ['upload_ids'],
      },
    ),
  );
export type ClaimDraft = z.infer<typeof claimDraftSchema>;

/**
 * The shop's minimum photo count, as the API enforces it (only in PHOTO_EVIDENCE_FLOWS): when any
 * selected item carries its own `upload_ids`, every selected item needs `minPerItem` of its own;
 * otherwise the draft's top-level `upload_ids` count for all items together and must number at
 * least `minPerItem × selected items`.
 */
export function photosMeetMinimum(draft: ClaimDraft, minPerItem: number): boolean {
  if (!PHOTO_EVIDENCE_FLOWS.includes(draft.flow_type) || minPerItem === 0) return true;
  const perItem = draft.selected_items.some((item) => (item.upload_ids?.length ?? 0) > 0);
  if (perItem) return draft.selected_items.every((item) => (item.upload_ids?.length ?? 0) >= minPerItem);
  return (draft.upload_ids?.length ?? 0) >= minPerItem * draft.selected_items.length;
}

const timestamp = z.iso.datetime({ offset: true });
const nullableString = z.nullable(z.string());

export const claimSelectedItemSchema = z.object({
  sku: z.string(),
  title: z.string(),
  quantity: z.int(),
  net_price: z.nullable(z.number()),
  /** Signed, expiring URLs of the customer's photos of this item. */
  image_urls: z.array(z.string()),
  /** The product image from the order. */
  product_image_url: nullableString,
});
export type ClaimSelectedItem = z.infer<typeof claimSelectedItemSchema>;

/** A claim as every API answer returns it (platform field names; file URLs signed and expiring). */
export const claimSchema = z.object({
  uuid: z.uuid(),
  created_at: timestamp,
  updated_at: timestamp,
  shop_slug: z.string(),
  order_id: z.uuid(),
  order_number: z.string(),
  /** Order-number + ZIP sessions see only zip_code, city and country here; token sessions and merchants all of it. */
  address: addressSchema,
  /** Σ net_price × quantity over the selected items. */
  net_invoice_amount: z.nullable(z.number()),
  currency: nullableString,
  shipment_id: nullableString,
  tracking_number: nullableString,
  carrier_reference: nullableString,
  scan_date: z.nullable(timestamp),
  weight_kg: z.nullable(z.number()),
  flow_type: flowTypeSchema,
  reason: claimReasonSchema,
  resolution_preference: resolutionPreferenceSchema,
  status: claimStatusSchema,
  description: nullableString,
  selected_items: z.array(claimSelectedItemSchema),
  /** Every evidence photo (claim-level and per item), signed and expiring. */
  image_urls: z.array(z.string()),
  /** Photos of the whole package. */
  optional_image_urls: z.array(z.string()),
  customer_signature_image_url: nullableString,
  dropoff_permission: z.nullable(z.boolean()),
  language: languageSchema,
});
export type Claim = z.infer<typeof claimSchema>;

/** `PUT /v1/shops/{slug}/claims/{uuid}` (merchant): what a merchant may change. */
export const claimUpdateSchema = z
  .object({
    status: z.optional(claimStatusSchema),
    resolution_preference: z.optional(resolutionPreferenceSchema),
  })
  .check(
    z.refine((update) => update.status !== undefined || update.resolution_preference !== undefined, {
      message: 'send status and/or resolution_preference',
      path: ['status'],
    }),
  );
export type ClaimUpdate = z.infer<typeof claimUpdateSchema>;

export const claimListQuerySchema = z.extend(paginationQuerySchema, {
  status: z.optional(claimStatusSchema),
  resolution_preference: z.optional(resolutionPreferenceSchema),
  order_number: z.optional(storableString().check(z.maxLength(64))),
});
export const claimListSchema = pageOf(claimSchema);
export type ClaimList = z.infer<typeof claimListSchema>;

export type { FlowType };
