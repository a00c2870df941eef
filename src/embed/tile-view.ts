import type { TilePosition } from '../core/embed-config.js';
import type { Language } from '../core/languages.js';
import type { PlaceholderVariant } from '../core/placeholder-options.js';

/** Everything a tile shows, resolved: no config, URL or language logic left for the component. */
export interface TileView {
  language: Language;
  /** The finder URL for `language`. */
  href: string;
  title: string;
  subtitle: string;
  cta: string;
  /** Already validated as https (or loopback http) by the config schema. */
  logoUrl: string | undefined;
  /** The brand colour made AA-readable (`accessibleSurface`). */
  surface: { background: string; text: string };
  /** A full tile, or a compact button (`data-variant="button"` on a placeholder). */
  variant: PlaceholderVariant;
}

/** Inline: inside a `[data-karla-resolve]` placeholder. Floating: fixed to a viewport corner. */
export type TileKind = 'inline' | 'floating';

export type { TilePosition };

export function sameView(a: TileView, b: TileView): boolean {
  return (
    a.language === b.language &&
    a.href === b.href &&
    a.title === b.title &&
    a.subtitle === b.subtitle &&
    a.cta === b.cta &&
    a.logoUrl === b.logoUrl &&
    a.surface.background === b.surface.background &&
    a.surface.text === b.surface.text &&
    a.variant === b.variant
  );
}
