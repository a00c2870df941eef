import {
  SUMMARY_DEFAULT_DAYS,
  SUMMARY_MAX_DAYS,
  type ClaimsSummary,
  type ClaimsViewFilter,
} from '../core/claims-view.js';
import { FLOW_TYPES, type FlowType } from '../core/flows.js';
import { RESOLUTION_PREFERENCES, type ResolutionPreference } from '../core/resolve-settings.js';
import { countClaims, nextDay } from './claims-query.js';
import type { Queryable } from './db/database.js';
import { ApiError } from './errors.js';
import type { Shop } from './shops.js';

const DAY_MS = 86_400_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * The days a summary covers: `created_from`–`created_to` when given, else up to today (UTC) and
 * back SUMMARY_DEFAULT_DAYS days. More than SUMMARY_MAX_DAYS days is a `422`, so the answer stays small.
 */
export function summaryRange(filter: ClaimsViewFilter, now = new Date()): { from: string; to: string } {
  const today = dayOf(now.getTime());
  const to = filter.created_to ?? (filter.created_from && filter.created_from > today ? filter.created_from : today);
  const from = filter.created_from ?? dayOf(Date.parse(`${to}T00:00:00Z`) - (SUMMARY_DEFAULT_DAYS - 1) * DAY_MS);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > SUMMARY_MAX_DAYS)
    throw new ApiError(422, 'validation_failed', [
      { loc: ['query', 'created_from'], msg: `the summary covers at most ${SUMMARY_MAX_DAYS} days`, type: 'too_big' },
    ]);
  return { from, to };
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/** The filter's claims at a glance: per day and flow type, per preference, and how many have a parked job. */
export async function summarizeClaims(
  db: Queryable,
  shop: Shop,
  filter: ClaimsViewFilter,
  now = new Date(),
): Promise<ClaimsSummary> {
  const { from, to } = summaryRange(filter, now);
  const counts = await countClaims(db, shop, { ...filter, created_from: from, created_to: to });
  const days = new Map<string, { date: string; total: number; by_flow_type: Record<FlowType, number> }>();
  for (let day = from; day <= to; day = nextDay(day))
    days.set(day, { date: day, total: 0, by_flow_type: zeros(FLOW_TYPES) });
  const byPreference: Record<ResolutionPreference, number> = zeros(RESOLUTION_PREFERENCES);
  const byFlow: Record<FlowType, number> = zeros(FLOW_TYPES);
  let total = 0;
  let parked = 0;
  for (const row of counts) {
    const day = days.get(row.day);
    if (day) {
      day.total += row.total;
      day.by_flow_type[row.flow_type] += row.total;
    }
    byPreference[row.resolution_preference] += row.total;
    byFlow[row.flow_type] += row.total;
    total += row.total;
    parked += row.parked;
  }
  return {
    from,
    to,
    total,
    days: [...days.values()],
    by_resolution_preference: byPreference,
    by_flow_type: byFlow,
    parked,
  };
}
