import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

/**
 * Compressed bodies for what the hosts serve browsers (the flow's and the portal's shells and
 * hashed assets). On a phone's 1.6 Mbit/s the flow's first load is three times faster gzipped
 * than raw, so no host should depend on a proxy in front of it to do this.
 */
export type ContentEncoding = 'br' | 'gzip';

/** Smaller than this, the headers cost more than compression saves. */
const MIN_BYTES = 512;

/** The encoding to answer with for this `Accept-Encoding`: brotli, else gzip, else none. */
export function pickEncoding(acceptEncoding: string | undefined): ContentEncoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const allows = (name: ContentEncoding) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return undefined;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * `body` in `encoding` at the best level, for immutable files compressed once and kept. Brotli at
 * quality 11 takes about 100 ms for the flow's bundle: zlib's asynchronous API does it on libuv's
 * thread pool, so the first requests after a start do not stall every other request meanwhile.
 */
export async function compressBest(
  body: Uint8Array<ArrayBuffer>,
  encoding: ContentEncoding,
): Promise<Uint8Array<ArrayBuffer>> {
  if (encoding === 'gzip') return new Uint8Array(await gzipAsync(body, { level: 9 }));
  return new Uint8Array(
    await brotliAsync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  );
}

/** `body` in `encoding` at a fast level, for a page written per request (a few KB: well under 1 ms). */
function compressFast(body: Uint8Array<ArrayBuffer>, encoding: ContentEncoding): Uint8Array<ArrayBuffer> {
  if (encoding === 'gzip') return new Uint8Array(gzipSync(body, { level: 6 }));
  return new Uint8Array(
    brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  );
}

/** Whether a body of this type and size is worth compressing (text, not tiny). */
export function worthCompressing(contentType: string, bytes: number): boolean {
  return bytes >= MIN_BYTES && /^(text\/|application\/(json|javascript))/.test(contentType);
}

/**
 * A text answer compressed for the client: the body and the headers to add (`Content-Encoding`,
 * `Vary: Accept-Encoding`, also when it is sent as is, so caches keep the variants apart).
 */
export function encodeText(
  text: string,
  contentType: string,
  acceptEncoding: string | undefined,
): { body: Uint8Array<ArrayBuffer> | string; headers: Record<string, string> } {
  const raw = new TextEncoder().encode(text);
  const encoding = worthCompressing(contentType, raw.length) ? pickEncoding(acceptEncoding) : undefined;
  if (!encoding) return { body: text, headers: { Vary: 'Accept-Encoding' } };
  return {
    body: compressFast(raw, encoding),
    headers: { 'Content-Encoding': encoding, Vary: 'Accept-Encoding' },
  };
}
