import * as z from 'zod/mini';
import { ApiError, issuesToDetails } from './errors.js';
import type { ErrorKey } from './i18n.js';

/** Where a route's input came from, named first in every refusal's `loc`. */
export type InputPlace = 'body' | 'query' | 'path';

/** The fields at fault, by path: a route may give a refusal its own error key from them. */
export type InputIssues = readonly { path: readonly PropertyKey[] }[];

/**
 * The input checked against its shared schema; otherwise `422` naming each field at fault, with
 * the key `errorKey` gives (default `validation_failed`).
 */
export function parseInput<T>(
  schema: z.ZodMiniType<T>,
  value: unknown,
  where: InputPlace,
  errorKey: (issues: InputIssues) => ErrorKey = () => 'validation_failed',
): T {
  const parsed = z.safeParse(schema, value);
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const details = issuesToDetails(issues).map((d) => ({ ...d, loc: [where, ...d.loc.slice(1)] }));
  throw new ApiError(422, errorKey(issues), details);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id in a path: anything else is answered as "not found" before it reaches the database. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
