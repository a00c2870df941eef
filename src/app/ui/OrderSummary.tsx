import { formatDate } from '../format.js';
import { useFlow } from './context.js';

/** The order the customer is talking about, so they know they found the right one. */
export function OrderSummary() {
  const { store, t, language } = useFlow();
  const order = store.session.value?.data.order;
  if (!order) return null;
  const placed = formatDate(language, order.placed_at);
  const shipment = order.shipments[0];
  return (
    <div class="order-summary">
      <p class="order-number">{t('flow.order.number', { number: order.order_number })}</p>
      {placed ? <p>{t('flow.order.placed_on', { date: placed })}</p> : null}
      {shipment ? (
        <p>
          {t(`flow.order.phase.${shipment.phase}`)}
          {shipment.carrier && shipment.tracking_number
            ? ` · ${shipment.carrier.toUpperCase()} ${shipment.tracking_number}`
            : ''}
        </p>
      ) : null}
      <p class="hint">{t('flow.order.items', { count: order.items.reduce((sum, item) => sum + item.quantity, 0) })}</p>
    </div>
  );
}
