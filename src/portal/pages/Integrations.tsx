import { INTEGRATION_PROVIDERS, integrationAvailabilitySchema } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useLoad } from '../load.js';
import { paths } from '../router.js';
import { LoadState, PageHeading } from '../ui/page.js';

/** Settings → Integrations: the helpdesks an operator enabled for this shop, and nothing else. */
export function IntegrationsPage({ slug }: { slug: string }) {
  const { t, api } = usePortal();
  const [loaded, reload] = useLoad(slug, () =>
    api('GET', `/v1/shops/${slug}/integrations`, { schema: integrationAvailabilitySchema }),
  );
  return (
    <section>
      <PageHeading title={t('integrations.title')} intro={t('integrations.intro')} />
      <LoadState loaded={loaded} onRetry={reload}>
        {(availability) => {
          const shown = INTEGRATION_PROVIDERS.filter((provider) => availability[provider].available);
          return (
            <>
              {shown.length === 0 ? <p class="notice">{t('integrations.none_available')}</p> : null}
              <ul class="integration-list list" aria-label={t('integrations.title')}>
                {shown.map((provider) => {
                  const status = availability[provider];
                  const state = status.enabled ? 'active' : status.configured ? 'inactive' : 'pending';
                  return (
                    <li key={provider}>
                      <a class="card grow" href={provider === 'gorgias' ? paths.gorgias(slug) : paths.dixa(slug)}>
                        <strong>{t(`nav.${provider}`)}</strong>{' '}
                        <span class={`badge ${state}`}>{t(`integrations.state.${state}`)}</span>
                        <span class="hint"> {t(`integrations.about.${provider}`)}</span>
                      </a>
                    </li>
                  );
                })}
              </ul>
              <p class="hint">{t('integrations.missing_hint')}</p>
            </>
          );
        }}
      </LoadState>
    </section>
  );
}
