import { html, type RawHtml } from '../html.js';
import { messageBody, standInPage } from '../stand-in-kit/page.js';
import type { DixaState, StoredConversation } from './state.js';

/**
 * `GET /`: every conversation, newest first, with its requester, tags, custom attributes,
 * assignee, notes and the attachments Dixa downloaded (images served by the stand-in itself).
 * Everything is escaped; a message's HTML content renders in a sandboxed iframe from `srcdoc`.
 */
export function renderDixaPage(state: DixaState): string {
  const conversations = [...state.conversations].reverse();
  return standInPage({
    title: 'Dixa stand-in',
    tagBackground: '#f0ecfa',
    body: html`<h1>Dixa stand-in</h1>
      <p class="meta">${conversations.length} conversation(s) · ${state.endUsers.length} end user(s)</p>
      ${conversations.length === 0 ? html`<p>No conversations yet.</p>` : conversations.map((conversation) => renderConversation(state, conversation))}`,
  });
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
          ${messageBody(
            message.id,
            message.content._type === 'Html' ? { html: message.content.value } : { text: message.content.value },
          )}
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
