import type { ComponentChildren } from 'preact';
import { integrationAvailabilitySchema, type IntegrationProvider } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useLoad } from '../load.js';
import { paths } from '../router.js';
import { LoadState } from '../ui/page.js';

/**
 * An integration page shows its settings only when an operator enabled the integration for the
 * shop; otherwise it says whom to ask (the API refuses the settings routes just the same).
 */
export function IntegrationGate(props: { slug: string; provider: IntegrationProvider; children: ComponentChildren }) {
  const { t, api } = usePortal();
  const [loaded, reload] = useLoad(props.slug, () =>
    api('GET', `/v1/shops/${props.slug}/integrations`, { schema: integrationAvailabilitySchema }),
  );
  return (
    <LoadState loaded={loaded} onRetry={reload}>
      {(availability) =>
        availability[props.provider].available ? (
          props.children
        ) : (
          <div class="notice">
            <p>{t('integrations.not_available', { name: t(`nav.${props.provider}`) })}</p>
            <a href={paths.integrations(props.slug)}>{t('integrations.back')}</a>
          </div>
        )
      }
    </LoadState>
  );
}
