import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BodyTooLarge, drain, readBody } from '../stand-in-kit/body.js';
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
import { renderGorgiasPage } from './page.js';
import {
  GorgiasState,
  type GorgiasStandInOptions,
  type GorgiasUser,
  type StoredAttachment,
  type StoredCustomer,
  type StoredMessage,
  type StoredTicket,
} from './state.js';

/**
 * A local Gorgias REST API (`/api/...`) faithful to shared/reference/helpdesk-apis.md: Basic auth
 * `email:api_key` (401 / 403), the account's leaky bucket (40 requests / 20 s → 429 with
 * Retry-After, `X-Gorgias-Account-Api-Call-Limit` on every answer), ticket creation with its
 * validation, multipart uploads (413 over the limit), customers (409 on a taken email), and
 * `GET /` listing what was created. Errors are `{"error": {"msg", "data"}}`.
 *
 * Assumption where the reference is silent: `GET /api/tickets` filters by `external_id` and
 * `customer_id` (Gorgias's public API reference documents both filters on "List tickets").
 */

export type GorgiasStandIn = RunningStandIn<GorgiasState>;

type RequestContext = ApiCall<GorgiasState>;

const error = (status: number, msg: string, data?: Record<string, string[]>): Answer => ({
  status,
  body: { error: { msg, ...(data ? { data } : {}) } },
});

export function startGorgiasStandIn(options: GorgiasStandInOptions = {}): Promise<GorgiasStandIn> {
  return startHelpdeskStandIn(new GorgiasState(options), GORGIAS_API, options);
}

const GORGIAS_API: HelpdeskApi<GorgiasState> = {
  page: renderGorgiasPage,
  files: { path: '/uploads/:id{[0-9a-f-]{36}}/:name', find: (state, id) => state.uploads.get(id) },
  prefix: '/api',
  routes: [
    ['GET', '/account', getAccount],
    ['GET', '/users', listUsers],
    ['GET', '/custom-fields', listCustomFields],
    ['GET', '/tickets', listTickets],
    ['POST', '/tickets', createTicket],
    ['GET', '/tickets/:id{[0-9]+}', getTicket],
    ['GET', '/tickets/:id{[0-9]+}/', getTicket],
    ['POST', '/upload', uploadFiles],
    ['GET', '/customers', listCustomers],
    ['POST', '/customers', createCustomer],
  ],
  admit(state, req, method) {
    if (!state.accountExists) return error(404, 'Not found');
    const user = authenticate(state, req);
    if (!user) return { ...error(401, 'Unauthorized'), headers: { 'www-authenticate': 'Basic realm="api"' } };
    const limited = state.bucket.tryTake();
    if (!limited.ok) {
      return {
        ...error(429, 'Too many requests: the account rate limit is 40 requests per 20 seconds'),
        headers: { 'retry-after': String(limited.retryAfterSeconds) },
      };
    }
    if (user.role === 'lite-agent' || (user.role === 'observer-agent' && WRITE_METHODS.has(method)))
      return error(403, "You don't have the permission to perform this action.");
    return undefined;
  },
  failure: (spec) => ({
    status: spec.status,
    body: spec.body ?? { error: { msg: spec.status === 429 ? 'Too many requests' : 'Internal server error' } },
    ...(spec.status === 429 || spec.retryAfter !== undefined
      ? { headers: { 'retry-after': String(spec.retryAfter ?? 1) } }
      : {}),
  }),
  notFound: error(404, 'Not found'),
  headers: (state) => ({ 'x-gorgias-account-api-call-limit': `${state.bucket.used}/${state.bucket.capacity}` }),
};

function authenticate(state: GorgiasState, req: IncomingMessage): GorgiasUser | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const email = decoded.slice(0, colon).toLowerCase();
  const key = decoded.slice(colon + 1);
  return state.users.find((user) => user.email.toLowerCase() === email && user.api_key === key);
}

// ---------------------------------------------------------------------------------------------
// Lists

function listAnswer<T>(url: URL, items: T[], path: string): Answer {
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null ? 30 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return error(400, 'Invalid parameters', { limit: ['Must be between 1 and 100.'] });
  const cursor = url.searchParams.get('cursor');
  const offset = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) return error(400, 'Invalid parameters', { cursor: ['Invalid cursor.'] });
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(String(offset + limit)).toString('base64') : null;
  return {
    status: 200,
    body: { object: 'list', uri: `${path}${url.search}`, data: page, meta: { prev_cursor: null, next_cursor: next } },
  };
}

function getAccount({ state }: RequestContext): Answer {
  return {
    status: 200,
    body: { domain: state.account, status: { status: 'active' }, created_datetime: '2023-01-01T00:00:00+00:00' },
  };
}

function listUsers({ state, url }: RequestContext): Answer {
  const users = state.users.map((user) => ({
    id: user.id,
    email: user.email,
    firstname: user.firstname,
    lastname: user.lastname,
    name: `${user.firstname} ${user.lastname}`,
    role: { name: user.role },
  }));
  return listAnswer(url, users, '/api/users');
}

function listCustomFields({ state, url }: RequestContext): Answer {
  const objectType = url.searchParams.get('object_type');
  if (objectType !== 'Ticket' && objectType !== 'Customer') {
    return error(400, 'Invalid parameters', { object_type: ['Must be one of: Ticket, Customer.'] });
  }
  return listAnswer(
    url,
    state.customFields.filter((field) => field.object_type === objectType),
    '/api/custom-fields',
  );
}

const ORDERINGS = ['created_datetime:asc', 'created_datetime:desc', 'updated_datetime:asc', 'updated_datetime:desc'];

function listTickets({ state, url }: RequestContext): Answer {
  const orderBy = url.searchParams.get('order_by') ?? 'created_datetime:desc';
  if (!ORDERINGS.includes(orderBy))
    return error(400, 'Invalid parameters', { order_by: [`Must be one of: ${ORDERINGS.join(', ')}.`] });
  let tickets = [...state.tickets];
  const externalId = url.searchParams.get('external_id');
  if (externalId !== null) tickets = tickets.filter((ticket) => ticket.external_id === externalId);
  // Gorgias documents `trashed` as "whether to include trashed tickets". The stand-in takes the
  // strict reading when it is absent (trashed tickets left out), so a client that relies on an
  // undocumented default finds out here rather than with a merchant's trashed ticket.
  const trashed = url.searchParams.get('trashed');
  if (trashed !== null && trashed !== 'true' && trashed !== 'false')
    return error(400, 'Invalid parameters', { trashed: ['Must be a boolean.'] });
  if (trashed !== 'true') tickets = tickets.filter((ticket) => ticket.trashed_datetime === null);
  const customerId = url.searchParams.get('customer_id');
  if (customerId !== null) tickets = tickets.filter((ticket) => String(ticket.customer.id) === customerId);
  tickets.sort((a, b) => (a.id - b.id) * (orderBy.endsWith(':asc') ? 1 : -1));
  return listAnswer(url, tickets.map(ticketView), '/api/tickets');
}

function getTicket({ state, params }: RequestContext): Answer {
  const id = Number(params.id);
  const ticket = state.tickets.find((candidate) => candidate.id === id);
  return ticket ? { status: 200, body: ticketView(ticket) } : error(404, 'Not found');
}

function listCustomers({ state, url }: RequestContext): Answer {
  const email = url.searchParams.get('email');
  const customers =
    email === null ? state.customers : state.customers.filter((c) => c.email.toLowerCase() === email.toLowerCase());
  return listAnswer(url, customers.map(customerView), '/api/customers');
}

// ---------------------------------------------------------------------------------------------
// Writes

async function jsonBody(
  context: RequestContext,
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; answer: Answer }> {
  const read = await readJsonBody(context, 5 * 1024 * 1024, {
    tooLarge: error(413, 'Request entity too large'),
    notJson: error(400, 'The body must be JSON (Content-Type: application/json).'),
    malformed: error(400, 'Invalid JSON body'),
  });
  if (!read.ok) return read;
  if (!isRecord(read.body)) return { ok: false, answer: error(400, 'The body must be a JSON object.') };
  return { ok: true, body: read.body };
}

const CHANNELS = new Set([
  'api',
  'email',
  'chat',
  'phone',
  'sms',
  'contact_form',
  'facebook',
  'instagram',
  'twitter',
  'whatsapp',
  'help-center',
  'internal-note',
]);

async function createCustomer(context: RequestContext): Promise<Answer> {
  const parsed = await jsonBody(context);
  if (!parsed.ok) return parsed.answer;
  const { email, name } = parsed.body;
  if (!isString(email) || !EMAIL.test(email))
    return error(400, 'Invalid parameters', { email: ['A valid email is required.'] });
  if (name !== undefined && name !== null && !isString(name))
    return error(400, 'Invalid parameters', { name: ['Must be a string.'] });
  if (context.state.findCustomer(email))
    return error(409, 'A customer with this email already exists.', { email: ['Already used by another customer.'] });
  return { status: 201, body: customerView(context.state.createCustomer(email, isString(name) ? name : null)) };
}

/** Checks a ticket body the way the reference describes it; every problem, keyed by field. */
function validateTicket(body: Record<string, unknown>, state: GorgiasState): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const problem = (field: string, message: string) => (problems[field] ??= []).push(message);

  if (!isString(body.via)) problem('via', 'This field is required.');
  if (body.channel !== undefined && (!isString(body.channel) || !CHANNELS.has(body.channel)))
    problem('channel', 'Unknown channel.');
  if (body.from_agent !== undefined && typeof body.from_agent !== 'boolean')
    problem('from_agent', 'Must be a boolean.');
  if (body.subject !== undefined && body.subject !== null && (!isString(body.subject) || body.subject.length > 998)) {
    problem('subject', 'Must be a string of at most 998 characters.');
  }
  if (
    body.external_id !== undefined &&
    body.external_id !== null &&
    (!isString(body.external_id) || body.external_id.length > 255)
  ) {
    problem('external_id', 'Must be a string of at most 255 characters.');
  }
  if (body.language !== undefined && body.language !== null && !isString(body.language))
    problem('language', 'Must be a string.');
  if (body.meta !== undefined && body.meta !== null && !isRecord(body.meta)) problem('meta', 'Must be an object.');

  if (body.customer !== undefined) {
    if (
      !isRecord(body.customer) ||
      (!(isString(body.customer.email) && EMAIL.test(body.customer.email)) && typeof body.customer.id !== 'number')
    ) {
      problem('customer', 'Must have a valid email or an id.');
    } else if (
      typeof body.customer.id === 'number' &&
      !state.customers.some((c) => c.id === (body.customer as { id: number }).id)
    ) {
      problem('customer.id', 'Customer not found.');
    }
  }

  if (!Array.isArray(body.messages)) problem('messages', 'This field is required.');
  else if (body.messages.length < 1 || body.messages.length > 500)
    problem('messages', 'Must contain between 1 and 500 messages.');
  else {
    body.messages.forEach((message: unknown, index) => {
      const at = `messages.${index}`;
      if (!isRecord(message)) return problem(at, 'Must be an object.');
      if (!isString(message.channel) || !CHANNELS.has(message.channel))
        problem(`${at}.channel`, 'This field is required.');
      if (!isString(message.via)) problem(`${at}.via`, 'This field is required.');
      if (typeof message.from_agent !== 'boolean') problem(`${at}.from_agent`, 'This field is required.');
      if (
        !isRecord(message.sender) ||
        (!(isString(message.sender.email) && EMAIL.test(message.sender.email)) && typeof message.sender.id !== 'number')
      ) {
        problem(`${at}.sender`, 'Must have a valid email or an id.');
      }
      if (!isString(message.body_text) && !isString(message.body_html))
        problem(`${at}.body_text`, 'body_text or body_html is required.');
      if (
        message.subject !== undefined &&
        message.subject !== null &&
        (!isString(message.subject) || message.subject.length > 998)
      ) {
        problem(`${at}.subject`, 'Must be a string of at most 998 characters.');
      }
      if (message.attachments !== undefined) {
        if (!Array.isArray(message.attachments)) problem(`${at}.attachments`, 'Must be a list.');
        else
          message.attachments.forEach((attachment: unknown, n) => {
            if (!isRecord(attachment) || !isString(attachment.url))
              problem(`${at}.attachments.${n}.url`, 'This field is required.');
            else if (attachment.name !== undefined && !isString(attachment.name))
              problem(`${at}.attachments.${n}.name`, 'Must be a string.');
          });
      }
    });
  }

  if (body.tags !== undefined) {
    if (!Array.isArray(body.tags)) problem('tags', 'Must be a list.');
    else
      body.tags.forEach((tag: unknown, index) => {
        if (!isRecord(tag) || !(isString(tag.name) && tag.name.trim()))
          problem(`tags.${index}.name`, 'This field is required.');
      });
  }

  if (body.custom_fields !== undefined) {
    if (!Array.isArray(body.custom_fields)) problem('custom_fields', 'Must be a list.');
    else
      body.custom_fields.forEach((field: unknown, index) => {
        const at = `custom_fields.${index}`;
        if (!isRecord(field) || typeof field.id !== 'number') return problem(`${at}.id`, 'This field is required.');
        const definition = state.customFields.find(
          (candidate) => candidate.id === field.id && candidate.object_type === 'Ticket',
        );
        if (!definition || definition.deactivated_datetime)
          return problem(`${at}.id`, 'Unknown or inactive ticket field.');
        const { data_type, input_settings } = definition.definition;
        const value = field.value;
        const typeOk =
          data_type === 'number'
            ? typeof value === 'number' && Number.isFinite(value)
            : data_type === 'boolean'
              ? typeof value === 'boolean'
              : isString(value);
        if (!typeOk) return problem(`${at}.value`, `Must be a ${data_type}.`);
        if (input_settings.choices && !input_settings.choices.includes(value as string | number | boolean))
          problem(`${at}.value`, 'Not one of the choices.');
      });
  }
  return problems;
}

async function createTicket(context: RequestContext): Promise<Answer> {
  const parsed = await jsonBody(context);
  if (!parsed.ok) return parsed.answer;
  const { body } = parsed;
  const { state } = context;
  const problems = validateTicket(body, state);
  if (Object.keys(problems).length > 0) return error(400, 'Invalid parameters', problems);

  const messagesIn = body.messages as Record<string, unknown>[];
  const first = messagesIn[0] as Record<string, unknown>;
  const customerIn = (isRecord(body.customer) ? body.customer : first.sender) as Record<string, unknown>;
  let customer: StoredCustomer | undefined =
    typeof customerIn.id === 'number'
      ? state.customers.find((c) => c.id === customerIn.id)
      : state.findCustomer(String(customerIn.email));
  // Matched by email, created when missing (as the reference says).
  customer ??= state.createCustomer(String(customerIn.email), isString(customerIn.name) ? customerIn.name : null);

  const now = state.timestamp();
  const messages: StoredMessage[] = messagesIn.map((message) => {
    const sender = message.sender as Record<string, unknown>;
    return {
      id: state.nextId('message'),
      channel: String(message.channel),
      via: String(message.via),
      from_agent: Boolean(message.from_agent),
      sender: {
        email: isString(sender.email) ? sender.email : (customer as StoredCustomer).email,
        name: isString(sender.name) ? sender.name : null,
      },
      subject: isString(message.subject) ? message.subject : null,
      body_text: isString(message.body_text) ? message.body_text : null,
      body_html: isString(message.body_html) ? message.body_html : null,
      attachments: Array.isArray(message.attachments)
        ? (message.attachments as Record<string, unknown>[]).map((a): StoredAttachment => ({
            url: String(a.url),
            name: isString(a.name) ? a.name : 'attachment',
            content_type: isString(a.content_type) ? a.content_type : 'application/octet-stream',
            size: typeof a.size === 'number' ? a.size : 0,
          }))
        : [],
      created_datetime: now,
    };
  });
  const ticket: StoredTicket = {
    id: state.nextId('ticket'),
    external_id: isString(body.external_id) ? body.external_id : null,
    subject: isString(body.subject) ? body.subject : isString(first.subject) ? first.subject : null,
    status: isString(body.status) ? body.status : 'open',
    channel: isString(body.channel) ? body.channel : String(first.channel),
    via: String(body.via),
    from_agent: typeof body.from_agent === 'boolean' ? body.from_agent : false,
    language: isString(body.language) ? body.language : null,
    customer,
    tags: Array.isArray(body.tags)
      ? [
          ...new Map(
            (body.tags as { name: string }[]).map((tag) => [
              tag.name.toLowerCase(),
              { id: state.tagId(tag.name), name: tag.name },
            ]),
          ).values(),
        ]
      : [],
    custom_fields: Array.isArray(body.custom_fields)
      ? (body.custom_fields as { id: number; value: string | number | boolean }[]).map((f) => ({
          id: f.id,
          value: f.value,
        }))
      : [],
    meta: isRecord(body.meta) ? body.meta : {},
    messages,
    created_datetime: now,
    trashed_datetime: null,
  };
  state.tickets.push(ticket);
  return { status: 201, body: ticketView(ticket), created: true };
}

const UPLOAD_TYPES = new Set(['attachment', 'public_attachment', 'profile_picture', 'widget_picture']);

async function uploadFiles(context: RequestContext): Promise<Answer> {
  const { req, url, state, entry } = context;
  const type = url.searchParams.get('type');
  if (!type || !UPLOAD_TYPES.has(type)) {
    await drain(req);
    return error(400, 'Invalid parameters', {
      type: ['Must be one of: attachment, public_attachment, profile_picture, widget_picture.'],
    });
  }
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data;\s*boundary=/i.test(contentType)) {
    await drain(req);
    return error(400, 'The body must be multipart/form-data.');
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, state.uploadLimitBytes);
  } catch (caught) {
    if (caught instanceof BodyTooLarge) return error(413, 'File too large.');
    throw caught;
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return error(400, 'Malformed multipart body.');
  }
  const files = [...form.entries()].filter((pair): pair is [string, File] => typeof pair[1] !== 'string');
  entry.body = {
    multipart: files.map(([field, file]) => ({ field, filename: file.name, contentType: file.type, size: file.size })),
  };
  if (files.length === 0) return error(400, 'Invalid parameters', { file: ['A file part is required.'] });
  const uploaded = [];
  for (const [field, file] of files) {
    const id = randomUUID();
    // Gorgias labels a file with its multipart field name (the part's file name is not used).
    const name = field;
    const stored = {
      id,
      name,
      contentType: file.type || 'application/octet-stream',
      bytes: new Uint8Array(await file.arrayBuffer()),
    };
    state.uploads.set(id, stored);
    uploaded.push({
      url: `${state.origin}/uploads/${id}/${encodeURIComponent(name)}`,
      name,
      content_type: stored.contentType,
      size: state.sizeForAnswer(stored.bytes.byteLength),
    });
  }
  return { status: 201, body: uploaded };
}

// ---------------------------------------------------------------------------------------------
// Views

function customerView(customer: StoredCustomer) {
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    channels: [{ type: 'email', address: customer.email }],
    created_datetime: customer.created_datetime,
  };
}

function ticketView(ticket: StoredTicket) {
  return {
    id: ticket.id,
    uri: `/api/tickets/${ticket.id}/`,
    external_id: ticket.external_id,
    subject: ticket.subject,
    status: ticket.status,
    channel: ticket.channel,
    via: ticket.via,
    from_agent: ticket.from_agent,
    language: ticket.language,
    customer: customerView(ticket.customer),
    tags: ticket.tags,
    custom_fields: ticket.custom_fields,
    meta: ticket.meta,
    messages: ticket.messages.map((message) => ({
      ...message,
      uri: `/api/tickets/${ticket.id}/messages/${message.id}/`,
    })),
    created_datetime: ticket.created_datetime,
    updated_datetime: ticket.trashed_datetime ?? ticket.created_datetime,
    trashed_datetime: ticket.trashed_datetime,
  };
}
