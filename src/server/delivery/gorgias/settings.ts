import type { GorgiasFieldMapping, HelpdeskTagSettings } from '../../../core/integrations.js';
import { isLoopbackHost } from '../../../core/urls.js';
import { EMAIL_SHAPE, type ConnectorOptions, type FieldError, type Normalized } from '../common.js';

/** Gorgias settings as merchants enter them, normalized before they are stored and before each delivery. */

export interface GorgiasCredentials {
  /** `https://{account}.gorgias.com`, normalized (no trailing slash, no path). */
  endpoint: string;
  email: string;
  api_key: string;
}

export interface GorgiasDeliverySettings extends GorgiasCredentials {
  tags?: HelpdeskTagSettings;
  custom_fields?: readonly GorgiasFieldMapping[];
}

export interface GorgiasOptions extends ConnectorOptions {
  /**
   * Accept http(s) on loopback hosts (any port) as the endpoint: the local stand-in and the demo.
   * Never set in production: it would send credentials in clear text.
   */
  allowInsecureHostsForTesting?: boolean;
}

const GORGIAS_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.gorgias\.com$/;

/**
 * `  https://Acme.gorgias.com/ ` → `https://acme.gorgias.com`. A bare host gets https; `/api`
 * (pasted from the docs) is dropped; any other path, a query, credentials, a port, plain http or
 * a host outside `*.gorgias.com` (`acme.gorgias.com.evil.com`) is refused with its own key.
 */
export function normalizeGorgiasEndpoint(
  raw: string,
  options: Pick<GorgiasOptions, 'allowInsecureHostsForTesting'> = {},
): { ok: true; endpoint: string } | { ok: false; key: FieldError['key'] } {
  let value = raw.trim();
  if (!value) return { ok: false, key: 'gorgias_endpoint_invalid' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) value = `https://${value}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, key: 'gorgias_endpoint_invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, key: 'gorgias_endpoint_invalid' };
  if (url.username || url.password) return { ok: false, key: 'gorgias_endpoint_invalid' };
  const path = url.pathname.replace(/\/+$/, '');
  if ((path !== '' && path !== '/api') || url.search || url.hash) return { ok: false, key: 'gorgias_endpoint_path' };
  if (options.allowInsecureHostsForTesting && isLoopbackHost(url.hostname)) return { ok: true, endpoint: url.origin };
  if (url.protocol !== 'https:') return { ok: false, key: 'gorgias_endpoint_not_https' };
  if (url.port || !GORGIAS_HOST.test(url.hostname)) return { ok: false, key: 'gorgias_endpoint_host' };
  return { ok: true, endpoint: `https://${url.hostname}` };
}

/** Trims every value (pasted keys often carry spaces) and checks each field; all problems at once. */
export function normalizeGorgiasCredentials(
  input: { endpoint: string; email: string; api_key: string },
  options: Pick<GorgiasOptions, 'allowInsecureHostsForTesting'> = {},
): Normalized<GorgiasCredentials> {
  const errors: FieldError[] = [];
  const endpoint = normalizeGorgiasEndpoint(input.endpoint, options);
  if (!endpoint.ok) errors.push({ field: 'endpoint', key: endpoint.key });
  const email = input.email.trim();
  if (!EMAIL_SHAPE.test(email) || email.length > 320) errors.push({ field: 'email', key: 'gorgias_email_invalid' });
  const apiKey = input.api_key.trim();
  if (!apiKey) errors.push({ field: 'api_key', key: 'gorgias_api_key_missing' });
  if (!endpoint.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { endpoint: endpoint.endpoint, email, api_key: apiKey } };
}
