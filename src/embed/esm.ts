/**
 * The embed for merchants who bundle (`import { mountTile, open } from 'resolve-embed/embed'`):
 * the same tile and flow opener as the script tag, without a script tag, plus the
 * claim-submission client. zod stays external and its global settings are left to the app.
 */
import type { EmbedConfig } from '../core/embed-config.js';
import { parsePlaceholderOptions, type PlaceholderVariant } from '../core/placeholder-options.js';
import { isValidShopSlug } from '../core/shop-slug.js';
import { parseOrigin, type FinderDeepLink } from '../core/urls.js';
import { createConfigLoader } from './config-loader.js';
import { createEventHub, type EmbedEventName, type EmbedEvents, type EmbedListeners } from './events.js';
import { openFlow, type OpenTarget } from './open.js';
import type { EmbedOptions } from './script-attributes.js';
import { createTileHost, type TileHost } from './tile-host.js';
import { buildTileView, placeholderView, readPageContext } from './view.js';
import { EMBED_DEFAULTS } from './defaults.js';

export { createResolveClient } from '../client/index.js';
export type { EmbedEventName, EmbedEvents, OpenTarget, PlaceholderVariant };

export interface ShopOptions {
  shopSlug: string;
  /** Default `https://api.gokarla.io`. */
  apiOrigin?: string;
  /** Default `https://app.gokarla.io`. */
  appOrigin?: string;
  /** Force a language (`en de fr es it nl da pl` or any tag); else the page's, as for the script tag. */
  language?: string;
}

export interface MountTileOptions extends ShopOptions, FinderDeepLink {
  variant?: PlaceholderVariant;
}

export interface OpenOptions extends ShopOptions, FinderDeepLink {
  target?: OpenTarget;
}

export interface MountedTile {
  /** Re-fetches the shop's config and re-renders. */
  refresh(): Promise<void>;
  /** Removes the tile. */
  destroy(): void;
}

const events = createEventHub();

export function on<E extends EmbedEventName>(event: E, callback: (payload: EmbedEvents[E]) => void): void {
  events.on(event, callback as EmbedListeners[E]);
}

export function off<E extends EmbedEventName>(event: E, callback: (payload: EmbedEvents[E]) => void): void {
  events.off(event, callback as EmbedListeners[E]);
}

function embedOptions(options: ShopOptions): EmbedOptions {
  if (!isValidShopSlug(options.shopSlug)) throw new TypeError(`Invalid shop slug "${String(options.shopSlug)}"`);
  return {
    shopSlug: options.shopSlug,
    language: options.language,
    apiOrigin: parseOrigin(options.apiOrigin) ?? EMBED_DEFAULTS.apiOrigin,
    appOrigin: parseOrigin(options.appOrigin) ?? EMBED_DEFAULTS.appOrigin,
    nonce: undefined,
  };
}

/**
 * Renders the shop's tile into `element`. An explicit mount is the merchant's decision, so the
 * URL allow-list does not apply; the shop's `enabled` switch does.
 */
export function mountTile(element: Element, options: MountTileOptions): MountedTile {
  const shop = embedOptions(options);
  const win = element.ownerDocument.defaultView ?? window;
  const placeholder = parsePlaceholderOptions(
    (name) =>
      ({
        'data-flow-type': options.flowType,
        'data-order-number': options.orderNumber,
        'data-zip-code': options.zipCode,
        'data-token': options.token,
        'data-variant': options.variant,
      })[name] ?? null,
  );
  let host: TileHost | undefined;
  const render = (config: EmbedConfig | null) => {
    if (!config) {
      host?.destroy();
      host = undefined;
      return;
    }
    const fresh = !host;
    host ??= createTileHost(element.ownerDocument, 'inline', element, undefined, (view) =>
      events.emit('tile:clicked', { kind: 'inline', language: view.language, href: view.href }),
    );
    if (host.element.parentNode !== element) element.appendChild(host.element);
    const view = placeholderView(buildTileView(config, shop, readPageContext(win)), shop, placeholder);
    host.update(view, 'bottom-left');
    if (fresh) events.emit('tile:shown', { kind: 'inline', language: view.language, href: view.href });
  };
  const loader = createConfigLoader({
    shopSlug: shop.shopSlug,
    apiOrigin: shop.apiOrigin,
    fetch: win.fetch.bind(win),
    storage: () => win.localStorage,
    onChange: render,
  });
  void loader.start();
  return {
    refresh: () => loader.refresh(),
    destroy() {
      loader.stop();
      host?.destroy();
      host = undefined;
    },
  };
}

/** Opens the Resolve flow in the same tab (default), a new tab, or an overlay. */
export function open(options: OpenOptions): void {
  openFlow(window, embedOptions(options), null, options, events, () => import('./overlay.js'));
}
