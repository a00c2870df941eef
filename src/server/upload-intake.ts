import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { fileTypeFromBuffer } from 'file-type';
import { ALLOWED_UPLOAD_TYPES, type UploadContentType } from '../core/session.js';
import type { ServerContext } from './context.js';
import type { Queryable } from './db/database.js';
import { ApiError } from './errors.js';
import { firstFilePart, readHead } from './multipart-file.js';
import {
  commitUploadBytes,
  releaseUploadSlot,
  reserveUploadSlot,
  uploadLimitReached,
  type UploadOwner,
} from './upload-quota.js';

/** Room for multipart boundaries and part headers around the file itself. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** What file-type reads to recognise every type we accept (its own "reasonable detection size"). */
const SNIFF_BYTES = 4100;

export interface StoredUpload {
  id: string;
  contentType: UploadContentType;
  size: number;
}

export function uploadTooLarge(ctx: Pick<ServerContext, 'uploadLimitBytes'>): ApiError {
  return new ApiError(413, 'upload_too_large', [
    { loc: ['body', 'file'], msg: `at most ${ctx.uploadLimitBytes} bytes`, type: 'too_large' },
  ]);
}

function uploadMissing(msg = 'expected multipart/form-data with a non-empty file in the field "file"'): ApiError {
  return new ApiError(400, 'upload_missing', [{ loc: ['body', 'file'], msg, type: 'missing' }]);
}

/**
 * One evidence file from a multipart request, streamed to storage as it arrives: the type is
 * decided by the first bytes, the size limit is enforced while streaming, and the session's and
 * order's caps are taken atomically in the database. Whatever goes wrong (refused type, too
 * large, the client went away), nothing stays in storage and the reserved slot is given back.
 */
export async function receiveUpload(
  ctx: ServerContext,
  request: Request,
  owner: UploadOwner & { shopId: string },
): Promise<StoredUpload> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !request.body) throw uploadMissing();
  const declared = Number(request.headers.get('content-length') ?? 0);
  // Refuse obviously oversized bodies before reading them.
  if (declared > ctx.uploadLimitBytes + MULTIPART_OVERHEAD_BYTES) throw uploadTooLarge(ctx);

  const room = await ctx.db.transaction((tx) => reserveUploadSlot(tx, owner, ctx.uploadQuota));
  let source: Readable | undefined;
  let stopWatching = () => {};
  const id = randomUUID();
  try {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 20 },
      });
    } catch {
      throw uploadMissing();
    }
    source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
    // A client that disconnects mid-body does not always error the body stream (it may just stop):
    // the request's signal is what says so, and failing the source runs the cleanup below.
    const broken = source;
    stopWatching = watchAbort(request.signal, () => broken.destroy(new Error('the client went away')));
    const file = await firstFilePart(
      capped(source, ctx.uploadLimitBytes + MULTIPART_OVERHEAD_BYTES, () => uploadTooLarge(ctx)),
      parser,
      () => uploadMissing(),
    );
    const head = await readHead(file, SNIFF_BYTES);
    if (head.length === 0) throw uploadMissing();
    // The bytes decide, not the name or the declared type: `photo.jpg` holding a program is refused.
    const detected = await fileTypeFromBuffer(head);
    const type = detected?.mime as UploadContentType | undefined;
    if (!type || !ALLOWED_UPLOAD_TYPES.includes(type)) {
      throw new ApiError(415, 'upload_type_not_allowed', [
        { loc: ['body', 'file'], msg: `detected ${detected?.mime ?? 'unknown'} content`, type: 'unsupported_type' },
      ]);
    }
    const limit = Math.min(ctx.uploadLimitBytes, room.bytesLeft);
    let size = 0;
    let refusal: ApiError | undefined;
    async function* counted() {
      yield* limitChunk(head);
      for await (const chunk of file as AsyncIterable<Buffer>) yield* limitChunk(chunk);
    }
    function* limitChunk(chunk: Buffer) {
      size += chunk.length;
      if (size > limit) {
        refusal =
          size > ctx.uploadLimitBytes ? uploadTooLarge(ctx) : uploadLimitReached(room.scope, 'bytes', room.maxBytes);
        throw refusal;
      }
      yield chunk;
    }
    try {
      await ctx.blobs.putStream(id, Readable.from(counted(), { objectMode: false }));
    } catch (error) {
      if (refusal) throw refusal;
      if (error instanceof ApiError) throw error;
      // The client went away mid-file: nobody reads this answer, but it is not our fault (no 500).
      if (source.errored) throw uploadMissing('the upload broke off before the file was complete');
      throw error;
    }
    try {
      await ctx.db.transaction(async (tx) => {
        await commitUploadBytes(tx, owner, ctx.uploadQuota, size);
        await tx.query(
          'INSERT INTO uploads (id, shop_id, order_id, session_id, content_type, size, storage_key) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [id, owner.shopId, owner.orderId, owner.sessionId, type, size, id],
        );
      });
    } catch (error) {
      await ctx.blobs.delete(id);
      throw error;
    }
    return { id, contentType: type, size };
  } catch (error) {
    // Stop reading a refused body; the server drains or drops the rest after answering.
    source?.unpipe();
    source?.destroy();
    await releaseUploadSlot(ctx.db, owner).catch((release: unknown) =>
      ctx.log(`upload slot not released: ${String(release)}`),
    );
    throw error;
  } finally {
    stopWatching();
  }
}

function watchAbort(signal: AbortSignal, onAbort: () => void): () => void {
  if (signal.aborted) {
    onAbort();
    return () => {};
  }
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

export interface StoredUploadRow {
  id: string;
  content_type: string;
  size: number;
  storage_key: string;
}

/** Stored uploads by id (unknown ids are left out): what a delivery attaches to a claim. */
export async function findUploads(db: Queryable, ids: string[]): Promise<StoredUploadRow[]> {
  if (ids.length === 0) return [];
  return db.query<StoredUploadRow>(
    'SELECT id, content_type, size, storage_key FROM uploads WHERE id = ANY($1::uuid[])',
    [ids],
  );
}

/** Errors out a stream that passes `max` bytes, so a body without Content-Length cannot run on. */
function capped(source: Readable, max: number, tooLarge: () => Error): Readable {
  let total = 0;
  source.on('data', (chunk: Buffer) => {
    total += chunk.length;
    if (total > max) source.destroy(tooLarge());
  });
  return source;
}
