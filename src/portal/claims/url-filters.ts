import { CLAIM_REASONS, CLAIM_STATUSES, FLOW_TYPES, type ClaimStatus } from '../../core/claims.js';
import {
  DELIVERY_FILTERS,
  MAX_SEARCH_LENGTH,
  type DeliveryFilter,
  type ExportRowKind,
} from '../../core/claims-view.js';
import type { ClaimReason, FlowType } from '../../core/flows.js';
import { SUPPORTED_LANGUAGES, type Language } from '../../core/languages.js';
import { RESOLUTION_PREFERENCES, type ResolutionPreference } from '../../core/resolve-settings.js';

/**
 * The claims list's filters live in the page's address (`?status=pending&flow_type=defective`), so
 * a link can be shared, a reload keeps them and Back goes to the previous filter. Pure: the page
 * reads and writes the address, this module only translates. Values the portal does not know
 * (an old link, a typo) are dropped rather than sent. The parameters are those of the Claims view
 * API (`claimsViewFilterSchema` of src/core/claims-view.ts), one value each, so the page's query is
 * also the list's, the summary's and the export's.
 */

export interface ClaimFilters {
  /** An order number, the customer's email or name, or a claim reference. */
  q?: string;
  status?: ClaimStatus;
  flow_type?: FlowType;
  resolution_preference?: ResolutionPreference;
  reason?: ClaimReason;
  language?: Language;
  /** Calendar days (`YYYY-MM-DD`), both included. */
  created_from?: string;
  created_to?: string;
  /** Where the claim's deliveries stand, worst first (`parked`: at least one is parked). */
  delivery?: DeliveryFilter;
}

/** The order of the parameters in the address: one filter state has one address. */
export const FILTER_KEYS = [
  'q',
  'status',
  'flow_type',
  'resolution_preference',
  'reason',
  'language',
  'created_from',
  'created_to',
  'delivery',
] as const satisfies readonly (keyof ClaimFilters)[];
export type FilterKey = (typeof FILTER_KEYS)[number];

const CHOICES: Partial<Record<FilterKey, readonly string[]>> = {
  status: CLAIM_STATUSES,
  flow_type: FLOW_TYPES,
  resolution_preference: RESOLUTION_PREFERENCES,
  reason: CLAIM_REASONS,
  language: SUPPORTED_LANGUAGES,
  delivery: DELIVERY_FILTERS,
};

/** A real calendar day written as `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function accepted(key: FilterKey, raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  if (key === 'q') return value.slice(0, MAX_SEARCH_LENGTH);
  if (key === 'created_from' || key === 'created_to') return isCalendarDay(value) ? value : undefined;
  return CHOICES[key]?.includes(value) ? value : undefined;
}

/** The filters an address names (`location.search`, with or without its `?`). */
export function filtersFromSearch(search: string): ClaimFilters {
  const params = new URLSearchParams(search);
  const filters: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const raw = params.get(key);
    const value = raw === null ? undefined : accepted(key, raw);
    if (value !== undefined) filters[key] = value;
  }
  // A range given backwards is still the range the merchant meant.
  if (filters.created_from && filters.created_to && filters.created_from > filters.created_to)
    [filters.created_from, filters.created_to] = [filters.created_to, filters.created_from];
  return filters as ClaimFilters;
}

/** The address query for these filters, `?…` or '' when none is set. */
export function filtersToSearch(filters: ClaimFilters): string {
  const query = toParams(filters).toString();
  return query ? `?${query}` : '';
}

/** The filters as query parameters (one value each is a list of one for the API), then `extra` as given. */
function toParams(filters: ClaimFilters, extra: Record<string, string | null | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  return params;
}

/** The same filters, with one changed (`undefined` or '' clears it). */
export function withFilter(filters: ClaimFilters, key: FilterKey, value: string | undefined): ClaimFilters {
  const next: Record<string, string> = { ...(filters as Record<string, string>) };
  const checked = value === undefined ? undefined : accepted(key, value);
  if (checked === undefined) delete next[key];
  else next[key] = checked;
  return next as ClaimFilters;
}

export function activeFilterCount(filters: ClaimFilters): number {
  return FILTER_KEYS.filter((key) => filters[key] !== undefined).length;
}

/** The Claims view API's addresses for these filters: the list (a page after `cursor`), the summary, the export. */
export const claimsApi = {
  list(slug: string, filters: ClaimFilters, cursor?: string | null): string {
    return withQuery(`/v1/shops/${slug}/claims/view`, toParams(filters, { cursor }));
  },
  summary(slug: string, filters: ClaimFilters): string {
    return withQuery(`/v1/shops/${slug}/claims/summary`, toParams(filters));
  },
  /** One row per claim, or one per selected item of each claim. */
  exportCsv(slug: string, filters: ClaimFilters, rows: ExportRowKind): string {
    return withQuery(`/v1/shops/${slug}/claims/export.csv`, toParams(filters, { rows }));
  },
};

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
