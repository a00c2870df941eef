import { usePortal } from '../context.js';
import { PageHeading } from '../ui/page.js';

export function OperatorShopsPage() {
  const { t } = usePortal();
  return <PageHeading title={t('nav.operator_shops')} />;
}
