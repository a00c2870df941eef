import { SUPPORTED_LANGUAGES, primaryLanguage, toSupportedLanguage } from '../core/languages.js';
import { isValidShopSlug } from '../core/shop-slug.js';
import { parseOrigin } from '../core/urls.js';
import { EMBED_DEFAULTS } from './defaults.js';

/**
 * The merchant's `<script async src=".../bundle.min.js" data-shop-slug="my-shop">` and what it says.
 * Every attribute is untrusted input pasted by hand into a Help Center setting.
 */

export interface EmbedOptions {
  shopSlug: string;
  /** `data-language`, raw: locale resolution decides what it means (and skips a typo). */
  language: string | undefined;
  apiOrigin: string;
  appOrigin: string;
  /** The script's CSP nonce, reused for the `<style>` fallback on browsers without constructable stylesheets. */
  nonce: string | undefined;
}

export type ScriptAttributesResult =
  { ok: true; options: EmbedOptions; warnings: string[] } | { ok: false; warning: string };

const SLUG_ATTRIBUTE = 'data-shop-slug';

/**
 * The `<script>` element that loaded this bundle. `document.currentScript` is set while a classic
 * script (async included) runs its top level, which is where this is called from. It is null when
 * the bundle is evaluated some other way (a tag manager injecting the code, tests); then the
 * script tag that names a shop and loads a file called "bundle", then the last one naming a shop.
 */
export function findOwnScript(doc: Document): Element | null {
  const current = doc.currentScript;
  if (current && current.hasAttribute(SLUG_ATTRIBUTE)) return current;
  const bundles = doc.querySelectorAll(`script[${SLUG_ATTRIBUTE}][src*="bundle"]`);
  if (bundles.length > 0) return bundles[bundles.length - 1] ?? null;
  const any = doc.querySelectorAll(`script[${SLUG_ATTRIBUTE}]`);
  return any[any.length - 1] ?? current ?? null;
}

export function readScriptAttributes(script: Element | null): ScriptAttributesResult {
  const slug = script?.getAttribute(SLUG_ATTRIBUTE)?.trim();
  if (!slug) {
    return { ok: false, warning: `Missing ${SLUG_ATTRIBUTE} on the <script> tag; the Resolve tile is not shown.` };
  }
  if (!isValidShopSlug(slug)) {
    return {
      ok: false,
      warning: `Invalid ${SLUG_ATTRIBUTE}="${truncate(slug)}" (expected lower-case letters, digits and hyphens); the Resolve tile is not shown.`,
    };
  }

  const warnings: string[] = [];
  const origin = (name: string, fallback: string): string => {
    const raw = script?.getAttribute(name)?.trim();
    if (!raw) return fallback;
    const parsed = parseOrigin(raw);
    if (parsed) return parsed;
    warnings.push(
      `Ignoring ${name}="${truncate(raw)}" (must be an https origin, or http on localhost); using ${fallback}.`,
    );
    return fallback;
  };
  const apiOrigin = origin('data-api-origin', EMBED_DEFAULTS.apiOrigin);
  const appOrigin = origin('data-app-origin', EMBED_DEFAULTS.appOrigin);

  const language = script?.getAttribute('data-language')?.trim() || undefined;
  // Mirrors resolveLanguage: an unparsable value is skipped, a real but unshipped language (`sv`)
  // still pins the page's language, so the tile falls back to the shop's default.
  if (language !== undefined && primaryLanguage(language) === undefined) {
    warnings.push(`Ignoring data-language="${truncate(language)}" (not a language tag).`);
  } else if (language !== undefined && toSupportedLanguage(language) === undefined) {
    warnings.push(
      `data-language="${truncate(language)}" is not a supported language (${SUPPORTED_LANGUAGES.join(', ')}); using the shop's default language.`,
    );
  }

  const nonce = script instanceof HTMLElement ? script.nonce || undefined : undefined;
  return { ok: true, options: { shopSlug: slug, language, apiOrigin, appOrigin, nonce }, warnings };
}

/** Attribute values are echoed to the console; keep a pasted blob from flooding it. */
function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
