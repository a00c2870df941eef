import { isLocaleSegment } from './locale-resolution.js';

/**
 * URL allow-list matching. Entries are absolute http(s) URLs compared on the parsed scheme, host
 * (with port) and path, never on the raw string, so a query string (`?next=https://help.brand.com/`)
 * or a look-alike host (`help.brand.com.evil.com`) can never match.
 *
 * - A first path segment that is a locale (`en-US`) or `*` matches any locale segment.
 * - A trailing `/*` matches the entry's path and everything below it.
 * - A trailing slash is insignificant; the page's query and hash are ignored.
 * - Locale segments compare case-insensitively; other segments exactly, as browsers serve them.
 */

export interface AllowListEntry {
  origin: string;
  /** Path segments, without the trailing `*`. `null` in the first place means "any locale". */
  segments: (string | null)[];
  subtree: boolean;
}

/**
 * Why an entry is refused, as a code: the merchant portal words it in the merchant's language. No
 * English sentence here: this module is in the embed's first file, where no one reads it.
 */
export type EntryProblem = 'not_http_url' | 'user_info' | 'query_or_fragment' | 'misplaced_wildcard';
export type EntryParseResult = { ok: true; entry: AllowListEntry } | { ok: false; problem: EntryProblem };

export function parseAllowListEntry(raw: string): EntryParseResult {
  const url = parseHttpUrl(raw.trim());
  if (!url) return { ok: false, problem: 'not_http_url' };
  if (url.username || url.password) return { ok: false, problem: 'user_info' };
  if (url.search || url.hash) return { ok: false, problem: 'query_or_fragment' };

  const segments: (string | null)[] = pathSegments(url.pathname);
  let subtree = false;
  if (segments.at(-1) === '*') {
    segments.pop();
    subtree = true;
  }
  const first = segments[0];
  if (first !== undefined && first !== null && (first === '*' || isLocaleSegment(first))) segments[0] = null;
  // `*` only as the locale segment or at the end.
  if (segments.slice(1).includes('*')) return { ok: false, problem: 'misplaced_wildcard' };
  return { ok: true, entry: { origin: url.origin, segments, subtree } };
}

export function isValidAllowListEntry(raw: string): boolean {
  return parseAllowListEntry(raw).ok;
}

/** Whether the page URL is covered by any entry. Invalid entries are ignored, never trusted. */
export function isUrlAllowed(pageUrl: string | URL, entries: readonly string[]): boolean {
  const page = parsePage(pageUrl);
  return page !== undefined && entries.some((raw) => entryMismatch(raw, page) === undefined);
}

/**
 * Why one entry does not cover a page: `invalid` (the entry itself is refused), `origin` (scheme,
 * host or port differ), `shorter` / `deeper` (the page's path has fewer segments than the entry,
 * or more while the entry does not end in `/*`), `locale` (the entry's first segment stands for
 * any locale and the page's is none), `segment` (the segment at `index` differs).
 */
export type EntryMismatch =
  | { kind: 'invalid'; problem: EntryProblem }
  | { kind: 'origin'; expected: string; actual: string }
  | { kind: 'shorter' }
  | { kind: 'deeper' }
  | { kind: 'locale'; actual: string }
  | { kind: 'segment'; index: number; expected: string; actual: string };

export type AllowListVerdict =
  | { allowed: true; entry: string }
  | { allowed: false; pageInvalid: true }
  | { allowed: false; pageInvalid: false; mismatches: { entry: string; mismatch: EntryMismatch }[] };

/**
 * The matcher `isUrlAllowed` uses, telling which entry covers the page or why each one does not
 * (the merchant portal's allow-list tester shows exactly what the embed will decide).
 */
export function explainUrlAllowed(pageUrl: string | URL, entries: readonly string[]): AllowListVerdict {
  const page = parsePage(pageUrl);
  if (!page) return { allowed: false, pageInvalid: true };
  const mismatches: { entry: string; mismatch: EntryMismatch }[] = [];
  for (const entry of entries) {
    const mismatch = entryMismatch(entry, page);
    if (!mismatch) return { allowed: true, entry };
    mismatches.push({ entry, mismatch });
  }
  return { allowed: false, pageInvalid: false, mismatches };
}

interface Page {
  origin: string;
  segments: string[];
}

function parsePage(pageUrl: string | URL): Page | undefined {
  const page = parseHttpUrl(String(pageUrl));
  if (!page || page.username || page.password) return undefined;
  return { origin: page.origin, segments: pathSegments(page.pathname) };
}

function entryMismatch(raw: string, page: Page): EntryMismatch | undefined {
  const parsed = parseAllowListEntry(raw);
  if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem };
  const { entry } = parsed;
  if (entry.origin !== page.origin) return { kind: 'origin', expected: entry.origin, actual: page.origin };
  if (page.segments.length < entry.segments.length) return { kind: 'shorter' };
  if (!entry.subtree && page.segments.length > entry.segments.length) return { kind: 'deeper' };
  for (const [index, expected] of entry.segments.entries()) {
    const actual = page.segments[index] as string;
    if (expected === null ? !isLocaleSegment(actual) : expected !== actual) {
      return expected === null ? { kind: 'locale', actual } : { kind: 'segment', index, expected, actual };
    }
  }
  return undefined;
}

function parseHttpUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

/** `/en-US/returns-12/` → [`en-US`, `returns-12`]; `/` → []. The URL parser already resolved dot segments. */
function pathSegments(pathname: string): string[] {
  return pathname.split('/').filter((segment) => segment !== '');
}
