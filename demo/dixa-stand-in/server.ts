import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { drain } from '../stand-in-kit/body.js';
import { EMAIL, isRecord, isString } from '../stand-in-kit/checks.js';
import {
  startHelpdeskStandIn,
  type Answer,
  type ApiCall,
  type HelpdeskApi,
  type RunningStandIn,
  readJsonBody,
  WRITE_METHODS,
} from '../stand-in-kit/helpdesk.js';
import { renderDixaPage } from './page.js';
import {
  DixaState,
  type DixaOptionDefinition,
  type DixaStandInOptions,
  type DixaToken,
  type StoredConversation,
  type StoredDixaAttachment,
  type StoredEndUser,
} from './state.js';

/**
 * A local Dixa API (`/v1/...`) faithful to shared/reference/helpdesk-apis.md: the token in
 * `Authorization` (raw or `Bearer `), 10 requests/s with bursts of 4 per token (429, no headers),
 * contact endpoints, end users, Email conversations that download every attachment URL themselves
 * (400 `Failure to download attachment`) and refuse a reused message externalId (400
 * `Duplicate externalId`), tags in bulk, custom attributes, claiming, notes. Errors are
 * `{"message": "..."}`. `GET /` lists the conversations with their attachments.
 *
 * Assumptions where the reference is silent, from Dixa's public API documentation: an end user's
 * conversations are listed at `GET /v1/endusers/{id}/conversations`, a conversation's messages at
 * `GET /v1/conversations/{id}/messages` (each message with its `externalId`); creating an end user
 * whose email is taken is a 400; a conversation answers 201 with `{data: {id, ...}}`.
 */

export type DixaStandIn = RunningStandIn<DixaState>;

type RequestContext = ApiCall<DixaState>;

const message = (status: number, text: string): Answer => ({ status, body: { message: text } });
const invalidBody = (detail?: string) => message(400, `Invalid value for: body${detail ? ` (${detail})` : ''}`);

export function startDixaStandIn(options: DixaStandInOptions = {}): Promise<DixaStandIn> {
  return startHelpdeskStandIn(new DixaState(options), DIXA_API, options);
}

const DIXA_API: HelpdeskApi<DixaState> = {
  page: renderDixaPage,
  files: { path: '/files/:id{[0-9a-f-]{36}}', find: (state, id) => state.files.get(id) },
  prefix: '/v1',
  routes: [
    ['GET', '/contact-endpoints', listContactEndpoints],
    ['GET', '/contact-endpoints/:endpoint', getContactEndpoint],
    ['GET', '/endusers', listEndUsers],
    ['POST', '/endusers', createEndUser],
    ['GET', '/endusers/:id/conversations', listEndUserConversations],
    ['POST', '/conversations', createConversation],
    ['GET', '/conversations/:id{[0-9]+}', getConversation],
    ['GET', '/conversations/:id{[0-9]+}/messages', listMessages],
    ['POST', '/conversations/:id{[0-9]+}/tags/bulk', tagInBulk],
    ['PATCH', '/conversations/:id{[0-9]+}/custom-attributes', patchCustomAttributes],
    ['PUT', '/conversations/:id{[0-9]+}/claim', claimConversation],
    ['POST', '/conversations/:id{[0-9]+}/notes', addNote],
    ['GET', '/custom-attributes', listCustomAttributes],
    ['GET', '/agents', listAgents],
  ],
  admit(state, req, method) {
    const token = authenticate(state, req);
    if (!token) return message(401, 'Unauthorized');
    if (!state.bucket(token.token).tryTake()) return message(429, 'Too Many Requests');
    if (token.readOnly && WRITE_METHODS.has(method)) return message(403, 'Forbidden');
    return undefined;
  },
  failure: (spec) => ({
    status: spec.status,
    body: spec.body ?? { message: spec.status === 429 ? 'Too Many Requests' : 'Internal Server Error' },
  }),
  notFound: message(404, 'Not found'),
};

/** Dixa's examples send the raw token; the docs call it bearer authentication: accept both. */
function authenticate(state: DixaState, req: IncomingMessage): DixaToken | undefined {
  const header = (req.headers.authorization ?? '').trim();
  const token = header.replace(/^Bearer\s+/i, '');
  return token ? state.tokens.find((candidate) => candidate.token === token) : undefined;
}

const jsonBody = (context: RequestContext) =>
  readJsonBody(context, 2 * 1024 * 1024, {
    tooLarge: message(413, 'Payload Too Large'),
    notJson: message(415, 'Unsupported Media Type'),
    malformed: message(400, 'Malformed request body'),
  });

function conversationOr404(context: RequestContext): StoredConversation | Answer {
  const id = Number(context.params.id);
  return (
    context.state.conversations.find((conversation) => conversation.id === id) ??
    message(404, `Conversation ${id} not found`)
  );
}

// ---------------------------------------------------------------------------------------------
// Contact endpoints, end users, custom attributes

function endpointView(endpoint: DixaState['contactEndpoints'][number]) {
  return endpoint._type === 'EmailEndpoint'
    ? {
        _type: endpoint._type,
        address: endpoint.address,
        name: endpoint.name,
        senderOverride: endpoint.senderOverride ?? null,
      }
    : { _type: endpoint._type, number: endpoint.number, name: endpoint.name };
}

function listContactEndpoints({ state, url }: RequestContext): Answer {
  const type = url.searchParams.get('_type');
  if (type !== null && type !== 'EmailEndpoint' && type !== 'TelephonyEndpoint')
    return message(400, 'Invalid value for: query parameter _type');
  return {
    status: 200,
    body: {
      data: state.contactEndpoints.filter((endpoint) => type === null || endpoint._type === type).map(endpointView),
    },
  };
}

function getContactEndpoint({ state, params }: RequestContext): Answer {
  const wanted = (params.endpoint ?? '').toLowerCase();
  const endpoint = state.contactEndpoints.find(
    (candidate) => candidate.address?.toLowerCase() === wanted || candidate.number === params.endpoint,
  );
  return endpoint
    ? { status: 200, body: { data: endpointView(endpoint) } }
    : message(404, 'Contact endpoint not found');
}

function endUserView(user: StoredEndUser) {
  return {
    id: user.id,
    displayName: user.displayName,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    phoneNumber: user.phoneNumber,
    externalId: user.externalId,
    createdAt: user.createdAt,
  };
}

function listEndUsers({ state, url }: RequestContext): Answer {
  const email = url.searchParams.get('email');
  const phone = url.searchParams.get('phone');
  if (email !== null && phone !== null)
    return message(400, 'Invalid value for: query parameters (email and phone are mutually exclusive)');
  const users = state.endUsers.filter(
    (user) =>
      (email === null || user.email?.toLowerCase() === email.toLowerCase()) &&
      (phone === null || user.phoneNumber === phone),
  );
  return { status: 200, body: { data: users.map(endUserView) } };
}

async function createEndUser(context: RequestContext): Promise<Answer> {
  const parsed = await jsonBody(context);
  if (!parsed.ok) return parsed.answer;
  const body = parsed.body;
  if (!isRecord(body)) return invalidBody();
  const fields = ['displayName', 'email', 'firstName', 'lastName', 'phoneNumber', 'externalId'] as const;
  for (const field of fields)
    if (body[field] !== undefined && body[field] !== null && !isString(body[field])) return invalidBody(field);
  const email = isString(body.email) ? body.email : null;
  if (email !== null && !EMAIL.test(email)) return invalidBody('email');
  if (email === null && !isString(body.phoneNumber)) return invalidBody('email or phoneNumber is required');
  if (email && context.state.endUsers.some((user) => user.email?.toLowerCase() === email.toLowerCase()))
    return message(400, 'An end user with this email already exists');
  const user: StoredEndUser = {
    id: randomUUID(),
    displayName: isString(body.displayName) ? body.displayName : null,
    email,
    firstName: isString(body.firstName) ? body.firstName : null,
    lastName: isString(body.lastName) ? body.lastName : null,
    phoneNumber: isString(body.phoneNumber) ? body.phoneNumber : null,
    externalId: isString(body.externalId) ? body.externalId : null,
    createdAt: context.state.timestamp(),
  };
  context.state.endUsers.push(user);
  return { status: 201, body: { data: endUserView(user) } };
}

/**
 * Oldest first, `pageLimit` per page (default 50): `meta.next` links to the next page with an
 * opaque `pageKey`, so the conversation just created is on the last page of a busy customer.
 */
function listEndUserConversations({ state, params, url }: RequestContext): Answer {
  const user = state.endUsers.find((candidate) => candidate.id === params.id);
  if (!user) return message(404, 'End user not found');
  const limitParam = url.searchParams.get('pageLimit');
  const limit = limitParam === null ? 50 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return invalidBody('pageLimit');
  const key = url.searchParams.get('pageKey');
  const offset = key === null ? 0 : Number(Buffer.from(key, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) return message(400, 'Invalid pageKey');
  const all = state.conversations.filter((c) => c.requesterId === user.id).sort((a, b) => a.id - b.id);
  const page = all.slice(offset, offset + limit);
  const nextKey = offset + limit < all.length ? Buffer.from(String(offset + limit)).toString('base64url') : null;
  const link = (pageKey: string) => `${state.origin}${url.pathname}?pageLimit=${limit}&pageKey=${pageKey}`;
  return {
    status: 200,
    body: { data: page.map(conversationView), ...(nextKey ? { meta: { next: link(nextKey) } } : {}) },
  };
}

/** `GET /v1/agents`: the stand-in knows agents by id only; names and emails are derived from their position. */
function listAgents({ state }: RequestContext): Answer {
  return {
    status: 200,
    body: {
      data: state.agents.map((id, index) => ({
        id,
        displayName: `Agent ${index + 1}`,
        email: `agent${index + 1}@acme.example`,
        roles: ['Agent'],
      })),
    },
  };
}

function listCustomAttributes({ state }: RequestContext): Answer {
  return { status: 200, body: { data: state.customAttributes } };
}

// ---------------------------------------------------------------------------------------------
// Conversations

function conversationView(conversation: StoredConversation) {
  return {
    id: conversation.id,
    requesterId: conversation.requesterId,
    channel: conversation.channel,
    createdAt: conversation.createdAt,
    direction: 'Inbound',
    state: conversation.assignedAgentId ? 'Open' : 'AwaitingPending',
    assigneeId: conversation.assignedAgentId,
    subject: conversation.subject,
    emailIntegrationId: conversation.emailIntegrationId,
    language: conversation.language,
    customAttributes: Object.entries(conversation.customAttributes).map(([id, value]) => ({ id, value })),
  };
}

/** Downloads one attachment as Dixa does: any failure (refused, timeout, non-2xx, too large) fails the request. */
async function download(
  state: DixaState,
  url: string,
): Promise<{ bytes: Uint8Array; contentType: string } | undefined> {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    const response = await state.fetch(parsed, {
      signal: AbortSignal.timeout(state.attachmentTimeoutMs),
      redirect: 'follow',
    });
    if (!response.ok) return undefined;
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > state.attachmentLimitBytes) return undefined;
    return {
      bytes,
      contentType: response.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream',
    };
  } catch {
    return undefined;
  }
}

async function createConversation(context: RequestContext): Promise<Answer> {
  const parsed = await jsonBody(context);
  if (!parsed.ok) return parsed.answer;
  const { state } = context;
  const body = parsed.body;
  if (!isRecord(body)) return invalidBody();
  if (body._type !== 'Email') return invalidBody('_type: only Email conversations are supported here');
  if (!isString(body.requesterId)) return invalidBody('requesterId');
  if (!isString(body.emailIntegrationId)) return invalidBody('emailIntegrationId');
  if (!isString(body.subject) || !body.subject.trim()) return invalidBody('subject');
  if (body.language !== undefined && !isString(body.language)) return invalidBody('language');
  const msg = body.message;
  if (!isRecord(msg) || msg._type !== 'Inbound') return invalidBody('message._type');
  const content = msg.content;
  if (!isRecord(content) || (content._type !== 'Html' && content._type !== 'Text') || !isString(content.value))
    return invalidBody('message.content');
  if (msg.externalId !== undefined && !isString(msg.externalId)) return invalidBody('message.externalId');
  const attachmentsIn = msg.attachments ?? [];
  if (
    !Array.isArray(attachmentsIn) ||
    !attachmentsIn.every(
      (a) => isRecord(a) && isString(a.url) && (a.prettyName === undefined || isString(a.prettyName)),
    )
  ) {
    return invalidBody('message.attachments');
  }

  const requester = state.endUsers.find((user) => user.id === body.requesterId);
  if (!requester) return message(400, 'Invalid value for: body (requesterId: no such end user)');
  const integration = String(body.emailIntegrationId).toLowerCase();
  if (
    !state.contactEndpoints.some(
      (endpoint) => endpoint._type === 'EmailEndpoint' && endpoint.address?.toLowerCase() === integration,
    )
  ) {
    return message(400, 'Invalid value for: body (emailIntegrationId: no such email endpoint)');
  }
  const externalId = isString(msg.externalId) ? msg.externalId : null;
  if (externalId && state.conversations.some((c) => c.messages.some((m) => m.externalId === externalId)))
    return message(400, 'Duplicate externalId');

  // Dixa copies every attachment before it creates anything.
  const attachments: StoredDixaAttachment[] = [];
  for (const attachment of attachmentsIn as { url: string; prettyName?: string }[]) {
    const downloaded = await download(state, attachment.url);
    if (!downloaded) return message(400, 'Failure to download attachment');
    const fileId = randomUUID();
    state.files.set(fileId, { ...downloaded, name: attachment.prettyName ?? 'attachment' });
    attachments.push({
      url: attachment.url,
      prettyName: attachment.prettyName ?? null,
      fileId,
      contentType: downloaded.contentType,
      size: downloaded.bytes.byteLength,
    });
  }
  // Checked again after the downloads: Dixa enforces the externalId atomically, so of two creates
  // that overlapped, only the first to finish may win.
  if (externalId && state.conversations.some((c) => c.messages.some((m) => m.externalId === externalId)))
    return message(400, 'Duplicate externalId');

  // Unique at insert, as a database constraint would be: a concurrent create with the same
  // externalId may have finished while this one was downloading its attachments.
  if (externalId && state.conversations.some((c) => c.messages.some((m) => m.externalId === externalId)))
    return message(400, 'Duplicate externalId');
  const now = state.timestamp();
  const conversation: StoredConversation = {
    id: state.newConversationId(),
    requesterId: requester.id,
    channel: 'Email',
    emailIntegrationId: integration,
    subject: body.subject as string,
    language: isString(body.language) ? body.language : null,
    createdAt: now,
    messages: [
      {
        id: randomUUID(),
        externalId,
        authorId: requester.id,
        createdAt: now,
        direction: 'Inbound',
        content: { _type: content._type, value: content.value },
        attachments,
      },
    ],
    tags: [],
    customAttributes: {},
    assignedAgentId: null,
    notes: [],
  };
  state.conversations.push(conversation);
  return { status: 201, body: { data: conversationView(conversation) }, created: true };
}

function getConversation(context: RequestContext): Answer {
  const conversation = conversationOr404(context);
  return 'status' in conversation ? conversation : { status: 200, body: { data: conversationView(conversation) } };
}

function listMessages(context: RequestContext): Answer {
  const conversation = conversationOr404(context);
  if ('status' in conversation) return conversation;
  return {
    status: 200,
    body: {
      data: conversation.messages.map((m) => ({
        id: m.id,
        authorId: m.authorId,
        externalId: m.externalId,
        createdAt: m.createdAt,
        attributes: {
          _type: 'EmailAttributes',
          direction: m.direction,
          content: m.content,
          attachments: m.attachments.map((a) => ({
            url: `${context.state.origin}/files/${a.fileId}`,
            prettyName: a.prettyName,
          })),
          isAutomated: false,
        },
      })),
    },
  };
}

async function tagInBulk(context: RequestContext): Promise<Answer> {
  const conversation = conversationOr404(context);
  if ('status' in conversation) return (await drain(context.req), conversation);
  const parsed = await jsonBody(context);
  if (!parsed.ok) return parsed.answer;
  const body = parsed.body;
  if (!isRecord(body) || !Array.isArray(body.data) || body.data.length === 0) return invalidBody('data');
  if (!body.data.every((tag) => isRecord(tag) && isString(tag.name) && tag.name.trim()))
    return invalidBody('data.name');
  for (const { name } of body.data as { name: string }[]) {
    if (!conversation.tags.some((tag) => tag.toLowerCase() === name.trim().toLowerCase()))
      conversation.tags.push(name.trim());
  }
  return { status: 200, body: { data: conversation.tags.map((name) => ({ name, state: 'Active' })) } };
}

async function patchCustomAttributes(context: RequestContext): Promise<Answer> {
  const conversation = conversationOr404(context);
  if ('status' in conversation) return (await drain(context.req), conversation);
  const parsed = await jsonBody(context);
  if (!parsed.ok) return parsed.answer;
  const body = parsed.body;
  if (!isRecord(body)) return invalidBody();
  const updates: Record<string, string | string[]> = {};
  for (const [id, value] of Object.entries(body)) {
    const definition = context.state.customAttributes.find((attribute) => attribute.id === id);
    if (!definition || definition.entityType !== 'Conversation' || definition.isDeactivated || definition.isArchived)
      return invalidBody(`unknown conversation attribute ${id}`);
    if (definition.inputDefinition._type === 'Text') {
      if (!isString(value)) return invalidBody(`${id} must be a string`);
      updates[id] = value;
    } else {
      const values = isString(value) ? [value] : value;
      if (
        !Array.isArray(values) ||
        !values.every(isString) ||
        !isSelectValue(definition.inputDefinition.options, values)
      )
        return invalidBody(`${id} must be option values`);
      updates[id] = values as string[];
    }
  }
  Object.assign(conversation.customAttributes, updates);
  return {
    status: 200,
    body: { data: Object.entries(conversation.customAttributes).map(([id, value]) => ({ id, value })) },
  };
}

/**
 * A flat Select takes active top-level values; a Select with nested options takes one path of
 * active values from the top level down (`["damage", "partial_damage"]`).
 */
function isSelectValue(options: readonly DixaOptionDefinition[], values: readonly string[]): boolean {
  const active = (list: readonly DixaOptionDefinition[]) => list.filter((option) => !option.isDeactivated);
  if (!options.some((option) => option.nestedOptions?.length))
    return values.every((v) => active(options).some((option) => option.value === v));
  let level: readonly DixaOptionDefinition[] = options;
  for (const value of values) {
    const option = active(level).find((candidate) => candidate.value === value);
    if (!option) return false;
    level = option.nestedOptions ?? [];
  }
  return values.length > 0;
}

async function claimConversation(context: RequestContext): Promise<Answer> {
  const conversation = conversationOr404(context);
  if ('status' in conversation) return (await drain(context.req), conversation);
  const parsed = await jsonBody(context);
  if (!parsed.ok) return parsed.answer;
  const body = parsed.body;
  if (!isRecord(body) || !isString(body.agentId) || (body.force !== undefined && typeof body.force !== 'boolean'))
    return invalidBody();
  if (!context.state.agents.includes(body.agentId)) return message(404, 'Agent not found');
  if (conversation.assignedAgentId && conversation.assignedAgentId !== body.agentId && body.force !== true)
    return message(400, 'Conversation is already claimed by another agent');
  conversation.assignedAgentId = body.agentId;
  return { status: 204 };
}

async function addNote(context: RequestContext): Promise<Answer> {
  const conversation = conversationOr404(context);
  if ('status' in conversation) return (await drain(context.req), conversation);
  const parsed = await jsonBody(context);
  if (!parsed.ok) return parsed.answer;
  const body = parsed.body;
  if (!isRecord(body) || !isString(body.message) || !body.message.trim()) return invalidBody('message');
  const note = { id: randomUUID(), message: body.message, createdAt: context.state.timestamp() };
  conversation.notes.push(note);
  return { status: 201, body: { data: note } };
}
