import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';

/**
 * How every demo server runs: a Hono app on @hono/node-server, listening on loopback (port 0 = a
 * free one), closed with its connections. The answers the stand-ins share are here too.
 */

/** Handlers get Node's request and response as `c.env.incoming` / `c.env.outgoing`. */
export type DemoEnv = { Bindings: HttpBindings };

export interface RunningServer {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** A Hono app whose handler errors become `onError`'s answer (default: a plain 500). */
export function demoApp(onError: (error: unknown) => Response = standInError): Hono<DemoEnv> {
  const app = new Hono<DemoEnv>();
  app.onError((error) => onError(error));
  return app;
}

const standInError = (error: unknown) => jsonResponse(500, { message: 'stand-in error', detail: String(error) });

export async function listenOnLoopback(
  app: Hono<DemoEnv>,
  options: { host?: string | undefined; port?: number | undefined } = {},
): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () =>
      resolve(started as Server),
    );
    started.once('error', reject);
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

/** The origin a browser uses: the server's port under a `*.localhost` name (browsers send it to loopback). */
export function namedOrigin(hostname: string, listening: string): string {
  return `http://${hostname}:${new URL(listening).port}`;
}

/** Files of `dir` at fixed paths, read on each request (the demo serves what is on disk now). */
export function serveAssets(
  app: Hono<DemoEnv>,
  dir: string,
  assets: Record<string, { file: string; type: string }>,
  headers: Record<string, string> = {},
): void {
  for (const [path, asset] of Object.entries(assets)) {
    app.get(
      path,
      async () =>
        new Response(await readFile(`${dir}/${asset.file}`), { headers: { 'Content-Type': asset.type, ...headers } }),
    );
  }
}

/** `npx tsx demo/…/main.ts`: runs until SIGINT / SIGTERM, then closes the server. */
export function closeOnSignal(running: { close(): Promise<void> }): void {
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  return new Response(text === '' ? null : text, {
    status,
    headers: {
      ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    },
  });
}

/** A page of a stand-in: no scripts, images only from the stand-in itself. */
export function htmlResponse(html: string): Response {
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-src 'self'",
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    },
  });
}

/** A stored file: served with its recorded type, never sniffed, never executed. */
export function fileResponse(file: { bytes: Uint8Array; contentType: string }): Response {
  return new Response(Buffer.from(file.bytes), {
    headers: {
      'content-type': file.contentType,
      'content-length': String(file.bytes.byteLength),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=3600',
    },
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
