import * as z from 'zod/mini';
import { FLOW_TYPES } from '../core/flows.js';
import { RESOLUTION_PREFERENCES } from '../core/resolve-settings.js';
import { STEPS, type Answers, type Step } from './plan.js';

/**
 * What the flow keeps on the device between reloads (IndexedDB through the client's draft store):
 * the session answer as the API gave it, where the customer was, and every answer including finished
 * uploads. It is read back through this schema, so a draft from an older version, or one a script
 * tampered with, is dropped rather than trusted.
 */
const photoSchema = z.object({
  id: z.uuid(),
  url: z.optional(z.string().check(z.maxLength(4096))),
  name: z.string().check(z.maxLength(300)),
});

export const savedDraftSchema = z.object({
  version: z.literal(1),
  step: z.enum(STEPS),
  /** How the order was found: a lookup (number + ZIP) or a link token. */
  lookup: z.object({
    orderNumber: z.string().check(z.maxLength(64)),
    zipCode: z.string().check(z.maxLength(16)),
    token: z.optional(z.string().check(z.maxLength(2048))),
  }),
  /** The API's session answer, parsed again by the client on restore. */
  session: z.optional(z.unknown()),
  answers: z.object({
    flowType: z.optional(z.enum(FLOW_TYPES)),
    quantities: z.record(z.string(), z.int().check(z.gte(0))),
    itemPhotos: z.record(z.string(), z.array(photoSchema)),
    packagePhotos: z.array(photoSchema),
    signature: z.optional(photoSchema),
    dropoffPermission: z.optional(z.boolean()),
    description: z.string().check(z.maxLength(20_000)),
    preference: z.optional(z.enum(RESOLUTION_PREFERENCES)),
  }),
  /** A submission the client keeps in its outbox (network trouble at submit time). */
  pendingId: z.optional(z.string().check(z.maxLength(300))),
});
export type SavedDraft = z.infer<typeof savedDraftSchema>;

export function parseSavedDraft(value: unknown): SavedDraft | undefined {
  const parsed = z.safeParse(savedDraftSchema, value);
  return parsed.success ? parsed.data : undefined;
}

export const DRAFT_NAME = 'flow';

export type { Answers, Step };
