import type { Language } from './languages.js';

export const DEFAULT_API_ORIGIN = 'https://api.gokarla.io';
export const DEFAULT_APP_ORIGIN = 'https://app.gokarla.io';

/** Hosts where plain http is acceptable: the developer's own machine. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '127.0.0.1' || hostname === '[::1]'
  );
}

/**
 * Parses a URL that the browser may load or link to. Only https, or http on loopback hosts, is
 * accepted: `javascript:`, `data:` and friends never become a link or an image source.
 */
export function parseSafeHttpUrl(value: string | null | undefined): URL | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  return undefined;
}

/** The origin of an attribute such as `data-api-origin`; a path, query or hash in it is dropped. */
export function parseOrigin(value: string | null | undefined): string | undefined {
  return parseSafeHttpUrl(value)?.origin;
}

/** Optional deep-link parameters the Resolve flow understands (camelCase, as the platform uses). */
export interface FinderDeepLink {
  orderNumber?: string;
  zipCode?: string;
  flowType?: string;
  token?: string;
}

/** `{app}/resolve/{slug}/finder?lang={language}` plus any deep-link parameters. */
export function buildFinderUrl(
  appOrigin: string,
  shopSlug: string,
  language: Language,
  deepLink: FinderDeepLink = {},
): string {
  const url = new URL(`/resolve/${encodeURIComponent(shopSlug)}/finder`, appOrigin);
  url.searchParams.set('lang', language);
  for (const key of ['orderNumber', 'zipCode', 'flowType', 'token'] as const) {
    const value = deepLink[key];
    if (value) url.searchParams.set(key, value);
  }
  return url.toString();
}

/** `{api}/v1/shops/{slug}/resolve/embed-config`. */
export function buildEmbedConfigUrl(apiOrigin: string, shopSlug: string): string {
  return new URL(`/v1/shops/${encodeURIComponent(shopSlug)}/resolve/embed-config`, apiOrigin).toString();
}
