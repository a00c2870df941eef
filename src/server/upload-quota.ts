import type { Queryable } from './db/database.js';
import { ApiError } from './errors.js';

/**
 * How much evidence one customer session and one order may collect. Held in the database
 * (`upload_usage`), changed only by single atomic statements, so the caps hold for any number of
 * concurrent uploads and API processes.
 */
export interface UploadQuota {
  maxFilesPerSession: number;
  maxBytesPerSession: number;
  maxFilesPerOrder: number;
  maxBytesPerOrder: number;
}

// 80 files cover a claim's photos (MAX_UPLOADS_PER_CLAIM) with room for retakes; an order is
// claimed a few times at most, so it gets a few sessions' worth. Bytes: 15 MB photos, but few of them.
export const DEFAULT_UPLOAD_QUOTA: UploadQuota = {
  maxFilesPerSession: 80,
  maxBytesPerSession: 250 * 1024 * 1024,
  maxFilesPerOrder: 200,
  maxBytesPerOrder: 1024 * 1024 * 1024,
};

export interface UploadOwner {
  sessionId: string;
  orderId: string;
}

export type Scope = 'session' | 'order';

/** The byte room a reserved file has, and the cap that sets it: a file passing it is refused by that cap. */
export interface ByteRoom {
  bytesLeft: number;
  scope: Scope;
  maxBytes: number;
}

const scopes = (owner: UploadOwner, quota: UploadQuota) =>
  [
    {
      scope: 'session' as Scope,
      id: owner.sessionId,
      maxFiles: quota.maxFilesPerSession,
      maxBytes: quota.maxBytesPerSession,
    },
    { scope: 'order' as Scope, id: owner.orderId, maxFiles: quota.maxFilesPerOrder, maxBytes: quota.maxBytesPerOrder },
  ] as const;

export function uploadLimitReached(scope: Scope, what: 'files' | 'bytes', max: number): ApiError {
  const unit = what === 'files' ? 'files' : 'bytes';
  return new ApiError(422, 'upload_limit_reached', [
    { loc: ['body', 'file'], msg: `at most ${max} ${unit} per ${scope}`, type: `${scope}_${what}_limit` },
  ]);
}

/**
 * Takes one file slot in the session and in the order, or refuses with `upload_limit_reached`.
 * Returns how many bytes the file may still have before a byte cap is passed, and which cap that is
 * (the refusal names it). Run inside a transaction: a refusal by the order rolls the session's slot back.
 */
export async function reserveUploadSlot(tx: Queryable, owner: UploadOwner, quota: UploadQuota): Promise<ByteRoom> {
  let room: ByteRoom | undefined;
  for (const { scope, id, maxFiles, maxBytes } of scopes(owner, quota)) {
    // The row lock ON CONFLICT takes makes concurrent reservations queue: each sees the last count.
    const [row] = await tx.query<{ files: number; bytes: string }>(
      `INSERT INTO upload_usage (scope, scope_id, files) VALUES ($1, $2, 1)
       ON CONFLICT (scope, scope_id) DO UPDATE SET files = upload_usage.files + 1, updated_at = now()
         WHERE upload_usage.files < $3 AND upload_usage.bytes < $4
       RETURNING files, bytes::text AS bytes`,
      [scope, id, maxFiles, maxBytes],
    );
    if (!row) {
      const [usage] = await tx.query<{ files: number }>(
        'SELECT files FROM upload_usage WHERE scope = $1 AND scope_id = $2',
        [scope, id],
      );
      throw (usage?.files ?? 0) >= maxFiles
        ? uploadLimitReached(scope, 'files', maxFiles)
        : uploadLimitReached(scope, 'bytes', maxBytes);
    }
    const bytesLeft = maxBytes - Number(row.bytes);
    if (!room || bytesLeft < room.bytesLeft) room = { bytesLeft, scope, maxBytes };
  }
  if (!room) throw new Error('no upload scope');
  return room;
}

/**
 * Adds a stored file's bytes to its session and order, or refuses when that passes a byte cap
 * (concurrent uploads may have used the room). Run in the transaction that records the upload.
 */
export async function commitUploadBytes(
  tx: Queryable,
  owner: UploadOwner,
  quota: UploadQuota,
  size: number,
): Promise<void> {
  for (const { scope, id, maxBytes } of scopes(owner, quota)) {
    const updated = await tx.query(
      `UPDATE upload_usage SET bytes = bytes + $3, updated_at = now()
       WHERE scope = $1 AND scope_id = $2 AND bytes + $3 <= $4 RETURNING 1`,
      [scope, id, size, maxBytes],
    );
    if (updated.length === 0) throw uploadLimitReached(scope, 'bytes', maxBytes);
  }
}

/** Gives a reserved slot back: the upload was refused, too large, or aborted. */
export async function releaseUploadSlot(db: Queryable, owner: UploadOwner): Promise<void> {
  // Session first, then order: the order reservations lock rows in, so none waits on another.
  for (const [scope, id] of [
    ['session', owner.sessionId],
    ['order', owner.orderId],
  ] as const) {
    await db.query(
      'UPDATE upload_usage SET files = files - 1, updated_at = now() WHERE scope = $1 AND scope_id = $2 AND files > 0',
      [scope, id],
    );
  }
}
