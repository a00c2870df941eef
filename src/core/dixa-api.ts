import * as z from 'zod/mini';

/**
 * The parts of the Dixa API (`https://dev.dixa.io/v1`) that claim delivery uses: what we send,
 * checked before it leaves, and what we read back, parsed loosely. Errors are `{"message": "..."}`.
 * See shared/reference/helpdesk-apis.md.
 */

export const DIXA_API_ORIGIN = 'https://dev.dixa.io';

/** `{data: ...}` and `{data: [...], meta?}`, Dixa's envelopes. */
export const dixaDataSchema = <T extends z.ZodMiniType>(item: T) => z.looseObject({ data: item });
/**
 * Lists carry `meta.next` (and `meta.previous`) when there are more pages: a link whose `pageKey`
 * query parameter asks for the next page (`?pageKey=…&pageLimit=…`).
 */
export const dixaListSchema = <T extends z.ZodMiniType>(item: T) =>
  z.looseObject({
    data: z.array(item),
    meta: z.optional(z.nullable(z.looseObject({ next: z.optional(z.nullable(z.string())) }))),
  });

/** The `pageKey` of a list's `meta.next` link, or undefined on the last page. */
export function dixaNextPageKey(next: string | null | undefined): string | undefined {
  if (!next) return undefined;
  try {
    return new URL(next, DIXA_API_ORIGIN).searchParams.get('pageKey') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Conversation ids are int64: JSON numbers (well within 2^53 in practice), kept as strings by us. */
const conversationIdSchema = z.union([z.int(), z.string().check(z.regex(/^\d+$/))]);

export const dixaContactEndpointSchema = z.looseObject({
  _type: z.string(),
  address: z.optional(z.string()),
  name: z.optional(z.nullable(z.string())),
  senderOverride: z.optional(z.nullable(z.string())),
});
export type DixaContactEndpoint = z.infer<typeof dixaContactEndpointSchema>;

export const dixaEndUserSchema = z.looseObject({
  id: z.string(),
  email: z.optional(z.nullable(z.string())),
  displayName: z.optional(z.nullable(z.string())),
});

/** `POST /v1/endusers`. */
export const dixaEndUserInputSchema = z.object({
  displayName: z.string(),
  email: z.string(),
  firstName: z.optional(z.string()),
  lastName: z.optional(z.string()),
  phoneNumber: z.optional(z.string()),
  externalId: z.optional(z.string()),
});

export const dixaAttachmentInputSchema = z.object({
  url: z.string(),
  prettyName: z.optional(z.string()),
});

/** `POST /v1/conversations` for an inbound email. The message `externalId` makes retries safe. */
export const dixaConversationInputSchema = z.object({
  _type: z.literal('Email'),
  requesterId: z.string(),
  emailIntegrationId: z.string(),
  subject: z.string(),
  language: z.optional(z.string()),
  message: z.object({
    _type: z.literal('Inbound'),
    content: z.object({ _type: z.enum(['Html', 'Text']), value: z.string() }),
    attachments: z.array(dixaAttachmentInputSchema),
    externalId: z.optional(z.string()),
  }),
});
export type DixaConversationInput = z.infer<typeof dixaConversationInputSchema>;

export const dixaCreatedConversationSchema = dixaDataSchema(z.looseObject({ id: conversationIdSchema }));

/** `GET /v1/endusers/{id}/conversations` entries. */
export const dixaConversationSummarySchema = z.looseObject({
  id: conversationIdSchema,
  channel: z.optional(z.string()),
  createdAt: z.optional(z.string()),
});

/** `GET /v1/conversations/{id}/messages` entries (the documented fields we rely on). */
export const dixaMessageSchema = z.looseObject({
  id: z.optional(z.string()),
  externalId: z.optional(z.nullable(z.string())),
});

/**
 * An option of a Select attribute. Options may nest (`nestedOptions`, e.g. "Damage" → "Broken in
 * transit"); a nested choice is set as the path of option values from the top level down.
 */
export interface DixaSelectOption {
  value: string;
  label?: string | undefined;
  isDeactivated?: boolean | undefined;
  nestedOptions?: DixaSelectOption[] | undefined;
  [key: string]: unknown;
}
export const dixaSelectOptionSchema: z.ZodMiniType<DixaSelectOption> = z.looseObject({
  value: z.string(),
  label: z.optional(z.string()),
  isDeactivated: z.optional(z.boolean()),
  get nestedOptions() {
    return z.optional(z.array(dixaSelectOptionSchema));
  },
});

/** `GET /v1/custom-attributes` entries. */
export const dixaCustomAttributeSchema = z.looseObject({
  id: z.string(),
  entityType: z.string(),
  identifier: z.optional(z.string()),
  label: z.string(),
  isDeactivated: z.optional(z.boolean()),
  isArchived: z.optional(z.boolean()),
  inputDefinition: z.looseObject({
    _type: z.string(),
    options: z.optional(z.array(dixaSelectOptionSchema)),
  }),
});
export type DixaCustomAttribute = z.infer<typeof dixaCustomAttributeSchema>;

/** `GET /v1/agents` entries (the documented fields the settings screen shows). */
export const dixaAgentSchema = z.looseObject({
  id: z.string(),
  displayName: z.optional(z.nullable(z.string())),
  email: z.optional(z.nullable(z.string())),
});
export type DixaAgentRecord = z.infer<typeof dixaAgentSchema>;

export const dixaTagsBulkInputSchema = z.object({
  data: z.array(z.object({ name: z.string() })).check(z.minLength(1)),
});
export const dixaClaimInputSchema = z.object({ agentId: z.string(), force: z.boolean() });
export const dixaCustomAttributesPatchSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

export const dixaErrorSchema = z.looseObject({ message: z.string() });
