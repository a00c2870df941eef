import { isValidAllowListEntry } from './allow-list.js';
import { isHexColor } from './color.js';
import type { EmbedConfig, TileSettings } from './embed-config.js';
import {
  MAX_ALLOWED_URLS,
  MAX_TILE_SUBTITLE,
  MAX_TILE_TITLE,
  MAX_URL_LENGTH,
  TILE_PLACEMENTS,
  TILE_POSITIONS,
} from './embed-config-limits.js';
import { isLanguage, type Language } from './languages.js';
import { isValidShopSlug } from './shop-slug.js';
import { parseSafeHttpUrl } from './urls.js';

/**
 * The embed config check the tile runs on every page view, by hand and without zod: the tile's
 * first file must stay small and evaluate fast, and zod's runtime is most of what it would cost.
 * It accepts exactly what `embedConfigSchema` (src/core/embed-config.ts) accepts and returns the
 * same value (unknown keys dropped, tile texts trimmed); a property test holds the two together.
 */

/** Thrown inside the check only, caught at its boundary: a compact way to bail out of nested reads. */
const INVALID = Symbol('invalid');

type Fields = Record<string, unknown>;

function fail(): never {
  throw INVALID;
}

function object(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : fail();
}

function string(value: unknown): string {
  return typeof value === 'string' ? value : fail();
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fail();
}

function language(value: unknown): Language {
  return isLanguage(value) ? value : fail();
}

/** A string for a URL-ish field: at most MAX_URL_LENGTH characters and accepted by `accept`. */
function url(value: unknown, accept: (value: string) => boolean): string {
  const text = string(value);
  return text.length <= MAX_URL_LENGTH && accept(text) ? text : fail();
}

/** `{ de: '…', en: '…' }`: shipped languages only, each text trimmed, 1..max characters. */
function localizedText(value: unknown, max: number): Partial<Record<Language, string>> {
  const input = object(value);
  const output: Partial<Record<Language, string>> = {};
  for (const key of Object.keys(input)) {
    const text = string(input[key]).trim();
    if (text.length < 1 || text.length > max) fail();
    output[language(key)] = text;
  }
  return output;
}

function tileSettings(value: unknown): TileSettings {
  const input = object(value);
  const output: TileSettings = {};
  if (input.placement !== undefined) output.placement = oneOf(input.placement, TILE_PLACEMENTS);
  if (input.position !== undefined) output.position = oneOf(input.position, TILE_POSITIONS);
  if (input.title !== undefined) output.title = localizedText(input.title, MAX_TILE_TITLE);
  if (input.subtitle !== undefined) output.subtitle = localizedText(input.subtitle, MAX_TILE_SUBTITLE);
  return output;
}

function check(value: unknown): EmbedConfig {
  const input = object(value);
  const shopSlug = isValidShopSlug(input.shop_slug) ? input.shop_slug : fail();
  const enabled = typeof input.enabled === 'boolean' ? input.enabled : fail();
  const urls = Array.isArray(input.allowed_urls) ? input.allowed_urls : fail();
  if (urls.length > MAX_ALLOWED_URLS) fail();
  // Array.from, not map: a hole in a sparse array is checked as `undefined` instead of skipped.
  const allowedUrls = Array.from(urls, (entry) => url(entry, isValidAllowListEntry));
  const defaultLanguage = language(input.default_language);
  const brandingInput = object(input.branding);
  const branding: EmbedConfig['branding'] = {
    primary_color: isHexColor(brandingInput.primary_color) ? brandingInput.primary_color : fail(),
  };
  const logo = brandingInput.logo_url;
  if (logo === null) branding.logo_url = null;
  else if (logo !== undefined) branding.logo_url = url(logo, (text) => parseSafeHttpUrl(text) !== undefined);
  const config: EmbedConfig = {
    shop_slug: shopSlug,
    enabled,
    allowed_urls: allowedUrls,
    default_language: defaultLanguage,
    branding,
  };
  if (input.languages !== undefined) {
    const languages = Array.isArray(input.languages) ? Array.from(input.languages as unknown[], language) : fail();
    if (languages.length < 1) fail();
    config.languages = languages;
  }
  if (input.tile !== undefined) config.tile = tileSettings(input.tile);
  return config;
}

/** The config if `value` is a valid embed config, else undefined. Never throws. */
export function checkEmbedConfig(value: unknown): EmbedConfig | undefined {
  try {
    return check(value);
  } catch {
    // INVALID, or a hostile object whose getter threw: either way not a config.
    return undefined;
  }
}
