import { html, raw, type RawHtml } from '../html.js';
import { isHttpUrl, messageBody, standInPage } from '../stand-in-kit/page.js';
import type { GorgiasState, StoredAttachment, StoredTicket } from './state.js';

/**
 * `GET /`: every ticket the stand-in holds, newest first, with messages, tags, custom fields and
 * attachments. Everything is escaped; a message's HTML body is shown inside a sandboxed iframe
 * (no scripts, no same-origin) from `srcdoc`, so markup a claim carries renders as the helpdesk
 * would show it without being able to do anything. Images come only from the stand-in's uploads.
 */
export function renderGorgiasPage(state: GorgiasState): string {
  const tickets = [...state.tickets].reverse();
  return standInPage({
    title: `Gorgias stand-in · ${state.account}`,
    tagBackground: '#eef1f6',
    body: html`<header>
        <h1>Gorgias stand-in</h1>
        <span class="meta"
          >account ${state.account} · ${tickets.length} ticket(s) · ${state.customers.length} customer(s)</span
        >
      </header>
      ${tickets.length === 0 ? html`<p>No tickets yet.</p>` : tickets.map((ticket) => renderTicket(state, ticket))}`,
  });
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
          ${messageBody(
            message.id,
            message.body_html !== null ? { html: message.body_html } : { text: message.body_text ?? '' },
          )}
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
