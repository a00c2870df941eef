import { useEffect } from 'preact/hooks';
import type { PortalBoot } from '../../core/portal-boot.js';
import type { Api } from '../api.js';
import { PortalContext, usePortal } from '../context.js';
import { PORTAL_LANGUAGES, switchLanguage, type PortalLanguage, type Translator } from '../i18n.js';
import { currentPath, navigate, parseRoute, paths, type Route } from '../router.js';
import { roleIn, session, signOut } from '../session.js';
import { AccountPage } from '../pages/Account.js';
import { DixaPage } from '../pages/Dixa.js';
import { EmbedPage } from '../pages/Embed.js';
import { GorgiasPage } from '../pages/Gorgias.js';
import { IntegrationsPage } from '../pages/Integrations.js';
import { OperatorPendingPage } from '../pages/OperatorPending.js';
import { OperatorShopPage } from '../pages/OperatorShop.js';
import { OperatorShopsPage } from '../pages/OperatorShops.js';
import { ProfilePage } from '../pages/Profile.js';
import { ResolveSettingsPage } from '../pages/ResolveSettings.js';
import { SignInPage } from '../pages/SignIn.js';
import { WebhooksPage } from '../pages/Webhooks.js';
import { lazyPage } from './lazy.js';

// The claims pages (and their CSS) load when first opened: they are most of the portal's code.
const ClaimsPage = lazyPage(async () => (await import('../pages/Claims.js')).ClaimsPage);
const ClaimDetailPage = lazyPage(async () => (await import('../pages/ClaimDetail.js')).ClaimDetailPage);

/** The portal: header, navigation and the page the address names; sign-in when nobody is signed in. */
export function Portal(props: { api: Api; translator: Translator; boot: PortalBoot }) {
  const { t, language } = props.translator;
  const context = { t, language, api: props.api, apiOrigin: props.boot.apiOrigin, appOrigin: props.boot.appOrigin };
  const path = currentPath.value;
  const route = parseRoute(path);
  const current = session.value;

  // Where a signed-in user lands, and where a signed-out one is sent.
  useEffect(() => {
    if (current === undefined) return;
    if (current === null && route.page !== 'sign-in') navigate(paths.signIn, true);
    if (current && (route.page === 'sign-in' || route.page === 'home')) {
      const first = current.shops[0];
      navigate(first ? paths.profile(first.slug) : current.user.operator ? paths.operatorShops : paths.account, true);
    }
  }, [current, route.page]);

  const signedOut = current === null;
  // A new page: its heading takes focus (screen readers announce it) and names the tab.
  useEffect(() => {
    const heading = document.getElementById('page-title');
    if (heading) {
      document.title = `${heading.textContent ?? ''} · ${t('app.name')}`;
      if (document.activeElement === document.body || document.activeElement?.closest('nav, header')) heading.focus();
    }
  }, [path, signedOut, language, t]);

  return (
    <PortalContext.Provider value={context}>
      <a class="skip-link" href="#main">
        {t('app.skip_to_content')}
      </a>
      <Header route={route} />
      <div class="layout">
        {current ? <Navigation route={route} /> : null}
        <main id="main" tabIndex={-1}>
          {current === undefined ? (
            <p role="status">{t('common.loading')}</p>
          ) : current === null ? (
            <SignInPage />
          ) : (
            <Page route={route} />
          )}
        </main>
      </div>
    </PortalContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = usePortal();
  const current = session.value;
  if (!current) return null;
  if ('slug' in route && route.page !== 'operator-shop') {
    const role = roleIn(current, route.slug);
    // Shops the user does not belong to do not exist for them (the API says the same: 404).
    if (!role) return <NotFound />;
    const readOnly = role !== 'admin';
    switch (route.page) {
      case 'profile':
        return <ProfilePage slug={route.slug} />;
      case 'integrations':
        return <IntegrationsPage slug={route.slug} />;
      case 'gorgias':
        return <GorgiasPage slug={route.slug} readOnly={readOnly} />;
      case 'dixa':
        return <DixaPage slug={route.slug} readOnly={readOnly} />;
      case 'webhooks':
        return <WebhooksPage slug={route.slug} readOnly={readOnly} />;
      case 'embed':
        return <EmbedPage slug={route.slug} readOnly={readOnly} />;
      case 'resolve-settings':
        return <ResolveSettingsPage slug={route.slug} readOnly={readOnly} />;
      case 'claims':
        return <ClaimsPage slug={route.slug} />;
      case 'claim':
        return <ClaimDetailPage key={route.uuid} slug={route.slug} uuid={route.uuid} readOnly={readOnly} />;
    }
  }
  if (route.page === 'account') return <AccountPage />;
  if (route.page.startsWith('operator') && !current.user.operator) return <NotFound />;
  if (route.page === 'operator-shops') return <OperatorShopsPage />;
  if (route.page === 'operator-shop') return <OperatorShopPage slug={route.slug} />;
  if (route.page === 'operator-pending') return <OperatorPendingPage />;
  if (route.page === 'home' || route.page === 'sign-in') return <p role="status">{t('common.loading')}</p>;
  return <NotFound />;
}

function NotFound() {
  const { t } = usePortal();
  return (
    <section>
      <h1 id="page-title" tabIndex={-1}>
        {t('not_found.title')}
      </h1>
      <p>{t('not_found.text')}</p>
      <p>
        <a href={paths.home}>{t('not_found.home')}</a>
      </p>
    </section>
  );
}

function Header({ route }: { route: Route }) {
  const { t, language, api } = usePortal();
  const current = session.value;
  const slug = 'slug' in route && route.page !== 'operator-shop' ? route.slug : undefined;
  return (
    <header class="top">
      <a class="brand" href={paths.home}>
        {t('app.name')}
      </a>
      <div class="top-controls">
        {current && current.shops.length > 1 ? <ShopSwitcher route={route} slug={slug} /> : null}
        <div class="compact">
          <label for="portal-language">{t('app.language')}</label>
          <select
            id="portal-language"
            value={language}
            onChange={(event) =>
              void switchLanguage((event.currentTarget as HTMLSelectElement).value as PortalLanguage)
            }
          >
            {PORTAL_LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {t(`languages.${code}`, { lng: code })}
              </option>
            ))}
          </select>
        </div>
        {current ? (
          <>
            <a href={paths.account} class="top-link">
              {t('nav.account')}
            </a>
            <button type="button" class="secondary small" onClick={() => void signOut(api)}>
              {t('nav.sign_out')}
            </button>
          </>
        ) : null}
      </div>
    </header>
  );
}

/** Users of several shops switch here; the same page opens for the other shop. */
function ShopSwitcher({ route, slug }: { route: Route; slug: string | undefined }) {
  const { t } = usePortal();
  const current = session.value;
  if (!current) return null;
  return (
    <div class="compact">
      <label for="portal-shop">{t('app.shop')}</label>
      <select
        id="portal-shop"
        value={slug ?? ''}
        onChange={(event) => {
          const next = (event.currentTarget as HTMLSelectElement).value;
          // One claim belongs to one shop: the other shop's Claims view opens instead.
          const samePage =
            route.page === 'claim'
              ? paths.claims(next)
              : 'slug' in route && route.page !== 'operator-shop'
                ? currentPath.value.replace(`/shops/${route.slug}/`, `/shops/${next}/`)
                : paths.profile(next);
          navigate(samePage);
        }}
      >
        {slug ? null : <option value="">{t('app.choose_shop')}</option>}
        {current.shops.map((shop) => (
          <option key={shop.slug} value={shop.slug}>
            {shop.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function Navigation({ route }: { route: Route }) {
  const { t } = usePortal();
  const current = session.value;
  if (!current) return null;
  const slug = 'slug' in route && route.page !== 'operator-shop' ? route.slug : current.shops[0]?.slug;
  const here = currentPath.value.replace(/\/+$/, '');
  const link = (href: string, label: string, match = href) => (
    <li key={href}>
      <a href={href} aria-current={here === match || here.startsWith(`${match}/`) ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <nav class="side" aria-label={t('nav.label')}>
      {slug && roleIn(current, slug) ? (
        <ul>
          {link(paths.profile(slug), t('nav.profile'))}
          {link(paths.claims(slug), t('nav.claims'))}
          {link(paths.integrations(slug), t('nav.integrations'))}
          {link(paths.webhooks(slug), t('nav.webhooks'))}
          {link(paths.embed(slug), t('nav.embed'))}
          {link(paths.resolveSettings(slug), t('nav.resolve_settings'))}
        </ul>
      ) : null}
      {current.user.operator ? (
        <>
          <p class="nav-heading">{t('nav.operator')}</p>
          <ul>
            {link(paths.operatorShops, t('nav.operator_shops'))}
            {link(paths.operatorPending, t('nav.operator_pending'))}
          </ul>
        </>
      ) : null}
    </nav>
  );
}
