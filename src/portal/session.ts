import { signal } from '@preact/signals';
import { portalSessionSchema, type PortalSession } from '../core/portal.js';
import type { Api } from './api.js';

/**
 * Who is signed in: `undefined` while the portal asks, `null` when nobody is. The CSRF token of
 * the session answer goes with every state-changing request; the session cookie itself is
 * HttpOnly and never seen by this code.
 */
export const session = signal<PortalSession | null | undefined>(undefined);

export const SESSION_PATH = '/v1/portal/session';

export async function loadSession(api: Api): Promise<void> {
  const result = await api('GET', SESSION_PATH, { schema: portalSessionSchema, expectUnauthorized: true });
  session.value = result.ok ? result.data : null;
}

export async function signOut(api: Api): Promise<void> {
  await api('DELETE', SESSION_PATH);
  session.value = null;
}

/** The signed-in user's role in a shop: operators administer every shop. */
export function roleIn(current: PortalSession | null | undefined, slug: string): 'admin' | 'member' | undefined {
  if (!current) return undefined;
  if (current.user.operator) return 'admin';
  return current.shops.find((shop) => shop.slug === slug)?.role;
}
