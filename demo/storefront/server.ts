import { fileURLToPath } from 'node:url';
import { html, raw, type RawHtml } from '../html.js';
import type { EmbedSnippet } from '../help-center/page.js';
import { STUB_SNIPPET } from '../../src/core/snippets.js';
import { demoApp, listenOnLoopback, namedOrigin, serveAssets } from '../stand-in-kit/server.js';

/**
 * A storefront replica on its own origin, with the same script tag as the Help Center and the
 * queued `window.KarlaResolve` stub before it: a product page (no tile), an order status page with
 * a "Report a problem" button (overlay) and a compact button placeholder, and a returns page with
 * an inline tile, also under a `/de/` locale prefix.
 */
export interface RunningStorefront {
  origin: string;
  setSnippet(snippet: EmbedSnippet): void;
  close(): Promise<void>;
}

/** The documented one-line stub merchants may paste before the script tag (one copy, in src/core). */
export { STUB_SNIPPET };

const ASSETS = {
  '/assets/storefront.js': { file: 'storefront.js', type: 'text/javascript; charset=utf-8' },
  '/assets/storefront.css': { file: 'storefront.css', type: 'text/css; charset=utf-8' },
};

const TEXT = {
  en: {
    returns: 'Returns policy',
    returnsBody: 'You can return any item within 30 days. Something arrived damaged or wrong? Tell us here:',
    order: 'Order',
    status: 'Delivered',
    report: 'Report a problem',
    newTab: '(new tab)',
    sameTab: '(same tab)',
    product: 'Stoneware mug, sand',
    price: '€14.90',
  },
  de: {
    returns: 'Rückgaberichtlinie',
    returnsBody:
      'Du kannst jeden Artikel innerhalb von 30 Tagen zurückgeben. Ist etwas beschädigt oder falsch angekommen? Sag es uns hier:',
    order: 'Bestellung',
    status: 'Zugestellt',
    report: 'Problem melden',
    newTab: '(in neuem Tab)',
    sameTab: '(im selben Tab)',
    product: 'Steingutbecher, Sand',
    price: '14,90 €',
  },
} as const;

/** The order page's report buttons: the overlay, a new tab, the same tab (a constant, so `raw` is safe). */
const REPORT_TARGETS = [
  { target: '', label: '' },
  { target: 'new-tab', label: 'newTab' },
  { target: 'same-tab', label: 'sameTab' },
] as const;

function page(lang: 'en' | 'de', title: string, main: RawHtml, snippet: EmbedSnippet, queued: string): string {
  const prefix = lang === 'en' ? '' : `/${lang}`;
  return `<!doctype html>${html`<html lang="${lang}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} · Demo Shop</title>
      <link rel="stylesheet" href="/assets/storefront.css" />
      <script>
        ${raw(STUB_SNIPPET)}${raw(queued)};
      </script>
      <script
        async
        src="${snippet.bundleUrl}"
        data-shop-slug="${snippet.shopSlug}"
        data-api-origin="${snippet.apiOrigin}"
        data-app-origin="${snippet.appOrigin}"
      ></script>
      <script defer src="/assets/storefront.js"></script>
    </head>
    <body>
      <header class="sf-header">
        <a href="${prefix}/">Demo Shop</a>
        <nav><a href="${prefix}/pages/returns">${TEXT[lang].returns}</a></nav>
      </header>
      <main>${main}</main>
    </body>
  </html>`}`;
}

export async function startStorefront(options: {
  hostname: string;
  port?: number;
  host?: string;
}): Promise<RunningStorefront> {
  let snippet: EmbedSnippet | undefined;
  const app = demoApp((error) => new Response(String(error), { status: 500 }));
  serveAssets(app, fileURLToPath(new URL('.', import.meta.url)), ASSETS);
  app.get('/favicon.ico', () => new Response(null, { status: 204 }));
  app.all('*', (c) => {
    const url = new URL(c.req.url);
    if (!snippet) return new Response('Starting', { status: 503, headers: { 'Retry-After': '1' } });
    // Test switch: JavaScript queued on the stub before the bundle loads (`?queue=` + a known recipe).
    const queued =
      url.searchParams.get('queue') === 'events'
        ? 'window.__events=[];KarlaResolve.on("tile:shown",function(e){window.__events.push(["tile:shown",e.kind,e.language])});KarlaResolve.on("tile:clicked",function(e){window.__events.push(["tile:clicked",e.kind])});KarlaResolve.on("claim:submitted",function(c){window.__events.push(["claim:submitted",c.uuid])});'
        : url.searchParams.get('queue') === 'open'
          ? 'KarlaResolve.open({orderNumber:"1002",zipCode:"SW1A 1AA",flowType:"defective",target:"new-tab"});'
          : '';
    const match = /^(?:\/(de))?(\/.*)$/.exec(url.pathname);
    const lang = match?.[1] === 'de' ? 'de' : 'en';
    const path = match?.[2] ?? '/';
    const t = TEXT[lang];
    let body: string | undefined;
    if (path === '/' || path === '/products/stoneware-mug') {
      body = page(
        lang,
        t.product,
        html`<section class="sf-product">
          <img src="${snippet.appOrigin}/demo-assets/products/mug.svg" alt="" />
          <div>
            <h1>${t.product}</h1>
            <p>${t.price}</p>
            <button class="sf-button" type="button">Add to cart</button>
          </div>
        </section>`,
        snippet,
        queued,
      );
    } else if (path === '/pages/returns') {
      body = page(
        lang,
        t.returns,
        html`<article>
          <h1>${t.returns}</h1>
          <p>${t.returnsBody}</p>
          <div data-karla-resolve></div>
        </article>`,
        snippet,
        queued,
      );
    } else if (path === '/account/orders/1001') {
      body = page(
        lang,
        `${t.order} #1001`,
        html`<section class="sf-order">
            <h1>${t.order} #1001</h1>
            <p>${t.status}</p>
            <div class="sf-actions">
              ${REPORT_TARGETS.map(
                ({ target, label }) =>
                  html`<button
                    class="sf-button"
                    type="button"
                    data-report-problem
                    data-order="1001"
                    data-zip="10119"
                    ${target ? raw(`data-target="${target}"`) : ''}
                  >
                    ${t.report}${label ? ` ${t[label]}` : ''}
                  </button>`,
              )}
            </div>
            <div
              data-karla-resolve
              data-variant="button"
              data-order-number="1001"
              data-zip-code="10119"
              data-flow-type="notReceived"
            ></div>
          </section>
          <div class="sf-spacer"></div>`,
        snippet,
        queued,
      );
    }
    if (!body) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new Response(body, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
  });

  const running = await listenOnLoopback(app, options);
  return {
    origin: namedOrigin(options.hostname, running.origin),
    setSnippet: (next) => void (snippet = next),
    close: running.close,
  };
}

/** The storefront's pages the tile may show on, with and without a locale prefix (`/de/…`). */
export function storefrontAllowedUrls(origin: string): string[] {
  return [
    `${origin}/pages/returns`,
    `${origin}/*/pages/returns`,
    `${origin}/account/orders/*`,
    `${origin}/*/account/orders/*`,
  ];
}
