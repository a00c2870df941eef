import * as z from 'zod/mini';

/**
 * The parts of the Gorgias REST API (`https://{account}.gorgias.com/api/`) that claim delivery
 * uses: what we send, checked before it leaves, and what we read back, parsed loosely (Gorgias
 * adds fields; we only rely on the ones named here). See shared/reference/helpdesk-apis.md.
 */

export const GORGIAS_MAX_SUBJECT = 998;
export const GORGIAS_MAX_EXTERNAL_ID = 255;
export const GORGIAS_MAX_MESSAGES = 500;

/** An uploaded file as `POST /api/upload` returns it and as a message attachment refers to it. */
export const gorgiasAttachmentSchema = z.object({
  url: z.string(),
  name: z.string(),
  content_type: z.string(),
  size: z.number(),
});
export type GorgiasAttachment = z.infer<typeof gorgiasAttachmentSchema>;

/**
 * One uploaded file as `POST /api/upload` answers it. Gorgias's file-object reference types `size`
 * as an integer while its own example shows a string (`"784554"`): both are accepted. `name` is
 * Gorgias's label for the file, which it takes from the multipart field name.
 */
export const gorgiasUploadedFileSchema = z.looseObject({
  url: z.string(),
  name: z.optional(z.string()),
  content_type: z.string(),
  size: z.union([z.int().check(z.nonnegative()), z.string().check(z.regex(/^\d+$/))]),
});
export type GorgiasUploadedFile = z.infer<typeof gorgiasUploadedFileSchema>;

/** `POST /api/upload?type=attachment` → 201 with one entry per file part. */
export const gorgiasUploadResponseSchema = z.array(gorgiasUploadedFileSchema).check(z.minLength(1));

/** The byte count of an uploaded file, whichever way Gorgias wrote it. */
export const gorgiasFileSize = (file: Pick<GorgiasUploadedFile, 'size'>): number =>
  typeof file.size === 'number' ? file.size : Number(file.size);

/** Gorgias lists at most 100 items per page (`limit`), cursor-paginated. */
export const GORGIAS_MAX_PAGE_SIZE = 100;

const person = z.object({ email: z.string().check(z.minLength(3), z.maxLength(320)), name: z.optional(z.string()) });

export const gorgiasMessageInputSchema = z.object({
  channel: z.string(),
  via: z.string(),
  /** false: the message is the customer's, not an agent's. */
  from_agent: z.boolean(),
  sender: person,
  subject: z.optional(z.string().check(z.maxLength(GORGIAS_MAX_SUBJECT))),
  body_text: z.string(),
  body_html: z.string(),
  attachments: z.array(gorgiasAttachmentSchema),
});

export const gorgiasCustomFieldValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** `POST /api/tickets`. `external_id` is ours (the claim uuid); Gorgias does not deduplicate on it. */
export const gorgiasTicketInputSchema = z.object({
  channel: z.string(),
  via: z.string(),
  from_agent: z.boolean(),
  customer: person,
  subject: z.string().check(z.maxLength(GORGIAS_MAX_SUBJECT)),
  external_id: z.string().check(z.maxLength(GORGIAS_MAX_EXTERNAL_ID)),
  language: z.optional(z.string()),
  tags: z.array(z.object({ name: z.string() })),
  custom_fields: z.array(z.object({ id: z.int(), value: gorgiasCustomFieldValueSchema })),
  meta: z.record(z.string(), z.unknown()),
  messages: z.array(gorgiasMessageInputSchema).check(z.minLength(1), z.maxLength(GORGIAS_MAX_MESSAGES)),
});
export type GorgiasTicketInput = z.infer<typeof gorgiasTicketInputSchema>;

export const gorgiasTicketSchema = z.looseObject({
  id: z.int(),
  uri: z.optional(z.string()),
  external_id: z.optional(z.nullable(z.string())),
});
export type GorgiasTicket = z.infer<typeof gorgiasTicketSchema>;

/** Every list answer: `{object: "list", uri, data: [...], meta: {prev_cursor, next_cursor}}`. */
export const gorgiasListSchema = <T extends z.ZodMiniType>(item: T) =>
  z.looseObject({
    data: z.array(item),
    meta: z.optional(z.nullable(z.looseObject({ next_cursor: z.optional(z.nullable(z.string())) }))),
  });

/** `GET /api/custom-fields?object_type=Ticket` entries. */
export const gorgiasCustomFieldSchema = z.looseObject({
  id: z.int(),
  label: z.string(),
  object_type: z.optional(z.string()),
  deactivated_datetime: z.optional(z.nullable(z.string())),
  definition: z.looseObject({
    data_type: z.string(),
    input_settings: z.optional(
      z.looseObject({
        input_type: z.optional(z.string()),
        choices: z.optional(z.array(gorgiasCustomFieldValueSchema)),
      }),
    ),
  }),
});
export type GorgiasCustomField = z.infer<typeof gorgiasCustomFieldSchema>;

export const gorgiasAccountSchema = z.looseObject({ domain: z.optional(z.string()) });

/** `{"error": {"msg": "...", "data": {"field": ["problem"]}}}`: parse defensively. */
export const gorgiasErrorSchema = z.looseObject({
  error: z.looseObject({ msg: z.optional(z.string()), data: z.optional(z.unknown()) }),
});
