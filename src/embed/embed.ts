import { isUrlAllowed } from '../core/allow-list.js';
import type { EmbedConfig } from '../core/embed-config.js';
import { parsePlaceholderOptions } from '../core/placeholder-options.js';
import { createConfigLoader, type ConfigLoader, type PendingConfigRequest } from './config-loader.js';
import { onLocationChange } from './navigation.js';
import { afterNextPaint, mark, TILE_PAINTED_MARK } from './perf.js';
import type { EventHub } from './events.js';
import { guard, reportError } from './safe.js';
import type { EmbedOptions } from './script-attributes.js';
import { prepareStyles } from './styles.js';
import { createTileHost, TILE_HOST_TAG, type TileHost } from './tile-host.js';
import { sameView, type TileView } from './tile-view.js';
import { buildTileView, placeholderView, readPageContext } from './view.js';
import { EMBED_DEFAULTS } from './defaults.js';

/** The placeholder merchants put where an inline tile should go. */
export const PLACEHOLDER_SELECTOR = '[data-karla-resolve]';
const PLACEHOLDER_ATTRIBUTES = [
  'data-karla-resolve',
  'data-flow-type',
  'data-order-number',
  'data-zip-code',
  'data-token',
  'data-variant',
];

export interface Embed {
  /** Re-fetches the config and re-renders. */
  refresh(): Promise<void>;
  /** The number of tiles on the page right now (for diagnostics and tests). */
  tileCount(): number;
  /** The shop's config as last loaded (null: no tile for this shop, or not loaded yet). */
  config(): EmbedConfig | null;
  destroy(): void;
}

/**
 * Keeps the page's tiles in step with three inputs: the shop's config, the page URL and the page's
 * placeholders. Every change of any of them schedules one `sync` per frame, which is idempotent:
 * it only touches the DOM where the page differs from what should be there, so our own mutations
 * (which the observer also sees) settle after one extra, empty pass.
 */
export function createEmbed(
  win: Window,
  options: EmbedOptions,
  events: EventHub,
  /** The config request the bundle's first lines already sent (early.ts). */
  pending?: PendingConfigRequest,
): Embed {
  const doc = win.document;
  let config: EmbedConfig | null = null;
  let view: TileView | undefined;
  let floating: TileHost | undefined;
  const inline = new Map<Element, TileHost>();
  let painted = false;
  let scheduled = false;
  let observer: MutationObserver | undefined;
  let destroyed = false;

  const sync = guard(() => {
    scheduled = false;
    const body = doc.body;
    // A frame scheduled before destroy() must not bring the tiles back.
    if (!body || destroyed) return;
    if (!config || !isUrlAllowed(win.location.href, config.allowed_urls)) {
      clearAll();
      return;
    }
    const next = buildTileView(config, options, readPageContext(win));
    if (!view || !sameView(view, next)) view = next;
    const placement = config.tile?.placement ?? EMBED_DEFAULTS.placement;
    const position = config.tile?.position ?? EMBED_DEFAULTS.position;
    const placeholders = placement === 'floating' ? [] : findPlaceholders();
    const wantFloating = placement === 'floating' || (placement === 'auto' && placeholders.length === 0);

    for (const [placeholder, host] of inline) {
      if (!placeholders.includes(placeholder)) {
        host.destroy();
        inline.delete(placeholder);
      }
    }
    for (const placeholder of placeholders) {
      let host = inline.get(placeholder);
      const fresh = !host;
      if (!host) {
        host = newHost('inline', placeholder);
        inline.set(placeholder, host);
      }
      // Re-attach when the page's framework re-rendered the placeholder's content away.
      if (host.element.parentNode !== placeholder) placeholder.appendChild(host.element);
      const placeholderOptions = parsePlaceholderOptions((name) => placeholder.getAttribute(name));
      const shown = host.viewFor(view, (base) => placeholderView(base, options, placeholderOptions));
      host.update(shown, position);
      if (fresh) announce('inline', shown);
    }

    if (wantFloating) {
      const fresh = !floating;
      floating ??= newHost('floating', undefined);
      if (floating.element.parentNode !== body) body.appendChild(floating.element);
      floating.update(view, position);
      if (fresh) announce('floating', view);
    } else if (floating) {
      floating.destroy();
      floating = undefined;
    }

    if (!painted && (floating || inline.size > 0)) {
      painted = true;
      afterNextPaint(() => mark(TILE_PAINTED_MARK));
    }
  });

  function newHost(kind: 'inline' | 'floating', placeholder: Element | undefined): TileHost {
    return createTileHost(doc, kind, placeholder, options.nonce, (shown) =>
      events.emit('tile:clicked', { kind, language: shown.language, href: shown.href }),
    );
  }

  function announce(kind: 'inline' | 'floating', shown: TileView): void {
    events.emit('tile:shown', { kind, language: shown.language, href: shown.href });
  }

  function findPlaceholders(): Element[] {
    // A placeholder inside one of our own tiles (impossible today) must never nest tiles.
    return Array.from(doc.querySelectorAll(PLACEHOLDER_SELECTOR)).filter((element) => !element.closest(TILE_HOST_TAG));
  }

  function clearAll(): void {
    floating?.destroy();
    floating = undefined;
    for (const host of inline.values()) host.destroy();
    inline.clear();
  }

  /** Coalesces bursts of mutations and navigations into one sync per frame. */
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    if (typeof win.requestAnimationFrame === 'function' && doc.visibilityState !== 'hidden') {
      win.requestAnimationFrame(sync);
    } else {
      win.setTimeout(sync, 0);
    }
  }

  const loader: ConfigLoader = createConfigLoader({
    shopSlug: options.shopSlug,
    apiOrigin: options.apiOrigin,
    fetch: win.fetch.bind(win),
    storage: () => win.localStorage,
    ...(pending ? { pending } : {}),
    onChange: (next) => {
      config = next;
      // The first render happens synchronously when the body is there: a cached config paints
      // in the same frame the script ran in.
      if (doc.body && !painted) sync();
      else schedule();
    },
  });

  // Before anything else: on a first visit the config request is what the tile waits for. (A
  // cached config renders synchronously here; `sync` and everything it uses are hoisted.)
  loader.start().catch(reportError);
  // The stylesheet is parsed while the request is out, not after the answer.
  prepareStyles();

  const unsubscribe = onLocationChange(win, guard(schedule));

  const watchDom = guard(() => {
    if (observer || !doc.body) return;
    const watcher = new MutationObserver(guard(schedule));
    // childList+subtree catches placeholders added and our hosts removed, the attribute filter a
    // placeholder's options changing; `lang` on <html> catches single-page apps that switch
    // language without a navigation.
    watcher.observe(doc.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: PLACEHOLDER_ATTRIBUTES,
    });
    watcher.observe(doc.documentElement, { attributes: true, attributeFilter: ['lang'] });
    observer = watcher;
    schedule();
  });

  if (doc.body) watchDom();
  else doc.addEventListener('DOMContentLoaded', watchDom, { once: true });

  return {
    refresh: () => loader.refresh(),
    tileCount: () => inline.size + (floating ? 1 : 0),
    config: () => config,
    destroy() {
      destroyed = true;
      loader.stop();
      unsubscribe();
      observer?.disconnect();
      doc.removeEventListener('DOMContentLoaded', watchDom);
      clearAll();
    },
  };
}
