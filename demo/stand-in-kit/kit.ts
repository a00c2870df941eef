import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the Gorgias and Dixa stand-ins share: a loopback HTTP server, a request log for contract
 * tests, fault injection (fail, delay, drop the connection after a create), body reading with a
 * size limit, and rate limiters on an injectable clock so tests run on virtual time.
 */

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, a multipart summary, or null. */
  body: unknown;
  /** The status answered (0 when the connection was dropped). */
  status: number;
}

export interface RequestMatch {
  method?: string;
  /** Exact path, or a pattern. Default: every API request. */
  path?: string | RegExp;
}

export interface FailSpec extends RequestMatch {
  status: number;
  /** How many matching requests fail (default 1). */
  count?: number;
  /** Seconds, sent as Retry-After (429 defaults to 1). */
  retryAfter?: number;
  /** The JSON body (defaults to the helpdesk's error shape). */
  body?: unknown;
  /**
   * Process the request first (create the ticket), then answer with the failure: the helpdesk
   * "failing halfway". Default: fail before doing anything.
   */
  afterProcessing?: boolean;
}

export interface DelaySpec extends RequestMatch {
  count?: number;
  /** Default true: the work is done, only the answer is late (a client timeout leaves the outcome unknown). */
  afterProcessing?: boolean;
}

interface Armed<T> {
  spec: T;
  remaining: number;
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}

/** Faults armed by a test, consumed by matching requests in order. */
export class Faults {
  private failures: Armed<FailSpec>[] = [];
  private delays: Armed<DelaySpec & { ms: number }>[] = [];
  private drops = 0;

  failNext(spec: FailSpec): void {
    this.failures.push({ spec, remaining: spec.count ?? 1 });
  }

  delayNext(ms: number, spec: DelaySpec = {}): void {
    this.delays.push({ spec: { ...spec, ms }, remaining: spec.count ?? 1 });
  }

  /** The next `count` creates succeed on the helpdesk's side, then the socket is destroyed unanswered. */
  dropConnectionAfterCreate(count = 1): void {
    this.drops += count;
  }

  reset(): void {
    this.failures = [];
    this.delays = [];
    this.drops = 0;
  }

  takeFailure(method: string, path: string, afterProcessing: boolean): FailSpec | undefined {
    return take(
      this.failures,
      (spec) => Boolean(spec.afterProcessing) === afterProcessing && matches(spec, method, path),
    );
  }

  takeDelay(method: string, path: string, afterProcessing: boolean): number {
    return (
      take(this.delays, (spec) => (spec.afterProcessing ?? true) === afterProcessing && matches(spec, method, path))
        ?.ms ?? 0
    );
  }

  takeDrop(): boolean {
    if (this.drops <= 0) return false;
    this.drops -= 1;
    return true;
  }
}

function take<T>(armed: Armed<T>[], predicate: (spec: T) => boolean): T | undefined {
  const entry = armed.find((candidate) => candidate.remaining > 0 && predicate(candidate.spec));
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining === 0) armed.splice(armed.indexOf(entry), 1);
  return entry.spec;
}

/** Gorgias: a leaky bucket of `capacity` requests draining over `windowMs`. */
export class LeakyBucket {
  private level = 0;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {
    this.updatedAt = now();
  }

  private drain(): void {
    const now = this.now();
    this.level = Math.max(0, this.level - ((now - this.updatedAt) * this.capacity) / this.windowMs);
    this.updatedAt = Math.max(this.updatedAt, now);
  }

  /** Counts the request, or says how many seconds to wait. */
  tryTake(): { ok: true } | { ok: false; retryAfterSeconds: number } {
    this.drain();
    if (this.level + 1 <= this.capacity + 1e-9) {
      this.level += 1;
      return { ok: true };
    }
    const waitMs = ((this.level + 1 - this.capacity) * this.windowMs) / this.capacity;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  get used(): number {
    this.drain();
    return Math.min(this.capacity, Math.ceil(this.level - 1e-9));
  }
}

/** Dixa: `burst` tokens refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  tryTake(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.perSecond) / 1000);
    this.updatedAt = Math.max(this.updatedAt, now);
    if (this.tokens >= 1 - 1e-9) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

export class BodyTooLarge extends Error {}

/**
 * The whole body, at most `limit` bytes. Past the limit the rest is still read and discarded
 * (up to 8× the limit) so the client sees the 413 instead of a reset while it is still sending.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit * 8) break;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw new BodyTooLarge();
  return Buffer.concat(chunks);
}

/** Reads and discards the rest of a request, so the answer goes out only once the client has finished sending. */
export async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req as AsyncIterable<Buffer>) {
    // discard
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** A page of the stand-in: no scripts, images only from the stand-in itself. */
export function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-src 'self'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(html);
}

/** A stored file: served with its recorded type, never sniffed, never executed. */
export function sendFile(res: ServerResponse, file: { bytes: Uint8Array; contentType: string }): void {
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': String(file.bytes.byteLength),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, max-age=3600',
  });
  res.end(Buffer.from(file.bytes));
}

export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RunningServer {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on loopback (port 0 = a free one). Handler errors become a plain 500. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { message: 'stand-in error', detail: String(error) });
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
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
