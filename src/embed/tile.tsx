import { useState } from 'preact/hooks';
import type { TileKind, TileView } from './tile-view.js';

export interface TileProps {
  view: TileView;
  kind: TileKind;
}

/**
 * The Resolve tile: a real link, so keyboard, middle-click, "open in new tab" and screen readers
 * work as they do everywhere else. Its accessible name is the visible text: title, subtitle, call
 * to action (the spaces between the parts keep them apart in that name). The logo is decorative (`alt=""`) because the text already names the link.
 */
export function Tile({ view, kind }: TileProps) {
  if (view.variant === 'button') {
    // Compact: the call to action alone, e.g. on an order status page.
    return (
      <a class="button" href={view.href} lang={view.language} data-karla-resolve-link="">
        {view.cta}
        <span aria-hidden="true">→</span>
      </a>
    );
  }
  return (
    <a class={`tile tile--${kind}`} href={view.href} lang={view.language} data-karla-resolve-link="">
      {/* Keyed by URL: a corrected logo_url gets a fresh attempt after an earlier one failed. */}
      {view.logoUrl ? <Logo key={view.logoUrl} src={view.logoUrl} /> : null}
      <span class="text">
        <span class="title">{view.title}</span>{' '}
        <span class="subtitle">{view.subtitle}</span>
      </span>{' '}
      <span class="cta">
        {view.cta}
        <span aria-hidden="true">→</span>
      </span>
    </a>
  );
}

/** A logo that fails to load disappears instead of showing a broken-image box. */
function Logo({ src }: { src: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return null;
  return (
    <img
      class="logo"
      src={src}
      alt=""
      width={40}
      height={40}
      decoding="async"
      referrerpolicy="no-referrer"
      onError={() => setFailed(true)}
    />
  );
}
