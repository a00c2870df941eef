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

export type EntryParseResult = { ok: true; entry: AllowListEntry } | { ok: false; reason: string };

export function parseAllowListEntry(raw: string): EntryParseResult {
  const url = parseHttpUrl(raw.trim());
  if (!url) return { ok: false, reason: 'must be an absolute http(s) URL' };
  if (url.username || url.password) return { ok: false, reason: 'must not contain user info' };
  if (url.search || url.hash) return { ok: false, reason: 'must not contain a query or fragment' };

  const segments: (string | null)[] = pathSegments(url.pathname);
  let subtree = false;
  if (segments.at(-1) === '*') {
    segments.pop();
    subtree = true;
  }
  const first = segments[0];
  if (first !== undefined && first !== null && (first === '*' || isLocaleSegment(first))) segments[0] = null;
  if (segments.slice(1).includes('*')) {
    return { ok: false, reason: '`*` is only allowed as the locale segment or at the end' };
  }
  return { ok: true, entry: { origin: url.origin, segments, subtree } };
}

export function isValidAllowListEntry(raw: string): boolean {
  return parseAllowListEntry(raw).ok;
}

/** Whether the page URL is covered by any entry. Invalid entries are ignored, never trusted. */
export function isUrlAllowed(pageUrl: string | URL, entries: readonly string[]): boolean {
  const page = parseHttpUrl(String(pageUrl));
  if (!page || page.username || page.password) return false;
  const pageSegments = pathSegments(page.pathname);
  return entries.some((raw) => {
    const parsed = parseAllowListEntry(raw);
    return parsed.ok && entryMatches(parsed.entry, page.origin, pageSegments);
  });
}

function entryMatches(entry: AllowListEntry, origin: string, page: string[]): boolean {
  if (entry.origin !== origin) return false;
  if (entry.subtree ? page.length < entry.segments.length : page.length !== entry.segments.length) {
    return false;
  }
  return entry.segments.every((expected, index) => {
    const actual = page[index] as string;
    return expected === null ? isLocaleSegment(actual) : expected === actual;
  });
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
