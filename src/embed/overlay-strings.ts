import type { Language } from '../core/languages.js';
// The `overlay` namespace of each locale file, by name (see tile-strings.ts). Only the overlay,
// in the bundle's second file, needs these: the first file carries the tile's strings alone.
import { overlay as da } from '../../locales/da.json';
import { overlay as de } from '../../locales/de.json';
import { overlay as en } from '../../locales/en.json';
import { overlay as es } from '../../locales/es.json';
import { overlay as fr } from '../../locales/fr.json';
import { overlay as it } from '../../locales/it.json';
import { overlay as nl } from '../../locales/nl.json';
import { overlay as pl } from '../../locales/pl.json';

/** The overlay's accessible name and its close button. */
export interface OverlayStrings {
  dialog_title: string;
  close: string;
}

const SHIPPED: Record<Language, OverlayStrings> = { en, de, fr, es, it, nl, da, pl };

export function overlayStrings(language: Language): OverlayStrings {
  return SHIPPED[language];
}
