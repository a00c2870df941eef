import * as z from 'zod/mini';
import { EMBED_MESSAGE_SOURCE, embedMessageSchema, type EmbedMessage } from '../core/embed-messages.js';
import { parseOrigin } from '../core/urls.js';

/**
 * The Resolve flow's side of the overlay (see src/core/embed-messages.ts): when the flow runs in
 * the embed's overlay (`?embed=overlay&parentOrigin=…`), it tells the merchant's page about the
 * submitted claim, or asks it to close the overlay. Messages go to that one origin only, never
 * `*`, so no other page can read them, and are checked against the shared schema before sending.
 */
export interface EmbedBridge {
  /** Whether the flow runs inside the embed's overlay. */
  readonly embedded: boolean;
  claimSubmitted(claim: { uuid: string; order_number: string; status: string }): void;
  close(): void;
}

export function createEmbedBridge(win: Pick<Window, 'location' | 'parent'> & { readonly self: unknown }): EmbedBridge {
  const params = new URLSearchParams(win.location.search);
  const parentOrigin = params.get('embed') === 'overlay' ? parseOrigin(params.get('parentOrigin')) : undefined;
  const embedded = parentOrigin !== undefined && win.parent !== win.self;
  const post = (message: EmbedMessage) => {
    if (!embedded || !parentOrigin) return;
    const checked = z.safeParse(embedMessageSchema, message);
    if (checked.success) win.parent.postMessage(checked.data, parentOrigin);
  };
  return {
    embedded,
    claimSubmitted: (claim) =>
      post({ source: EMBED_MESSAGE_SOURCE, type: 'claim:submitted', claim: { uuid: claim.uuid, order_number: claim.order_number, status: claim.status } }),
    close: () => post({ source: EMBED_MESSAGE_SOURCE, type: 'close' }),
  };
}
