/**
 * The one storage seam: the same SQL runs on embedded PGlite (the default) and on PostgreSQL
 * through `pg` (with DATABASE_URL). Parameters are always bound, never interpolated.
 */
export type SqlValue = string | number | boolean | null | Date | Uint8Array | Record<string, unknown> | unknown[];

export interface Queryable {
  query<Row extends object>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
