import * as z from 'zod/mini';
import { DIXA_API_ORIGIN, dixaErrorSchema } from '../../../core/dixa-api.js';
import { pacersFor } from '../common.js';
import { DeliveryError, genericKey, isRetryableStatus, kindForStatus, shortText } from '../errors.js';
import { parseHelpdeskAnswer, sendRequest, type HttpResponse } from '../http.js';
import type { Pacer } from '../pacing.js';
import type { DixaOptions } from './settings.js';

/**
 * Talking to Dixa with one API token: the token goes raw into `Authorization` (Dixa's own
 * examples; the docs call it bearer auth), paced per token, answers classified into
 * DeliveryErrors with Dixa's keys.
 */
export class DixaClient {
  private readonly pacer: Pacer;
  private readonly base: string;

  constructor(
    private readonly token: string,
    private readonly options: DixaOptions,
  ) {
    this.pacer = pacersFor(options).dixa(token);
    this.base = (options.baseUrl ?? DIXA_API_ORIGIN).replace(/\/+$/, '');
  }

  request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    init: { query?: Record<string, string>; json?: unknown; timeoutMs?: number } = {},
  ): Promise<HttpResponse> {
    const url = new URL(`${this.base}${path}`);
    for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = { authorization: this.token, accept: 'application/json' };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    return sendRequest(
      {
        method,
        url: url.toString(),
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
        // Paths carry email addresses and ids: log the route shape only.
        label: `${method} ${routeShape(url.pathname)}`,
        pacer: this.pacer,
        ...(init.timeoutMs ? { timeoutMs: init.timeoutMs } : {}),
        // Dixa's 429 has no documented headers; a second lets the bucket (10/s) refill fully.
        defaultRetryAfterMs: 1_000,
      },
      this.options,
    );
  }
}

/** `/v1/contact-endpoints/support@x.io` → `/v1/contact-endpoints/{id}`. */
function routeShape(pathname: string): string {
  return pathname.replace(/^(\/v1\/(?:contact-endpoints|endusers|conversations))\/[^/]+/, '$1/{id}');
}

export function remoteMessage(response: HttpResponse): string {
  const parsed = z.safeParse(dixaErrorSchema, response.json);
  return parsed.success ? parsed.data.message : '';
}

export function dixaFailure(response: HttpResponse, label: string): DeliveryError {
  const { status } = response;
  const remote = remoteMessage(response);
  const message = `${label}: Dixa answered ${status}${remote ? ` (${shortText(remote)})` : ''}`;
  const kind = kindForStatus(status);
  const key =
    kind === 'auth'
      ? 'dixa_auth_failed'
      : kind === 'permission'
        ? 'dixa_permission_denied'
        : genericKey(kind, 'helpdesk_rejected');
  return new DeliveryError({ kind, key, status, message, retryable: isRetryableStatus(status) });
}

/** A Dixa answer parsed with its schema; anything else is an unexpected answer. */
export const parseDixaAnswer = <T>(schema: z.ZodMiniType<T>, response: HttpResponse, label: string): T =>
  parseHelpdeskAnswer(schema, response, label, 'Dixa');

export const ok = (response: HttpResponse) => response.status >= 200 && response.status < 300;
