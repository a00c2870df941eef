import type { EmbedMessage } from '../core/embed-messages.js';
import type * as MessageCheck from './embed-message-check.js';
import { parseOrigin } from '../core/urls.js';

/**
 * The Resolve flow's side of the overlay (see src/core/embed-messages.ts): when the flow runs in
 * the embed's overlay (`?embed=overlay&parentOrigin=…`), it tells the merchant's page about the
 * submitted claim, or asks it to close the overlay. Messages go to that one origin only, never
 * `*`, so no other page can read them, and are checked against the shared schema before sending
 * (loaded with zod on the first message, not in the flow's first load).
 */

/** `EMBED_MESSAGE_SOURCE` (core/embed-messages.ts), here so that module and zod stay out of the first load. */
const SOURCE = 'karla-resolve' satisfies EmbedMessage['source'];
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
  let check: Promise<typeof MessageCheck> | undefined;
  const post = (message: EmbedMessage) => {
    if (!embedded || !parentOrigin) return;
    // One promise for every message, so they leave in the order they were posted.
    check ??= import('./embed-message-check.js');
    void check.then(({ checkEmbedMessage }) => {
      const checked = checkEmbedMessage(message);
      if (checked) win.parent.postMessage(checked, parentOrigin);
    });
  };
  return {
    embedded,
    claimSubmitted: (claim) =>
      post({
        source: SOURCE,
        type: 'claim:submitted',
        claim: { uuid: claim.uuid, order_number: claim.order_number, status: claim.status },
      }),
    close: () => post({ source: SOURCE, type: 'close' }),
  };
}
