import { gorgiasFileSize, gorgiasUploadResponseSchema, type GorgiasAttachment } from '../../../core/gorgias-api.js';
import { DeliveryError } from '../errors.js';
import type { Checkpoints } from '../exactly-once.js';
import { attachmentFileNames, type ClaimDeliveryInput, type ClaimFileAccess } from '../input.js';
import type { DeliveryWarning } from '../progress.js';
import { gorgiasFailure, parseGorgiasAnswer, type GorgiasClient } from './client.js';

/**
 * Uploads every file not uploaded by an earlier attempt, checkpointing after each, and returns the
 * attachments in claim order. A file Gorgias refuses as too large (413) is linked in the message
 * instead; a file gone from storage is left out with a warning (the claim still goes through).
 */
export async function uploadAttachments(
  client: GorgiasClient,
  input: ClaimDeliveryInput,
  files: ClaimFileAccess,
  checkpoints: Checkpoints,
  warnings: DeliveryWarning[],
): Promise<GorgiasAttachment[]> {
  const names = attachmentFileNames(input.attachments);
  const result: GorgiasAttachment[] = [];
  for (const [index, attachment] of input.attachments.entries()) {
    const name = names[index] ?? `file-${index + 1}`;
    const earlier = checkpoints.progress.uploaded?.[attachment.id];
    if (earlier === 'too_large') continue;
    if (earlier) {
      result.push(earlier);
      continue;
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = await files.read(attachment.id);
    } catch (error) {
      throw new DeliveryError({
        kind: 'attachment',
        key: 'attachment_unavailable',
        message: `reading ${name} failed`,
        cause: error,
      });
    }
    if (!bytes) {
      warnings.push({ code: 'attachment_missing', message: `${name} is no longer in storage and was left out` });
      continue;
    }
    const form = new FormData();
    // Gorgias labels an uploaded file with the multipart field's name, not the part's file name.
    form.append(name, new Blob([new Uint8Array(bytes)], { type: attachment.contentType }), name);
    const label = 'POST /api/upload';
    const response = await client.request('POST', 'api/upload', {
      query: { type: 'attachment' },
      form,
      timeoutMs: 60_000,
    });
    let uploaded: GorgiasAttachment | 'too_large';
    if (response.status === 413) {
      warnings.push({
        code: 'attachment_too_large',
        message: `${name} is too large for Gorgias and is linked instead`,
      });
      uploaded = 'too_large';
    } else if (response.status === 201 || response.status === 200) {
      const [file] = parseGorgiasAnswer(gorgiasUploadResponseSchema, response, label);
      if (!file)
        throw new DeliveryError({
          kind: 'unexpected',
          key: 'delivery_unexpected_response',
          message: `${label}: empty answer`,
        });
      // Our own file name: Gorgias's label is whatever it made of the field name.
      uploaded = { url: file.url, name, content_type: file.content_type, size: gorgiasFileSize(file) };
      result.push(uploaded);
    } else {
      throw gorgiasFailure(response, label);
    }
    await checkpoints.save({ uploaded: { ...checkpoints.progress.uploaded, [attachment.id]: uploaded } });
  }
  return result;
}
