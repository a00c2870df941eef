import { FLOW_TYPES, type FlowType } from './flows.js';
import type { FinderDeepLink } from './urls.js';

/**
 * Options a merchant writes on a `[data-karla-resolve]` placeholder to deep-link into the flow:
 * `data-flow-type`, `data-order-number`, `data-zip-code`, `data-token`, and `data-variant="button"`
 * for a compact button instead of a tile. Attributes are hand-written (or templated from order
 * data), so anything malformed is dropped rather than passed on.
 */
export type PlaceholderVariant = 'tile' | 'button';

export interface PlaceholderOptions {
  deepLink: FinderDeepLink;
  variant: PlaceholderVariant;
}

const ORDER_NUMBER = /^[^\u0000-\u001f\u007f]{1,64}$/;
const ZIP_CODE = /^[\p{L}\p{N}][\p{L}\p{N} -]{0,15}$/u;
const TOKEN = /^[A-Za-z0-9_.-]{16,2048}$/;

export function isFlowType(value: unknown): value is FlowType {
  return typeof value === 'string' && (FLOW_TYPES as readonly string[]).includes(value);
}

/** Deep-link values from an untrusted source (attributes, `KarlaResolve.open()`), malformed ones dropped. */
export function sanitizeDeepLink(raw: { [K in keyof FinderDeepLink]?: unknown }): FinderDeepLink {
  const value = (input: unknown, pattern: RegExp) => {
    const trimmed = typeof input === 'string' ? input.trim() : undefined;
    return trimmed && pattern.test(trimmed) ? trimmed : undefined;
  };
  const deepLink: FinderDeepLink = {};
  const flowType = typeof raw.flowType === 'string' ? raw.flowType.trim() : undefined;
  if (isFlowType(flowType)) deepLink.flowType = flowType;
  const orderNumber = value(raw.orderNumber, ORDER_NUMBER);
  if (orderNumber) deepLink.orderNumber = orderNumber;
  const zipCode = value(raw.zipCode, ZIP_CODE);
  if (zipCode) deepLink.zipCode = zipCode;
  const token = value(raw.token, TOKEN);
  if (token) deepLink.token = token;
  return deepLink;
}

export function parsePlaceholderOptions(read: (name: string) => string | null): PlaceholderOptions {
  const deepLink = sanitizeDeepLink({
    flowType: read('data-flow-type'),
    orderNumber: read('data-order-number'),
    zipCode: read('data-zip-code'),
    token: read('data-token'),
  });
  return { deepLink, variant: read('data-variant')?.trim() === 'button' ? 'button' : 'tile' };
}

/** A stable key for memoizing per-placeholder views. */
export function placeholderOptionsKey(options: PlaceholderOptions): string {
  const { flowType = '', orderNumber = '', zipCode = '', token = '' } = options.deepLink;
  return [options.variant, flowType, orderNumber, zipCode, token].join('\u0000');
}
