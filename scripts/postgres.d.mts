/** Types for scripts/postgres.mjs (plain Node ESM so it runs without a build step). */
export interface TemporaryPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/<database>` */
  url: string;
  stop(): Promise<void>;
}

export function findPostgresBin(): string | undefined;
export function startTemporaryPostgres(options?: { database?: string }): Promise<TemporaryPostgres>;
