import { html, type RawHtml } from '../html.js';

/**
 * The page shell both helpdesk stand-ins show at `GET /`: one stylesheet, the accent of the
 * helpdesk's tags, and what it lists. Values are escaped by `html`.
 */
export function standInPage(page: { title: string; tagBackground: string; body: RawHtml }): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${page.title}</title>
        <style>
          body {
            font:
              15px/1.45 system-ui,
              sans-serif;
            margin: 2rem auto;
            max-width: 60rem;
            padding: 0 1rem;
            color: #1d1d1f;
          }
          header {
            display: flex;
            justify-content: space-between;
            align-items: baseline;
          }
          article {
            border: 1px solid #d0d4da;
            border-radius: 8px;
            padding: 1rem 1.25rem;
            margin: 1rem 0;
          }
          h2 {
            margin: 0 0 0.25rem;
            font-size: 1.1rem;
          }
          .meta {
            color: #5b6270;
            font-size: 0.85rem;
          }
          .tag {
            display: inline-block;
            background: ${page.tagBackground};
            border-radius: 999px;
            padding: 0 0.6rem;
            margin: 0 0.25rem 0.25rem 0;
            font-size: 0.8rem;
          }
          iframe {
            width: 100%;
            height: 30rem;
            resize: vertical;
            border: 1px solid #e3e6ea;
            border-radius: 6px;
            background: #fff;
          }
          pre {
            white-space: pre-wrap;
            background: #f7f8fa;
            padding: 0.75rem;
            border-radius: 6px;
          }
          .files {
            display: flex;
            flex-wrap: wrap;
            gap: 0.75rem;
          }
          figure {
            margin: 0;
            font-size: 0.8rem;
          }
          figure img {
            display: block;
            max-width: 10rem;
            max-height: 10rem;
            border-radius: 4px;
            border: 1px solid #e3e6ea;
          }
          table {
            border-collapse: collapse;
          }
          td,
          th {
            padding: 0.1rem 0.6rem 0.1rem 0;
            text-align: left;
          }
        </style>
      </head>
      <body>
        ${page.body}
      </body>
    </html>`.toString();
}

/** A message's HTML body in a sandboxed iframe (no scripts, no same-origin), text in a `<pre>`. */
export function messageBody(id: string | number, body: { html: string } | { text: string }): RawHtml {
  return 'html' in body
    ? html`<iframe sandbox title="message ${id}" srcdoc="${body.html}"></iframe>`
    : html`<pre>${body.text}</pre>`;
}

/** Only http(s) URLs become links or images on the pages. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
