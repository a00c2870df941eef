import type { TileSettings } from '../core/embed-config.js';
import type { Language } from '../core/languages.js';
// Only the `tile` namespace of each locale file, by name: Vite's JSON plugin turns top-level keys
// into named exports, so every other namespace (the Resolve flow's, added by other teams) is
// tree-shaken out of the bundle.
import { tile as da } from '../../locales/da.json';
import { tile as de } from '../../locales/de.json';
import { tile as en } from '../../locales/en.json';
import { tile as es } from '../../locales/es.json';
import { tile as fr } from '../../locales/fr.json';
import { tile as it } from '../../locales/it.json';
import { tile as nl } from '../../locales/nl.json';
import { tile as pl } from '../../locales/pl.json';

/**
 * The tile's three strings. No i18next here, on purpose: its gzip size alone would take a large
 * share of the bundle's size budget, for features the tile never uses (interpolation, plurals,
 * backends, detection). Language detection lives in src/core and the
 * strings are a typed lookup table; the Resolve flow, which has real i18n needs, uses i18next.
 */
export interface TileStrings {
  title: string;
  subtitle: string;
  cta: string;
}

// The overlay's strings are in their own namespace (overlay-strings.ts), in the second file.
const SHIPPED: Record<Language, TileStrings> = { en, de, fr, es, it, nl, da, pl };

/** Shipped strings for `language`, with the merchant's title/subtitle for that language on top. */
export function tileStrings(language: Language, settings?: TileSettings): TileStrings {
  const shipped = SHIPPED[language];
  return {
    title: settings?.title?.[language] ?? shipped.title,
    subtitle: settings?.subtitle?.[language] ?? shipped.subtitle,
    cta: shipped.cta,
  };
}
