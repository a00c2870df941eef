import * as z from 'zod/mini';
import { ApiError, issuesToDetails } from './errors.js';

/** Where a route's input came from, named first in every refusal's `loc`. */
export type InputPlace = 'body' | 'query' | 'path';

/** The input checked against its shared schema; otherwise `422 validation_failed` naming each field at fault. */
export function parseInput<T>(schema: z.ZodMiniType<T>, value: unknown, where: InputPlace): T {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const details = issuesToDetails(parsed.error.issues).map((d) => ({ ...d, loc: [where, ...d.loc.slice(1)] }));
  throw new ApiError(422, 'validation_failed', details);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in a path: anything else is answered as "not found" before it reaches the database. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
