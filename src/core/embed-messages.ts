import * as z from 'zod/mini';

/**
 * Messages between the Resolve flow in an overlay iframe and the embed on the merchant's page.
 * Both sides check origins: the flow posts only to the parent origin it was opened for
 * (`parentOrigin` in its URL), the embed accepts only messages from the app origin and from its own
 * iframe's window. The payload is parsed with this schema either way.
 */
export const EMBED_MESSAGE_SOURCE = 'karla-resolve';

export const embedMessageSchema = z.discriminatedUnion('type', [
  z.object({
    source: z.literal(EMBED_MESSAGE_SOURCE),
    type: z.literal('claim:submitted'),
    claim: z.object({
      uuid: z.uuid(),
      order_number: z.string().check(z.maxLength(64)),
      status: z.string().check(z.maxLength(32)),
    }),
  }),
  z.object({ source: z.literal(EMBED_MESSAGE_SOURCE), type: z.literal('close') }),
]);
export type EmbedMessage = z.infer<typeof embedMessageSchema>;
