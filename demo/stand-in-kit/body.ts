import type { IncomingMessage } from 'node:http';

/**
 * Request bodies read from Node's request itself (Hono's node-server hands it over as
 * `c.env.incoming`): a stand-in decides when a body is read, refused or drained, as a helpdesk does.
 */

export class BodyTooLarge extends Error {}

/**
 * The whole body, at most `limit` bytes. Past the limit the rest is still read and discarded
 * (up to 8× the limit) so the client sees the 413 instead of a reset while it is still sending.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit * 8) break;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw new BodyTooLarge();
  return Buffer.concat(chunks);
}

/** Reads and discards the rest of a request, so the answer goes out only once the client has finished sending. */
export async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req as AsyncIterable<Buffer>) {
    // discard
  }
}

export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
