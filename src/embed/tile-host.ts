import { NEAR_BLACK, WHITE } from '../core/color.js';
import { applyStyles } from './styles.js';
import { renderTile, type FailedLogos } from './tile-dom.js';
import { sameView, type TileKind, type TilePosition, type TileView } from './tile-view.js';

/** The element the bundle owns on the host page; each one carries a tile in its open shadow root. */
export const TILE_HOST_TAG = 'karla-resolve-tile';

export interface TileHost {
  element: HTMLElement;
  kind: TileKind;
  /** The `[data-karla-resolve]` placeholder an inline tile lives in. */
  placeholder: Element | undefined;
  update(view: TileView, position: TilePosition): void;
  /**
   * `derive(base)`, recomputed only when `base` or the derived result changes, so an unchanged
   * placeholder keeps the identical view object and is not re-rendered.
   */
  viewFor(base: TileView, derive: (base: TileView) => TileView): TileView;
  destroy(): void;
}

export function createTileHost(
  doc: Document,
  kind: TileKind,
  placeholder: Element | undefined,
  nonce: string | undefined,
  onLinkClick?: (view: TileView) => void,
): TileHost {
  const element = doc.createElement(TILE_HOST_TAG);
  element.setAttribute('data-kind', kind);
  // Clicks inside the shadow root reach the host retargeted; the composed path says what was hit.
  element.addEventListener('click', (event) => {
    if (rendered && event.composedPath().some((node) => node instanceof HTMLAnchorElement)) onLinkClick?.(rendered);
  });
  const root = element.attachShadow({ mode: 'open' });
  applyStyles(root, nonce);
  const mount = doc.createElement('div');
  root.appendChild(mount);
  let rendered: TileView | undefined;
  let derivedFrom: TileView | undefined;
  let derived: TileView | undefined;
  const failedLogos: FailedLogos = new Set();

  return {
    element,
    kind,
    placeholder,
    update(view, position) {
      if (kind === 'floating') element.setAttribute('data-position', position);
      if (rendered === view) return;
      rendered = view;
      // Custom properties through the CSSOM: allowed under a CSP without 'unsafe-inline'.
      const { background, text } = view.surface;
      element.style.setProperty('--karla-resolve-surface', background);
      element.style.setProperty('--karla-resolve-on-surface', text);
      // A dark brand colour doubles as the focus ring; a light one would vanish on white.
      element.style.setProperty('--karla-resolve-focus', text === WHITE ? background : NEAR_BLACK);
      renderTile(mount, view, kind, failedLogos);
    },
    viewFor(base, derive) {
      const next = derive(base);
      if (derived && derivedFrom === base && sameView(derived, next)) return derived;
      derivedFrom = base;
      derived = next;
      return next;
    },
    destroy() {
      mount.replaceChildren();
      element.remove();
    },
  };
}
