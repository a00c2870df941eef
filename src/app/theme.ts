import { accessibleSurface, NEAR_BLACK, WHITE } from '../core/color.js';

/**
 * The shop's colour as CSS custom properties. Buttons use the brand surface with text that reaches
 * WCAG AA on it; links, focus rings and selected borders need the brand colour as ink on white,
 * which only a dark enough brand colour is (otherwise near-black).
 */
export function brandVariables(primaryColor: string | undefined): Record<string, string> {
  const surface = accessibleSurface(primaryColor ?? '#1f2937');
  return {
    '--brand': surface.background,
    '--on-brand': surface.text,
    '--accent': surface.text === WHITE ? surface.background : NEAR_BLACK,
  };
}
