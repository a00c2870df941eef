import { accessibleSurface } from '../core/color.js';
import type { EmbedConfig } from '../core/embed-config.js';
import { resolveLanguage } from '../core/locale-resolution.js';
import type { PlaceholderOptions } from '../core/placeholder-options.js';
import { buildFinderUrl } from '../core/urls.js';
import type { EmbedOptions } from './script-attributes.js';
import { tileStrings } from './tile-strings.js';
import type { TileView } from './tile-view.js';

/** What the page tells us about its language, read fresh on every check (SPAs change it). */
export interface PageContext {
  href: string;
  htmlLang: string | null;
  browserLanguages: readonly string[];
}

export function readPageContext(win: Window): PageContext {
  return {
    href: win.location.href,
    htmlLang: win.document.documentElement.getAttribute('lang'),
    browserLanguages: win.navigator.languages ?? [win.navigator.language],
  };
}

/** The tile as it should look on this page for this config. */
export function buildTileView(config: EmbedConfig, options: EmbedOptions, page: PageContext): TileView {
  const { language } = resolveLanguage({
    forced: options.language,
    pageUrl: page.href,
    htmlLang: page.htmlLang,
    browserLanguages: page.browserLanguages,
    shopDefault: config.default_language,
    shopLanguages: config.languages,
  });
  const strings = tileStrings(language, config.tile);
  return {
    language,
    href: buildFinderUrl(options.appOrigin, options.shopSlug, language),
    ...strings,
    logoUrl: config.branding.logo_url ?? undefined,
    surface: accessibleSurface(config.branding.primary_color),
    variant: 'tile',
  };
}

/** The view for one placeholder: its deep link (order, flow, token) and variant on top of the page's view. */
export function placeholderView(view: TileView, options: EmbedOptions, placeholder: PlaceholderOptions): TileView {
  const { deepLink, variant } = placeholder;
  if (variant === 'tile' && Object.keys(deepLink).length === 0) return view;
  return { ...view, variant, href: buildFinderUrl(options.appOrigin, options.shopSlug, view.language, deepLink) };
}
