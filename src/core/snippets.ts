import { DEFAULT_API_ORIGIN, DEFAULT_APP_ORIGIN } from './urls.js';

/**
 * The snippets merchants paste, written once: the portal shows them ready to copy, the demo pages
 * carry the same ones, and the README documents them.
 */

/** The documented one-line stub merchants may paste before the script tag (calls queue until the bundle runs). */
export const STUB_SNIPPET =
  'window.KarlaResolve=window.KarlaResolve||{q:[],open:function(){this.q.push(["open",arguments])},on:function(){this.q.push(["on",arguments])},off:function(){this.q.push(["off",arguments])}};';

/** The empty element an article or page template holds where an inline tile should appear. */
export const PLACEHOLDER_SNIPPET = '<div data-karla-resolve></div>';

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The script tag for a shop: the bundle from the app origin, the slug, and the API and app origins
 * only where they differ from production's defaults (staging, self-hosting, the demo).
 */
export function embedScriptTag(input: { shopSlug: string; apiOrigin: string; appOrigin: string }): string {
  const attributes = [
    `async src="${escapeAttribute(`${input.appOrigin}/embed/bundle.min.js`)}"`,
    `data-shop-slug="${escapeAttribute(input.shopSlug)}"`,
  ];
  if (input.apiOrigin !== DEFAULT_API_ORIGIN) attributes.push(`data-api-origin="${escapeAttribute(input.apiOrigin)}"`);
  if (input.appOrigin !== DEFAULT_APP_ORIGIN) attributes.push(`data-app-origin="${escapeAttribute(input.appOrigin)}"`);
  return `<script ${attributes.join(' ')}></script>`;
}

/** For a storefront: the stub (so `KarlaResolve.open` works before the bundle loaded), then the tag. */
export function storefrontSnippet(input: { shopSlug: string; apiOrigin: string; appOrigin: string }): string {
  return `<script>${STUB_SNIPPET}</script>\n${embedScriptTag(input)}`;
}
