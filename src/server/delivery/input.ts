import type { Claim, ClaimDraft } from '../../core/claims.js';
import type { ShipmentPhase } from '../../core/orders.js';

/**
 * What a connector needs to deliver one claim, independent of the database: the claim record as
 * the merchant API shows it (full address), the customer from the order, the phase of the
 * claim's shipment and the claim's files. The worker builds it with buildClaimDeliveryInput on
 * every attempt (so file URLs are fresh).
 */
export interface ClaimDeliveryInput {
  claim: Claim;
  customer: { name: string; email: string };
  shipmentPhase: ShipmentPhase | null;
  attachments: ClaimAttachment[];
}

export type AttachmentKind = 'photo' | 'package_photo' | 'signature';

export interface ClaimAttachment {
  /** The upload id (the storage key). */
  id: string;
  kind: AttachmentKind;
  /** For photos of one selected item. */
  sku: string | null;
  contentType: string;
  size: number | null;
}

/**
 * The server's side of the files: read the bytes (Gorgias wants them uploaded) and sign an
 * expiring URL (Dixa downloads attachments itself). The API already has both: BlobStorage.get
 * and signedFileUrl.
 */
export interface ClaimFileAccess {
  read(uploadId: string): Promise<Uint8Array | undefined>;
  signedUrl(uploadId: string, ttlSeconds: number): string;
}

/**
 * Builds the input from what the API stores: the claim view, the order's customer and shipments,
 * the draft's upload ids and the uploads' content types. Order of attachments: claim-level
 * photos, per-item photos, package photos, the signature (as the claim record lists them).
 */
export function buildClaimDeliveryInput(source: {
  claim: Claim;
  customer: { name: string; email: string };
  shipments: readonly { id: string; phase: ShipmentPhase }[];
  draft: Pick<ClaimDraft, 'upload_ids' | 'selected_items' | 'package_upload_ids' | 'signature_upload_id'>;
  uploads: ReadonlyMap<string, { content_type: string; size?: number | null }>;
}): ClaimDeliveryInput {
  const { claim, draft, uploads } = source;
  const attachment = (id: string, kind: AttachmentKind, sku: string | null): ClaimAttachment => ({
    id,
    kind,
    sku,
    contentType: uploads.get(id)?.content_type ?? 'application/octet-stream',
    size: uploads.get(id)?.size ?? null,
  });
  const shipment = source.shipments.find((s) => s.id === claim.shipment_id) ?? source.shipments[0];
  return {
    claim,
    customer: source.customer,
    shipmentPhase: shipment?.phase ?? null,
    attachments: [
      ...(draft.upload_ids ?? []).map((id) => attachment(id, 'photo', null)),
      ...draft.selected_items.flatMap((item) => (item.upload_ids ?? []).map((id) => attachment(id, 'photo', item.sku))),
      ...(draft.package_upload_ids ?? []).map((id) => attachment(id, 'package_photo', null)),
      ...(draft.signature_upload_id ? [attachment(draft.signature_upload_id, 'signature', null)] : []),
    ],
  };
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
};

/** A SKU made safe for a file name: letters, digits, `-` and `_`, at most 40 characters. */
function fileSafe(value: string): string {
  return (
    value
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'item'
  );
}

/**
 * Stable, readable, language-neutral names: `photo-1.jpg`, `photo-SKU-123-1.jpg`,
 * `package-1.png`, `signature.png`. Numbered per kind (and per item) in claim order.
 */
export function attachmentFileNames(attachments: readonly ClaimAttachment[]): string[] {
  const counters = new Map<string, number>();
  return attachments.map((attachment) => {
    const extension = EXTENSIONS[attachment.contentType] ?? 'bin';
    if (attachment.kind === 'signature') return `signature.${extension}`;
    const stem =
      attachment.kind === 'package_photo' ? 'package' : attachment.sku ? `photo-${fileSafe(attachment.sku)}` : 'photo';
    const n = (counters.get(stem) ?? 0) + 1;
    counters.set(stem, n);
    return `${stem}-${n}.${extension}`;
  });
}
