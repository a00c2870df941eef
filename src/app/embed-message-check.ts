import * as z from 'zod/mini';
import { embedMessageSchema, type EmbedMessage } from '../core/embed-messages.js';

/** An overlay message as the shared schema lets it out (unknown keys dropped), or undefined. */
export function checkEmbedMessage(message: EmbedMessage): EmbedMessage | undefined {
  const checked = z.safeParse(embedMessageSchema, message);
  return checked.success ? checked.data : undefined;
}
