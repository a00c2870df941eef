/**
 * Brand colours and WCAG contrast. The brand colour comes from merchant config and is validated as
 * `#rgb` / `#rrggbb` before it reaches CSS, so it can never carry a CSS injection.
 */
export const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

function channels(hex: string): [number, number, number] {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2.1 relative luminance. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const WHITE = '#ffffff';
export const NEAR_BLACK = '#111111';

/** Text colour for a brand-coloured surface: whichever of white and near-black contrasts more. */
export function readableTextColor(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, NEAR_BLACK) ? WHITE : NEAR_BLACK;
}

/**
 * The brand colour made usable as a surface behind white or near-black text at WCAG AA (4.5:1):
 * mid-tones that reach AA with neither are darkened step by step until white text passes.
 */
export function accessibleSurface(brand: string): { background: string; text: string } {
  let background = brand.length === 4 ? `#${[...brand.slice(1)].map((d) => d + d).join('')}` : brand;
  background = background.toLowerCase();
  for (let step = 0; step < 20; step++) {
    const text = readableTextColor(background);
    if (contrastRatio(background, text) >= 4.5) return { background, text };
    background = darken(background, 0.08);
  }
  return { background: NEAR_BLACK, text: WHITE };
}

function darken(hex: string, amount: number): string {
  return `#${channels(hex)
    .map((c) =>
      Math.max(0, Math.round(c * (1 - amount)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
