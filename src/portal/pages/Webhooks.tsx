import { usePortal } from '../context.js';
import { PageHeading } from '../ui/page.js';

export function WebhooksPage(_props: { slug: string; readOnly: boolean }) {
  const { t } = usePortal();
  return <PageHeading title={t('nav.webhooks')} />;
}
