import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { BodyTooLarge, drain, headerRecord, readBody } from './body.js';
import type { FailSpec, LoggedRequest } from './faults.js';
import { demoApp, fileResponse, htmlResponse, jsonResponse, listenOnLoopback, sleep, type DemoEnv } from './server.js';
import type { StandInState } from './state.js';

/**
 * A helpdesk stand-in's server: its page at `/`, the files it stores, and its API under a prefix
 * (all described by one `HelpdeskApi`).
 * Every API request is logged and goes through the same steps — armed delay and failure, the
 * helpdesk's own admission (account, authentication, rate limit, permissions), the route, then
 * the armed drop, late failure and late delay — so both stand-ins fail the way a test arms them.
 */

/** A route's outcome; `created` marks the create a `dropConnectionAfterCreate` cuts off. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  created?: boolean;
}

export interface ApiCall<S> {
  /** Node's request: routes read, refuse or drain the body themselves. */
  req: IncomingMessage;
  url: URL;
  state: S;
  entry: LoggedRequest;
  /** The route's path parameters (`:id`), decoded. */
  params: Record<string, string>;
}

export type ApiRoute<S> = (call: ApiCall<S>) => Promise<Answer> | Answer;

export interface HelpdeskApi<S extends StandInState> {
  /** The page at `GET /`: what the stand-in holds. */
  page(state: S): string;
  /** Where stored files are served (a Hono path with `:id`), and how one is found. */
  files: { path: string; find(state: S, id: string): { bytes: Uint8Array; contentType: string } | undefined };
  /** `/api` (Gorgias), `/v1` (Dixa). */
  prefix: string;
  /** Hono paths below the prefix; a request no route takes is answered `notFound`. */
  routes: readonly (readonly [method: string, path: string, route: ApiRoute<S>])[];
  /** The answer to a request the helpdesk turns away before its route, or undefined to go on. */
  admit(state: S, req: IncomingMessage, method: string): Answer | undefined;
  /** The helpdesk's answer to an armed failure. */
  failure(spec: FailSpec): Answer;
  notFound: Answer;
  /** Headers on every API answer, computed when it is sent. */
  headers?(state: S): Record<string, string>;
}

/** A helpdesk's own answers to a body it will not read as JSON. */
export interface JsonRefusals {
  tooLarge: Answer;
  notJson: Answer;
  malformed: Answer;
}

/**
 * A call's JSON body (at most `limit` bytes), recorded on its log entry, or the helpdesk's refusal.
 * The size is checked before the content type, so an oversized body is a 413 whatever it claims to be.
 */
export async function readJsonBody(
  call: ApiCall<unknown>,
  limit: number,
  refusals: JsonRefusals,
): Promise<{ ok: true; body: unknown } | { ok: false; answer: Answer }> {
  let raw: Buffer;
  try {
    raw = await readBody(call.req, limit);
  } catch (caught) {
    if (caught instanceof BodyTooLarge) return { ok: false, answer: refusals.tooLarge };
    throw caught;
  }
  if (!/^application\/json\b/i.test(call.req.headers['content-type'] ?? ''))
    return { ok: false, answer: refusals.notJson };
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, answer: refusals.malformed };
  }
  call.entry.body = body;
  return { ok: true, body };
}

/** Methods a read-only user or token may not use. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RunningStandIn<S> {
  origin: string;
  state: S;
  close(): Promise<void>;
}

export async function startHelpdeskStandIn<S extends StandInState>(
  state: S,
  api: HelpdeskApi<S>,
  options: { host?: string | undefined; port?: number | undefined },
): Promise<RunningStandIn<S>> {
  const app = demoApp();
  const notFound = () => jsonResponse(api.notFound.status, api.notFound.body);
  app.get('/', () => htmlResponse(api.page(state)));
  app.get(api.files.path, (c) => {
    const file = api.files.find(state, c.req.param('id') ?? '');
    return file ? fileResponse(file) : notFound();
  });
  const answerWith = (route: ApiRoute<S>) => (c: Context<DemoEnv>) => answerApiCall(c, state, api, route);
  for (const [method, path, route] of api.routes) app.on(method, `${api.prefix}${path}`, answerWith(route));
  app.all(
    `${api.prefix}/*`,
    answerWith(async ({ req }) => (await drain(req), api.notFound)),
  );
  app.notFound(notFound);

  const running = await listenOnLoopback(app, options);
  state.origin = running.origin;
  return { origin: running.origin, state, close: running.close };
}

async function answerApiCall<S extends StandInState>(
  c: Context<DemoEnv>,
  state: S,
  api: HelpdeskApi<S>,
  route: ApiRoute<S>,
): Promise<Response> {
  const { incoming: req, outgoing: res } = c.env;
  const url = new URL(c.req.url);
  const method = c.req.method;
  const entry: LoggedRequest = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: headerRecord(req),
    body: null,
    status: 0,
  };
  state.requests.push(entry);
  const reply = (answer: Answer) => {
    entry.status = answer.status;
    return jsonResponse(answer.status, answer.body, { ...api.headers?.(state), ...answer.headers });
  };
  const turnAway = async (answer: Answer) => (await drain(req), reply(answer));

  const delayBefore = state.takeDelay(method, url.pathname, false);
  if (delayBefore) await sleep(delayBefore);
  const early = state.takeFailure(method, url.pathname, false);
  if (early) return turnAway(api.failure(early));
  const refused = api.admit(state, req, method);
  if (refused) return turnAway(refused);

  const answer = await route({ req, url, state, entry, params: c.req.param() });
  if (answer.created && state.takeDrop()) {
    // The object exists now; the client never hears about it.
    req.socket.destroy();
    return new Response(null);
  }
  const late = state.takeFailure(method, url.pathname, true);
  const delayAfter = state.takeDelay(method, url.pathname, true);
  if (delayAfter) await sleep(delayAfter);
  // A client that gave up (its timeout) gets nothing, and the log keeps status 0.
  if (res.destroyed) return new Response(null);
  return reply(late ? api.failure(late) : answer);
}
