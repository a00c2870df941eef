import { html, type RawHtml } from '../html.js';
import type { DixaState, StoredConversation } from './state.js';

/**
 * `GET /`: every conversation, newest first, with its requester, tags, custom attributes,
 * assignee, notes and the attachments Dixa downloaded (images served by the stand-in itself).
 * Everything is escaped; a message's HTML content renders in a sandboxed iframe from `srcdoc`.
 */
export function renderDixaPage(state: DixaState): string {
  const conversations = [...state.conversations].reverse();
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Dixa stand-in</title>
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
            background: #f0ecfa;
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
        <h1>Dixa stand-in</h1>
        <p class="meta">${conversations.length} conversation(s) · ${state.endUsers.length} end user(s)</p>
        ${conversations.length === 0 ? html`<p>No conversations yet.</p>` : conversations.map((conversation) => renderConversation(state, conversation))}
      </body>
    </html>`.toString();
}

function renderConversation(state: DixaState, conversation: StoredConversation): RawHtml {
  const requester = state.endUsers.find((user) => user.id === conversation.requesterId);
  const labels = new Map(state.customAttributes.map((attribute) => [attribute.id, attribute.label]));
  return html`<article id="conversation-${conversation.id}">
    <h2>#${conversation.id} · ${conversation.subject}</h2>
    <div class="meta">
      ${requester?.displayName ?? ''} &lt;${requester?.email ?? '?'}&gt; · via ${conversation.emailIntegrationId} ·
      language ${conversation.language ?? '–'} ·
      ${conversation.assignedAgentId ? `claimed by ${conversation.assignedAgentId}` : 'unassigned'} ·
      ${conversation.createdAt}
    </div>
    <p>${conversation.tags.map((tag) => html`<span class="tag">${tag}</span>`)}</p>
    ${
      Object.keys(conversation.customAttributes).length
        ? html`<table>
            ${Object.entries(conversation.customAttributes).map(
              ([id, value]) =>
                html`<tr>
                  <th>${labels.get(id) ?? id}</th>
                  <td>${Array.isArray(value) ? value.join(', ') : value}</td>
                </tr>`,
            )}
          </table>`
        : ''
    }
    ${conversation.messages.map(
      (message) =>
        html`<section>
          <p class="meta">inbound · externalId ${message.externalId ?? '–'}</p>
          ${
            message.content._type === 'Html'
              ? html`<iframe sandbox title="message ${message.id}" srcdoc="${message.content.value}"></iframe>`
              : html`<pre>${message.content.value}</pre>`
          }
          <div class="files">
            ${message.attachments.map((attachment) =>
              /^image\/(jpeg|png|webp|gif)$/.test(attachment.contentType)
                ? html`<figure>
                    <img
                      src="/files/${attachment.fileId}"
                      alt="${attachment.prettyName ?? 'attachment'}"
                      loading="lazy"
                    />
                    <figcaption>${attachment.prettyName ?? ''}</figcaption>
                  </figure>`
                : html`<figure>
                    <a href="/files/${attachment.fileId}">${attachment.prettyName ?? 'attachment'}</a>
                    (${attachment.contentType})
                  </figure>`,
            )}
          </div>
        </section>`,
    )}
    ${conversation.notes.map((note) => html`<p class="meta">note: ${note.message}</p>`)}
  </article>`;
}
