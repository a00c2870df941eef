/**
 * The tile's stylesheet, adopted into each shadow root as a constructable stylesheet: it never
 * touches the host page, the page's CSS never reaches inside, and it needs no 'unsafe-inline'
 * (adopted sheets are not subject to style-src). `:host` rules are `!important` because in the
 * cascade an important shadow-tree rule beats an important page rule on the host element, while a
 * normal one would lose to the page.
 *
 * z-index ladder: floating tiles sit at 2147482000, below Gorgias Chat (≈ 2147483000) and the
 * modals of most widgets, above ordinary page content.
 */
export const FLOATING_Z_INDEX = 2147482000;

export const TILE_CSS = `
:host {
  all: initial !important;
  display: block !important;
  box-sizing: border-box !important;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif !important;
  font-size: 16px !important;
  line-height: 1.4 !important;
  color: #1f2328 !important;
  text-align: start !important;
}
:host([data-kind="inline"]) { margin: 16px 0 !important; max-width: 560px !important; }
:host([data-kind="floating"]) {
  position: fixed !important;
  z-index: ${FLOATING_Z_INDEX} !important;
  width: max-content !important;
  /* 120 px stay free on the right: the Gorgias Chat launcher's column on phones. */
  max-width: min(360px, calc(100vw - 120px)) !important;
}
:host([data-position="bottom-left"]) { left: 16px !important; bottom: 16px !important; }
:host([data-position="top-left"]) { left: 16px !important; top: 16px !important; }
:host([data-position="top-right"]) { right: 16px !important; top: 16px !important; }
/* Bottom-right: stacked above the Gorgias Chat launcher, which occupies up to ~100 px from the
   corner (a 60-70 px button plus its offset), with a gap of at least 12 px, never over it. */
:host([data-position="bottom-right"]) { right: 16px !important; bottom: 112px !important; }
*, *::before, *::after { box-sizing: border-box; }
.tile {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 10px 14px;
  min-height: 44px;
  padding: 14px 16px;
  background: #ffffff;
  color: #1f2328;
  border: 1px solid rgba(31, 35, 40, 0.15);
  border-radius: 12px;
  box-shadow: 0 4px 18px rgba(31, 35, 40, 0.14);
  text-decoration: none;
  transition: transform 150ms ease, box-shadow 150ms ease;
}
.tile:hover { transform: translateY(-1px); box-shadow: 0 6px 22px rgba(31, 35, 40, 0.2); }
.tile:focus { outline: none; }
.tile:focus-visible { outline: 3px solid var(--karla-resolve-focus, #1f2328); outline-offset: 3px; }
.logo { flex: none; width: 40px; height: 40px; object-fit: contain; border-radius: 8px; }
.text { display: flex; flex: 1 1 160px; flex-direction: column; gap: 2px; min-width: 0; }
.title { font-size: 16px; font-weight: 700; overflow-wrap: anywhere; }
.subtitle { font-size: 14px; color: #57606a; overflow-wrap: anywhere; }
/* The brand-coloured pill: the tile's call to action, and the compact button variant. */
.cta, .button {
  display: inline-flex;
  align-items: center;
  border-radius: 999px;
  background: var(--karla-resolve-surface, #1f2328);
  color: var(--karla-resolve-on-surface, #ffffff);
  font-weight: 600;
  /* Wraps between words when the language's text is longer than the room (Spanish, French at
     320 px); a single word too long for the card breaks rather than sticking out. */
  max-width: 100%;
  overflow-wrap: break-word;
  text-align: center;
}
.cta { flex: 0 1 auto; gap: 6px; min-width: 0; min-height: 36px; padding: 8px 14px; font-size: 14px; }
.tile--floating .cta { flex: 1 1 auto; justify-content: center; }
.button { gap: 8px; min-height: 44px; padding: 10px 18px; font-size: 15px; text-decoration: none; transition: filter 150ms ease; }
.button:hover { filter: brightness(1.1); }
.button:focus { outline: none; }
.button:focus-visible { outline: 3px solid var(--karla-resolve-focus, #1f2328); outline-offset: 3px; }
@media (max-width: 480px) {
  .tile--floating { padding: 12px; }
  .tile--floating .subtitle { display: none; }
  .tile--floating .logo { width: 32px; height: 32px; }
}
@media (prefers-reduced-motion: reduce) {
  .tile, .button { transition: none; }
  .tile:hover { transform: none; }
}
@media (forced-colors: active) {
  .tile { border: 1px solid LinkText; }
  .cta { border: 1px solid ButtonText; }
}
`;

let shared: CSSStyleSheet | undefined;

/** Parses the shared stylesheet now (idempotent), so the first tile does not wait for it. */
export function prepareStyles(): void {
  constructableSheet();
}

function constructableSheet(): CSSStyleSheet | undefined {
  if (shared) return shared;
  try {
    if (typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(TILE_CSS);
      shared = sheet;
    }
  } catch {
    shared = undefined;
  }
  return shared;
}

/**
 * Styles one shadow root. Browsers without constructable stylesheets (Safari < 16.4) get a
 * `<style>` element carrying the script's CSP nonce: the only fallback that is not inline style
 * without permission.
 */
export function applyStyles(root: ShadowRoot, nonce: string | undefined): void {
  const sheet = constructableSheet();
  if (sheet && 'adoptedStyleSheets' in root) {
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = root.ownerDocument.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = TILE_CSS;
  root.appendChild(style);
}
