import { signal } from '@preact/signals';

/**
 * The portal's pages are paths under `/portal/` (the server answers the same shell for each), so
 * every page has a real URL that can be bookmarked, reloaded and opened in a new tab. Links are
 * ordinary `<a href>`s; a click on one is turned into a history entry instead of a page load.
 */
export const BASE = '/portal';
export const currentPath = signal(typeof location === 'undefined' ? `${BASE}/` : location.pathname);
/**
 * The address's query (`?status=pending&q=…`, or ''): pages that keep their state in the URL (the
 * claims list's filters) read it here, so a shared link, a reload and Back all restore it.
 */
export const currentSearch = signal(typeof location === 'undefined' ? '' : location.search);

/** `path` may carry a query: `/portal/shops/x/claims?status=pending`. */
export function navigate(path: string, replace = false): void {
  const at = path.indexOf('?');
  const pathname = at < 0 ? path : path.slice(0, at);
  const search = at < 0 || at === path.length - 1 ? '' : path.slice(at);
  if (pathname === currentPath.value && search === currentSearch.value) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  currentPath.value = pathname;
  currentSearch.value = search;
}

export function startRouter(win: Window): void {
  win.addEventListener('popstate', () => {
    currentPath.value = win.location.pathname;
    currentSearch.value = win.location.search;
  });
  // Same-document navigation for plain left clicks on portal links; modified clicks behave as usual.
  win.document.addEventListener('click', (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement) || link.target || link.origin !== win.location.origin) return;
    if (!link.pathname.startsWith(`${BASE}/`) || link.pathname.startsWith(`${BASE}/assets/`)) return;
    event.preventDefault();
    navigate(`${link.pathname}${link.search}`);
  });
}

/** Page paths. A shop's pages carry its slug, so a user of several shops can keep one open per tab. */
export const paths = {
  signIn: `${BASE}/sign-in`,
  account: `${BASE}/account`,
  home: `${BASE}/`,
  profile: (slug: string) => `${BASE}/shops/${slug}/profile`,
  integrations: (slug: string) => `${BASE}/shops/${slug}/integrations`,
  gorgias: (slug: string) => `${BASE}/shops/${slug}/integrations/gorgias`,
  dixa: (slug: string) => `${BASE}/shops/${slug}/integrations/dixa`,
  webhooks: (slug: string) => `${BASE}/shops/${slug}/webhooks`,
  embed: (slug: string) => `${BASE}/shops/${slug}/embed`,
  resolveSettings: (slug: string) => `${BASE}/shops/${slug}/resolve-settings`,
  claims: (slug: string, search = '') => `${BASE}/shops/${slug}/claims${search}`,
  claim: (slug: string, uuid: string) => `${BASE}/shops/${slug}/claims/${uuid}`,
  operatorShops: `${BASE}/operator/shops`,
  operatorShop: (slug: string) => `${BASE}/operator/shops/${slug}`,
  operatorPending: `${BASE}/operator/pending-urls`,
};

export type Route =
  | { page: 'sign-in' }
  | { page: 'account' }
  | { page: 'home' }
  | { page: 'profile' | 'integrations' | 'gorgias' | 'dixa' | 'webhooks' | 'embed' | 'resolve-settings'; slug: string }
  | { page: 'claims'; slug: string }
  | { page: 'claim'; slug: string; uuid: string }
  | { page: 'operator-shops' }
  | { page: 'operator-shop'; slug: string }
  | { page: 'operator-pending' }
  | { page: 'not-found' };

const SHOP_PAGES: Record<string, Exclude<Route, { slug?: never }>['page']> = {
  profile: 'profile',
  integrations: 'integrations',
  'integrations/gorgias': 'gorgias',
  'integrations/dixa': 'dixa',
  webhooks: 'webhooks',
  embed: 'embed',
  'resolve-settings': 'resolve-settings',
  claims: 'claims',
};

export function parseRoute(path: string): Route {
  const rest = path.replace(/\/+$/, '').slice(BASE.length);
  if (rest === '') return { page: 'home' };
  if (rest === '/sign-in') return { page: 'sign-in' };
  if (rest === '/account') return { page: 'account' };
  if (rest === '/operator/shops') return { page: 'operator-shops' };
  if (rest === '/operator/pending-urls') return { page: 'operator-pending' };
  const operatorShop = /^\/operator\/shops\/([a-z0-9-]+)$/.exec(rest);
  if (operatorShop) return { page: 'operator-shop', slug: operatorShop[1] as string };
  const claim = /^\/shops\/([a-z0-9-]+)\/claims\/([0-9a-f-]{36})$/.exec(rest);
  if (claim) return { page: 'claim', slug: claim[1] as string, uuid: claim[2] as string };
  const shop = /^\/shops\/([a-z0-9-]+)\/(.+)$/.exec(rest);
  const page = shop ? SHOP_PAGES[shop[2] as string] : undefined;
  if (shop && page) return { page, slug: shop[1] as string } as Route;
  return { page: 'not-found' };
}
