import type * as z from 'zod/mini';
import {
  dixaConversationSummarySchema,
  dixaDataSchema,
  dixaEndUserSchema,
  dixaListSchema,
  dixaMessageSchema,
  dixaNextPageKey,
} from '../../../core/dixa-api.js';
import { DixaClient, dixaFailure, ok, parseDixaAnswer } from './client.js';
import type { DixaOptions } from './settings.js';

/** Finding what Dixa already has: the customer's end user, the conversation a claim became. */

/** The end user for the order's email: searched first, created when missing. */
export async function findOrCreateEndUser(
  client: DixaClient,
  customer: { name: string; email: string },
): Promise<string> {
  const search = async () => {
    const label = 'GET /v1/endusers';
    const response = await client.request('GET', '/v1/endusers', { query: { email: customer.email } });
    if (!ok(response)) throw dixaFailure(response, label);
    const users = parseDixaAnswer(dixaListSchema(dixaEndUserSchema), response, label).data;
    // Only an exact (case-insensitive) match: a filter the API ignored must not hand us a stranger.
    const wanted = customer.email.toLowerCase();
    return users.find((user) => user.email?.toLowerCase() === wanted)?.id;
  };
  const existing = await search();
  if (existing) return existing;
  const [firstName, ...rest] = customer.name.trim().split(/\s+/);
  const label = 'POST /v1/endusers';
  const response = await client.request('POST', '/v1/endusers', {
    json: {
      displayName: customer.name,
      email: customer.email,
      ...(firstName ? { firstName } : {}),
      ...(rest.length ? { lastName: rest.join(' ') } : {}),
    },
  });
  if (ok(response)) return parseDixaAnswer(dixaDataSchema(dixaEndUserSchema), response, label).data.id;
  // Someone (another worker, the merchant) created the same end user meanwhile: use theirs.
  if (response.status === 400 || response.status === 409) {
    const raced = await search();
    if (raced) return raced;
  }
  throw dixaFailure(response, label);
}

/** Conversations read per page, and pages walked at most (the end user's 1 000 newest and oldest). */
const CONVERSATION_PAGE_LIMIT = 100;
const MAX_CONVERSATION_PAGES = 10;
/** Of those, the newest Email conversations whose messages are read. */
const MAX_CONVERSATIONS_SCANNED = 10;

/**
 * The conversation whose message carries `externalId`, among the end user's newest Email
 * conversations. The reference names no direct lookup; Dixa's public API lists an end user's
 * conversations and a conversation's messages, each with its `externalId`.
 */
export async function findDixaConversationByExternalId(
  apiToken: string,
  endUserId: string,
  externalId: string,
  options: DixaOptions = {},
): Promise<string | undefined> {
  return findConversation(new DixaClient(apiToken, options), endUserId, externalId);
}

export async function findConversation(
  client: DixaClient,
  endUserId: string,
  externalId: string,
): Promise<string | undefined> {
  const conversations = (await endUserConversations(client, endUserId))
    .filter((conversation) => conversation.channel === undefined || conversation.channel === 'Email')
    .sort((a, b) => Number(b.id) - Number(a.id))
    .slice(0, MAX_CONVERSATIONS_SCANNED);
  for (const conversation of conversations) {
    const id = String(conversation.id);
    const messagesLabel = 'GET /v1/conversations/{id}/messages';
    const messages = await client.request('GET', `/v1/conversations/${encodeURIComponent(id)}/messages`);
    if (!ok(messages)) throw dixaFailure(messages, messagesLabel);
    if (
      parseDixaAnswer(dixaListSchema(dixaMessageSchema), messages, messagesLabel).data.some(
        (message) => message.externalId === externalId,
      )
    )
      return id;
  }
  return undefined;
}

/**
 * The end user's conversations, page by page (`pageKey` from `meta.next`), up to
 * MAX_CONVERSATION_PAGES: Dixa does not say in which order it lists them, so the one just created
 * may be on the last page of a customer with many conversations.
 */
async function endUserConversations(
  client: DixaClient,
  endUserId: string,
): Promise<z.infer<typeof dixaConversationSummarySchema>[]> {
  const label = 'GET /v1/endusers/{id}/conversations';
  const conversations: z.infer<typeof dixaConversationSummarySchema>[] = [];
  let pageKey: string | undefined;
  for (let page = 0; page < MAX_CONVERSATION_PAGES; page++) {
    const response = await client.request('GET', `/v1/endusers/${encodeURIComponent(endUserId)}/conversations`, {
      query: { pageLimit: String(CONVERSATION_PAGE_LIMIT), ...(pageKey ? { pageKey } : {}) },
    });
    if (!ok(response)) throw dixaFailure(response, label);
    const list = parseDixaAnswer(dixaListSchema(dixaConversationSummarySchema), response, label);
    conversations.push(...list.data);
    const next = dixaNextPageKey(list.meta?.next);
    if (!next || next === pageKey) break;
    pageKey = next;
  }
  return conversations;
}
