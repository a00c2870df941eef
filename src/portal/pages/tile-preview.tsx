import { useEffect, useRef } from 'preact/hooks';
import type { EmbedConfig } from '../../core/embed-config.js';
import type { Language } from '../../core/languages.js';
import { createTileHost, type TileHost } from '../../embed/tile-host.js';
import { buildTileView } from '../../embed/view.js';

/**
 * The real tile, rendered by the embed's own code (tile host, shadow root, stylesheet, view
 * builder) from the config the merchant is editing, in the language chosen: what customers will
 * see, not a look-alike.
 */
export function TilePreview(props: {
  config: EmbedConfig;
  language: Language;
  apiOrigin: string;
  appOrigin: string;
  label: string;
}) {
  const slot = useRef<HTMLDivElement>(null);
  const host = useRef<TileHost | undefined>(undefined);
  useEffect(() => {
    const element = slot.current;
    if (!element) return;
    host.current = createTileHost(element.ownerDocument, 'inline', element, undefined);
    element.appendChild(host.current.element);
    return () => {
      host.current?.destroy();
      host.current = undefined;
    };
  }, []);
  useEffect(() => {
    if (!host.current) return;
    const view = buildTileView(
      props.config,
      {
        shopSlug: props.config.shop_slug,
        language: props.language,
        apiOrigin: props.apiOrigin,
        appOrigin: props.appOrigin,
        nonce: undefined,
      },
      { href: 'https://preview.invalid/', htmlLang: null, browserLanguages: [] },
    );
    host.current.update(view, props.config.tile?.position ?? 'bottom-left');
  });
  return (
    <div
      class="preview-frame"
      ref={slot}
      role="group"
      aria-label={props.label}
      data-testid="tile-preview"
      lang={props.language}
    />
  );
}
