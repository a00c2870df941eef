import * as z from 'zod/mini';
import type { DeliveryFailure } from './errors.js';

/**
 * What earlier attempts of one delivery achieved. The worker stores it with the delivery (a JSON
 * column), passes it into every attempt and persists each checkpoint the connector reports
 * before the connector goes on. That is what makes delivery exactly-once:
 *
 * - `create_sent_at` is checkpointed *before* the create request leaves. An attempt that then
 *   dies (timeout, dropped connection, 5xx, crash) leaves it set, so the next attempt looks for
 *   the ticket / conversation first instead of creating a second one.
 * - `remote_id` is checkpointed as soon as the create answers: later attempts never create again.
 * - Uploads and follow-up steps are remembered so a retry redoes only what is missing.
 *
 * Read back from the database, it is parsed with this schema (an unreadable value counts as
 * "nothing known yet", which is safe: the create-first lookup still runs when attempts > 1).
 */
const uploadedFileSchema = z.object({
  url: z.string(),
  name: z.string(),
  content_type: z.string(),
  size: z.number(),
});

export const deliveryProgressSchema = z.object({
  remote_id: z.optional(z.string()),
  remote_url: z.optional(z.nullable(z.string())),
  create_sent_at: z.optional(z.string()),
  /** Gorgias: attachment id → the uploaded file, or `too_large` when Gorgias refused it. */
  uploaded: z.optional(z.record(z.string(), z.union([uploadedFileSchema, z.literal('too_large')]))),
  /** Dixa: the end user the conversation is for. */
  end_user_id: z.optional(z.string()),
  /** Follow-up steps already done on the created object. */
  steps: z.optional(z.array(z.enum(['tags', 'attributes', 'assigned']))),
  /** Webhooks: the receiver's HTTP status when it accepted the event (merchants see it per delivery). */
  answer_status: z.optional(z.int()),
});
export type DeliveryProgress = z.infer<typeof deliveryProgressSchema>;
export type UploadedFile = z.infer<typeof uploadedFileSchema>;

export function parseDeliveryProgress(value: unknown): DeliveryProgress {
  const parsed = z.safeParse(deliveryProgressSchema, value);
  return parsed.success ? parsed.data : {};
}

/** What every connector call gets from the worker besides the claim and the settings. */
export interface AttemptContext {
  /** The progress stored with the delivery ({} on the first attempt). */
  progress: DeliveryProgress;
  /** 1 on the first attempt. With attempt > 1 and no progress, connectors look before creating. */
  attempt: number;
  /**
   * Persist the progress before the connector continues; if it throws, the attempt stops (it is
   * never safe to create without having recorded that we are about to).
   */
  checkpoint(progress: DeliveryProgress): Promise<void>;
}

export interface DeliveryWarning {
  /** `custom_field_skipped`, `attachment_too_large`, `tags_failed`, `assign_failed`, … */
  code: string;
  message: string;
}

export interface DeliveryResult {
  remoteId: string;
  /** Where a merchant opens it (Gorgias ticket URL); null when the helpdesk has no stable link. */
  remoteUrl: string | null;
  /** True when an earlier attempt had created it and this one found it. */
  recovered: boolean;
  progress: DeliveryProgress;
  warnings: DeliveryWarning[];
}

export type { DeliveryFailure };
