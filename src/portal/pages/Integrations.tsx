import { usePortal } from '../context.js';
import { PageHeading } from '../ui/page.js';

export function IntegrationsPage(_props: { slug: string }) {
  const { t } = usePortal();
  return <PageHeading title={t('nav.integrations')} />;
}
