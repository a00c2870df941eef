import { html, raw, type RawHtml } from '../html.js';
import { isHttpUrl } from '../stand-in-kit/kit.js';
import type { GorgiasState, StoredAttachment, StoredTicket } from './state.js';

/**
 * `GET /`: every ticket the stand-in holds, newest first, with messages, tags, custom fields and
 * attachments. Everything is escaped; a message's HTML body is shown inside a sandboxed iframe
 * (no scripts, no same-origin) from `srcdoc`, so markup a claim carries renders as the helpdesk
 * would show it without being able to do anything. Images come only from the stand-in's uploads.
 */
export function renderGorgiasPage(state: GorgiasState): string {
  const tickets = [...state.tickets].reverse();
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Gorgias stand-in · ${state.account}</title>
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
            background: #eef1f6;
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
        <header>
          <h1>Gorgias stand-in</h1>
          <span class="meta"
            >account ${state.account} · ${tickets.length} ticket(s) · ${state.customers.length} customer(s)</span
          >
        </header>
        ${tickets.length === 0 ? html`<p>No tickets yet.</p>` : tickets.map((ticket) => renderTicket(state, ticket))}
      </body>
    </html>`.toString();
}

function renderTicket(state: GorgiasState, ticket: StoredTicket): RawHtml {
  const labels = new Map(state.customFields.map((field) => [field.id, field.label]));
  return html`<article id="ticket-${ticket.id}">
    <h2>#${ticket.id} · ${ticket.subject ?? '(no subject)'}</h2>
    <div class="meta">
      ${ticket.customer.name ?? ''} &lt;${ticket.customer.email}&gt; · channel ${ticket.channel} · via ${ticket.via} ·
      ${ticket.status} · language ${ticket.language ?? '–'} · external_id ${ticket.external_id ?? '–'} ·
      ${ticket.created_datetime}
    </div>
    <p>${ticket.tags.map((tag) => html`<span class="tag">${tag.name}</span>`)}</p>
    ${
      ticket.custom_fields.length
        ? html`<table>
            ${ticket.custom_fields.map(
              (field) =>
                html`<tr>
                  <th>${labels.get(field.id) ?? `field ${field.id}`}</th>
                  <td>${String(field.value)}</td>
                </tr>`,
            )}
          </table>`
        : ''
    }
    ${ticket.messages.map(
      (message) =>
        html`<section>
          <p class="meta">
            ${message.from_agent ? 'agent' : 'customer'} ${message.sender.name ?? ''} &lt;${message.sender.email}&gt; ·
            ${message.channel}/${message.via}
          </p>
          ${
            message.body_html !== null
              ? html`<iframe sandbox title="message ${message.id}" srcdoc="${message.body_html}"></iframe>`
              : html`<pre>${message.body_text ?? ''}</pre>`
          }
          <div class="files">${message.attachments.map((attachment) => renderAttachment(state, attachment))}</div>
        </section>`,
    )}
  </article>`;
}

function renderAttachment(state: GorgiasState, attachment: StoredAttachment): RawHtml {
  const ours = attachment.url.startsWith(`${state.origin}/uploads/`);
  const image = ours && /^image\/(jpeg|png|webp|gif)$/.test(attachment.content_type);
  // The API reaches the stand-in at 127.0.0.1, so that is the origin in the upload URLs; the page is
  // read at gorgias.localhost, whose CSP allows images from 'self' only: a path loads from either.
  const src = attachment.url.slice(state.origin.length);
  if (image)
    return html`<figure>
      <img src="${src}" alt="${attachment.name}" loading="lazy" />
      <figcaption>${attachment.name}</figcaption>
    </figure>`;
  if (isHttpUrl(attachment.url))
    return html`<figure>
      <a href="${attachment.url}" rel="noreferrer">${attachment.name}</a> (${attachment.content_type})
    </figure>`;
  return html`<figure>${attachment.name} ${raw('&middot;')} unsafe URL hidden</figure>`;
}
