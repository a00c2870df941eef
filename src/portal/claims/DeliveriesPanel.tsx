import { useState } from 'preact/hooks';
import type { ClaimDeliveryView } from '../../core/claim-detail.js';
import { usePortal } from '../context.js';
import { formatDateTime } from './format.js';

/**
 * Where the claim was sent: each helpdesk and webhook with its state, attempts, the last problem
 * in the merchant's words (the helpdesk's own words as detail), the created ticket or conversation,
 * and "Retry" for parked ones (admins; members see why they cannot).
 */
export function DeliveriesPanel(props: {
  deliveries: ClaimDeliveryView[];
  readOnly: boolean;
  onRetry: (delivery: ClaimDeliveryView) => Promise<string | undefined>;
}) {
  const { t } = usePortal();
  if (props.deliveries.length === 0) return <p class="hint">{t('claims.deliveries.none')}</p>;
  return (
    <ul class="list deliveries">
      {props.deliveries.map((delivery) => (
        <li key={delivery.id}>
          <DeliveryItem delivery={delivery} readOnly={props.readOnly} onRetry={props.onRetry} />
        </li>
      ))}
    </ul>
  );
}

function DeliveryItem(props: {
  delivery: ClaimDeliveryView;
  readOnly: boolean;
  onRetry: (delivery: ClaimDeliveryView) => Promise<string | undefined>;
}) {
  const { t, language } = usePortal();
  const { delivery } = props;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const name = t(`claims.target.${delivery.target}`);
  const headingId = `delivery-${delivery.id}`;
  return (
    <article class="grow" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {name}
        {delivery.target_label ? <span class="hint"> · {delivery.target_label}</span> : null}{' '}
        <span class={`badge ${delivery.state}`}>{t(`claims.delivery_state.${delivery.state}`)}</span>
      </h3>
      <p class="hint">
        <code>{delivery.event_name}</code> · {t('claims.deliveries.attempts', { count: delivery.attempts })}
        {delivery.delivered_at
          ? ` · ${t('claims.deliveries.delivered_at', { at: formatDateTime(delivery.delivered_at, language) })}`
          : delivery.next_attempt_at && delivery.state === 'pending'
            ? ` · ${t('claims.deliveries.next_attempt', { at: formatDateTime(delivery.next_attempt_at, language) })}`
            : ''}
      </p>
      {delivery.last_error && delivery.state !== 'delivered' ? (
        <div class="delivery-error">
          <p>{t(`claims.delivery_error.${delivery.last_error.code}`)}</p>
          <p class="hint">
            {delivery.last_error.status !== null
              ? t('claims.deliveries.answered', { status: delivery.last_error.status })
              : null}{' '}
            {delivery.last_error.message}
          </p>
        </div>
      ) : null}
      {delivery.link ? (
        <p>
          <a href={delivery.link} target="_blank" rel="noopener noreferrer">
            {t(`claims.deliveries.open_${delivery.target === 'dixa' ? 'conversation' : 'ticket'}`, {
              id: delivery.external_id ?? '',
            })}
          </a>
        </p>
      ) : null}
      {delivery.state === 'parked' ? (
        <div class="actions">
          <button
            type="button"
            class="secondary small"
            disabled={props.readOnly || busy || !delivery.retryable}
            aria-describedby={props.readOnly ? `${headingId}-reason` : undefined}
            aria-busy={busy ? 'true' : undefined}
            aria-label={t('claims.deliveries.retry_named', { target: name })}
            onClick={async () => {
              setBusy(true);
              setProblem(undefined);
              setProblem(await props.onRetry(delivery));
              setBusy(false);
            }}
          >
            {busy ? t('claims.deliveries.retrying') : t('claims.deliveries.retry')}
          </button>
          {props.readOnly ? (
            <span class="hint" id={`${headingId}-reason`}>
              {t('claims.read_only_reason')}
            </span>
          ) : null}
        </div>
      ) : null}
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
    </article>
  );
}
