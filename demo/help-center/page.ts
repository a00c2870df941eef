import { html, raw, type RawHtml } from '../html.js';
import {
  DEFAULT_HELP_CENTER_LOCALE,
  HELP_CENTER_LOCALES,
  HELP_CENTER_PATHS,
  type HelpCenterStrings,
} from './content.js';

export interface EmbedSnippet {
  bundleUrl: string;
  shopSlug: string;
  apiOrigin: string;
  appOrigin: string;
}

/** Test and demo switches, read from the first page's query string. */
export interface PageFlags {
  /** Serve a strict CSP (no 'unsafe-inline', no 'unsafe-eval'). */
  strictCsp: boolean;
  /** Paste the snippet twice, as a merchant might by mistake. */
  twice: boolean;
  /** Add hostile global CSS that would wreck any widget without style isolation. */
  aggressiveCss: boolean;
  /** Point the snippet at an API origin where nothing listens. */
  apiDown: boolean;
}

export type PageKind = 'home' | 'category' | 'returns' | 'shipping' | 'contact';

export interface RenderedPage {
  title: string;
  lang: string;
  main: RawHtml;
}

export function parsePath(pathname: string): { locale: string; kind: PageKind } | undefined {
  const [, rawLocale = '', ...rest] = pathname.replace(/\/+$/, '').split('/');
  const locale = Object.keys(HELP_CENTER_LOCALES).find((l) => l.toLowerCase() === rawLocale.toLowerCase());
  if (!locale) return undefined;
  const tail = rest.join('/');
  const kinds: Record<string, PageKind> = {
    '': 'home',
    [HELP_CENTER_PATHS.category]: 'category',
    [HELP_CENTER_PATHS.returnsArticle]: 'returns',
    [HELP_CENTER_PATHS.shippingArticle]: 'shipping',
    [HELP_CENTER_PATHS.contact]: 'contact',
  };
  const kind = kinds[tail];
  return kind ? { locale, kind } : undefined;
}

const link = (locale: string, path: string, text: string) =>
  html`<a data-hc-link href="/${locale}${path ? `/${path}` : ''}">${text}</a>`;

export function renderMain(locale: string, kind: PageKind): RenderedPage {
  const t = HELP_CENTER_LOCALES[locale] as HelpCenterStrings;
  const articles = html`<ul class="hc-list">
    <li>${link(locale, HELP_CENTER_PATHS.returnsArticle, t.returnsTitle)}</li>
    <li>${link(locale, HELP_CENTER_PATHS.shippingArticle, t.shippingTitle)}</li>
  </ul>`;
  switch (kind) {
    case 'home':
      return {
        title: t.name,
        lang: locale,
        main: html`<section class="hc-hero" data-page="home">
            <h1>${t.name}</h1>
            <input type="search" aria-label="${t.search}" placeholder="${t.search}" />
          </section>
          <h2>${t.categories}</h2>
          <ul class="hc-cards">
            <li>${link(locale, HELP_CENTER_PATHS.category, t.orders)}</li>
            <li>${link(locale, HELP_CENTER_PATHS.contact, t.contact)}</li>
          </ul>
          ${articles}`,
      };
    case 'category':
      return {
        title: t.orders,
        lang: locale,
        main: html`<article data-page="category">
          <h1>${t.orders}</h1>
          <p>${t.ordersIntro}</p>
          ${articles}
        </article>`,
      };
    case 'returns':
      return {
        title: t.returnsTitle,
        lang: locale,
        // The merchant put a placeholder into the article body: the tile goes inline here.
        main: html`<article data-page="returns">
          <h1>${t.returnsTitle}</h1>
          <p>${t.returnsBody}</p>
          <div data-karla-resolve></div>
          <p>${link(locale, HELP_CENTER_PATHS.shippingArticle, t.shippingTitle)}</p>
        </article>`,
      };
    case 'shipping':
      return {
        title: t.shippingTitle,
        lang: locale,
        main: html`<article data-page="shipping">
          <h1>${t.shippingTitle}</h1>
          <p>${t.shippingBody}</p>
          <p>${link(locale, HELP_CENTER_PATHS.returnsArticle, t.returnsTitle)}</p>
        </article>`,
      };
    case 'contact':
      return {
        title: t.contact,
        lang: locale,
        main: html`<article data-page="contact">
          <h1>${t.contact}</h1>
          <p>${t.contactBody}</p>
          <form class="hc-form" method="post" action="/${locale}/contact">
            <label>Email <input type="email" name="email" /></label>
            <label>Message <textarea name="message"></textarea></label><button type="submit">${t.contact}</button>
          </form>
        </article>`,
      };
  }
}

function snippetTag(snippet: EmbedSnippet, flags: PageFlags): RawHtml {
  const apiOrigin = flags.apiDown ? 'http://api-down.localhost:9' : snippet.apiOrigin;
  return html`<script
    async
    src="${snippet.bundleUrl}"
    data-shop-slug="${snippet.shopSlug}"
    data-api-origin="${apiOrigin}"
    data-app-origin="${snippet.appOrigin}"
  ></script>`;
}

export function renderDocument(page: RenderedPage, snippet: EmbedSnippet, flags: PageFlags): string {
  const t = HELP_CENTER_LOCALES[page.lang] ?? (HELP_CENTER_LOCALES[DEFAULT_HELP_CENTER_LOCALE] as HelpCenterStrings);
  const extraHtml = flags.twice
    ? [snippetTag(snippet, flags), snippetTag(snippet, flags)]
    : [snippetTag(snippet, flags)];
  const locales = Object.keys(HELP_CENTER_LOCALES);
  return `<!doctype html>${html`<html lang="${page.lang}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${page.title}</title>
      <link rel="stylesheet" href="/assets/help-center.css" />
      ${flags.aggressiveCss ? raw('<link rel="stylesheet" href="/assets/aggressive.css">') : ''}
      <!-- Extra HTML (Settings → Help Center → Customization), pasted once per language -->
      ${extraHtml}
      <script defer src="/assets/router.js"></script>
    </head>
    <body>
      <header class="hc-header">
        <a data-hc-link class="hc-brand" href="/${page.lang}">${t.name}</a>
        <nav aria-label="${t.language}">
          <ul class="hc-locales">
            ${locales.map((l) => html`<li><a href="/${l}">${l}</a></li>`)}
          </ul>
        </nav>
      </header>
      <main id="hc-main">${page.main}</main>
      <footer class="hc-footer"><p>© Demo Shop</p></footer>
      <div id="gorgias-chat-container">
        <button type="button" class="gorgias-chat-launcher" aria-label="Chat">💬</button>
      </div>
    </body>
  </html>`}`;
}
