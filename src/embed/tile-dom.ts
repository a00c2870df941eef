import type { TileKind, TileView } from './tile-view.js';

/**
 * The Resolve tile in plain DOM (no framework: the tile is a handful of elements, and a framework's
 * parse and evaluation would be most of the time before it paints). A real link, so keyboard,
 * middle-click, "open in new tab" and screen readers work as they do everywhere else. Its
 * accessible name is the visible text: title, subtitle, call to action (the spaces between the parts
 * keep them apart in that name). The logo is decorative (`alt=""`) because the text names the link.
 * Every text goes in as a text node: merchant text is never markup.
 */

/** Logo URLs that failed to load in this tile: not shown again, but a corrected URL gets a fresh attempt. */
export type FailedLogos = Set<string>;

/** The nodes an update rewrites in place, and the shape they were built for. */
interface Rendered {
  shape: string;
  link: HTMLElement;
  texts: { title?: Text; subtitle?: Text; cta: Text };
}
const renderedIn = new WeakMap<Element, Rendered>();

/**
 * Renders the tile for `view` into `mount`. When only texts or the link change, the same elements
 * are updated in place, so focus and hover stay where they are (a language switch while the tile
 * has keyboard focus); a different variant or logo builds the tile afresh.
 */
export function renderTile(mount: Element, view: TileView, kind: TileKind, failedLogos: FailedLogos): void {
  const logoUrl = view.variant === 'tile' && view.logoUrl && !failedLogos.has(view.logoUrl) ? view.logoUrl : '';
  const shape = `${view.variant}|${kind}|${logoUrl}`;
  let rendered = renderedIn.get(mount);
  if (!rendered || rendered.shape !== shape || rendered.link.parentNode !== mount) {
    rendered = build(mount.ownerDocument, view, kind, logoUrl, failedLogos, shape);
    renderedIn.set(mount, rendered);
    mount.replaceChildren(rendered.link);
  }
  const { link, texts } = rendered;
  link.setAttribute('href', view.href);
  link.setAttribute('lang', view.language);
  texts.cta.data = view.cta;
  if (texts.title) texts.title.data = view.title;
  if (texts.subtitle) texts.subtitle.data = view.subtitle;
}

function build(
  doc: Document,
  view: TileView,
  kind: TileKind,
  logoUrl: string,
  failedLogos: FailedLogos,
  shape: string,
): Rendered {
  const element = (tag: string, className?: string, ...children: Node[]) => {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    node.append(...children);
    return node;
  };
  const text = () => doc.createTextNode('');
  const arrow = element('span', undefined, doc.createTextNode('→'));
  arrow.setAttribute('aria-hidden', 'true');
  const cta = text();
  let link: HTMLElement;
  let texts: Rendered['texts'] = { cta };
  if (view.variant === 'button') {
    // Compact: the call to action alone, e.g. on an order status page.
    link = element('a', 'button', cta, arrow);
  } else {
    texts = { cta, title: text(), subtitle: text() };
    link = element('a', `tile tile--${kind}`);
    if (logoUrl) link.append(logo(doc, logoUrl, failedLogos));
    link.append(
      element(
        'span',
        'text',
        element('span', 'title', texts.title!),
        doc.createTextNode(' '),
        element('span', 'subtitle', texts.subtitle!),
      ),
      doc.createTextNode(' '),
      element('span', 'cta', cta, arrow),
    );
  }
  link.setAttribute('data-karla-resolve-link', '');
  return { shape, link, texts };
}

/** A logo that fails to load disappears instead of showing a broken-image box. */
function logo(doc: Document, src: string, failedLogos: FailedLogos): HTMLImageElement {
  const img = doc.createElement('img');
  img.className = 'logo';
  img.alt = '';
  img.width = 40;
  img.height = 40;
  img.decoding = 'async';
  img.referrerPolicy = 'no-referrer';
  img.addEventListener(
    'error',
    () => {
      failedLogos.add(src);
      img.remove();
    },
    { once: true },
  );
  // Last: the request starts once the image knows it must not send a referrer.
  img.src = src;
  return img;
}
