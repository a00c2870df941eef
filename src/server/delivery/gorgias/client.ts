import * as z from 'zod/mini';
import {
  GORGIAS_MAX_PAGE_SIZE,
  gorgiasCustomFieldSchema,
  gorgiasErrorSchema,
  gorgiasListSchema,
  type GorgiasCustomField,
} from '../../../core/gorgias-api.js';
import { pacersFor } from '../common.js';
import { DeliveryError, genericKey, isRetryableStatus, kindForStatus, shortText } from '../errors.js';
import { parseHelpdeskAnswer, sendRequest, type HttpResponse } from '../http.js';
import { parseCallLimitHeader, type Pacer } from '../pacing.js';
import type { GorgiasCredentials, GorgiasOptions } from './settings.js';

/**
 * Talking to one Gorgias account: HTTP Basic `email:api_key` against
 * `https://{account}.gorgias.com/api/`, paced by the account's leaky bucket (kept in step with
 * `X-Gorgias-Account-Api-Call-Limit`), answers classified into DeliveryErrors with Gorgias's keys.
 */
export class GorgiasClient {
  private readonly authorization: string;
  private readonly pacer: Pacer;

  constructor(
    readonly credentials: GorgiasCredentials,
    private readonly options: GorgiasOptions,
  ) {
    this.authorization = `Basic ${Buffer.from(`${credentials.email}:${credentials.api_key}`, 'utf8').toString('base64')}`;
    this.pacer = pacersFor(options).gorgias(credentials.endpoint);
  }

  request(
    method: 'GET' | 'POST',
    path: string,
    /** `purpose`: said in the log line, for a request whose answer is meant to be an error. */
    init: {
      query?: Record<string, string>;
      json?: unknown;
      form?: FormData;
      timeoutMs?: number;
      purpose?: string;
    } = {},
  ): Promise<HttpResponse> {
    const url = new URL(path, `${this.credentials.endpoint}/`);
    for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = { authorization: this.authorization, accept: 'application/json' };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    return sendRequest(
      {
        method,
        url: url.toString(),
        headers,
        body: init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
        label: `${method} ${url.pathname}${init.purpose ? ` (${init.purpose})` : ''}`,
        pacer: this.pacer,
        ...(init.timeoutMs ? { timeoutMs: init.timeoutMs } : {}),
        defaultRetryAfterMs: 1_000,
        observe: (responseHeaders) => {
          const limit = parseCallLimitHeader(responseHeaders.get('x-gorgias-account-api-call-limit'));
          if (limit) this.pacer.observe(limit.used, limit.limit);
        },
      },
      this.options,
    );
  }
}

/** An answer that is not the expected success, as a classified failure with Gorgias's keys. */
export function gorgiasFailure(response: HttpResponse, label: string): DeliveryError {
  const { status } = response;
  const parsed = z.safeParse(gorgiasErrorSchema, response.json);
  const remote = parsed.success
    ? [parsed.data.error.msg, parsed.data.error.data === undefined ? '' : shortText(parsed.data.error.data, 200)]
        .filter(Boolean)
        .join(' ')
    : '';
  const message = `${label}: Gorgias answered ${status}${remote ? ` (${shortText(remote)})` : ''}`;
  if (status >= 300 && status < 400) {
    // Unknown accounts are redirected to Gorgias's website rather than answered with JSON.
    return new DeliveryError({
      kind: 'not_found',
      key: 'gorgias_account_not_found',
      status,
      message,
      retryable: false,
    });
  }
  const kind = kindForStatus(status);
  const key =
    kind === 'auth'
      ? 'gorgias_auth_failed'
      : kind === 'permission'
        ? 'gorgias_permission_denied'
        : kind === 'not_found'
          ? 'gorgias_account_not_found'
          : genericKey(kind, 'helpdesk_rejected');
  return new DeliveryError({ kind, key, status, message, retryable: isRetryableStatus(status) });
}

/** A Gorgias answer parsed with its schema; anything else is an unexpected answer. */
export const parseGorgiasAnswer = <T>(schema: z.ZodMiniType<T>, response: HttpResponse, label: string): T =>
  parseHelpdeskAnswer(schema, response, label, 'Gorgias');

/**
 * Every page of a cursor-paginated list (`meta.next_cursor`), up to `maxPages`: a field mapped by
 * the merchant may sit on any page, and a field not found would be skipped as deleted.
 */
export async function listAllPages<T>(
  client: GorgiasClient,
  path: string,
  query: Record<string, string>,
  item: z.ZodMiniType<T>,
  maxPages: number,
): Promise<T[]> {
  const label = `GET /${path}`;
  const items: T[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await client.request('GET', path, {
      query: { ...query, limit: String(GORGIAS_MAX_PAGE_SIZE), ...(cursor ? { cursor } : {}) },
    });
    if (response.status !== 200) throw gorgiasFailure(response, label);
    const list = parseGorgiasAnswer(gorgiasListSchema(item), response, label);
    items.push(...(list.data as T[]));
    cursor = list.meta?.next_cursor;
    if (!cursor) break;
  }
  return items;
}

/** An account with more ticket fields than this (100 per page) is beyond any real setup: stop there. */
const MAX_CUSTOM_FIELD_PAGES = 20;

/** The account's ticket custom fields, every page of them. */
export const ticketFields = (client: GorgiasClient): Promise<GorgiasCustomField[]> =>
  listAllPages(
    client,
    'api/custom-fields',
    { object_type: 'Ticket' },
    gorgiasCustomFieldSchema,
    MAX_CUSTOM_FIELD_PAGES,
  );
