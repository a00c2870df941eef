import { usePortal } from '../context.js';
import { PageHeading } from '../ui/page.js';

export function OperatorShopPage(_props: { slug: string }) {
  const { t } = usePortal();
  return <PageHeading title={t('nav.operator_shop')} />;
}
