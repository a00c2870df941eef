import { useEffect, useRef } from 'preact/hooks';
import { claimReference } from '../format.js';
import { focusIfActive } from './focus.js';
import { useFlow } from './context.js';

/** After submitting: the claim reference and what happens next. */
export function Confirmation(props: { embedded: boolean; onClose: () => void }) {
  const { store, t } = useFlow();
  const heading = useRef<HTMLHeadingElement>(null);
  const claim = store.submitted.value;
  useEffect(() => focusIfActive(heading.current), []);
  if (!claim) return null;
  const email = store.session.value?.data.order.masked_email;
  return (
    <section class="step confirmation" aria-labelledby="done-title" data-step="done">
      <h1 id="done-title" tabIndex={-1} ref={heading}>
        {t('flow.done.title')}
      </h1>
      <p class="reference">
        {t('flow.done.reference')} <strong data-claim-uuid={claim.uuid}>{claimReference(claim.uuid)}</strong>
      </p>
      <h2>{t('flow.done.next_title')}</h2>
      <ol class="next-steps">
        <li>{t('flow.done.next_review')}</li>
        <li>{email ? t('flow.done.next_email', { email }) : t('flow.done.next_email_generic')}</li>
        <li>{t(`flow.done.next_${claim.resolution_preference}`)}</li>
      </ol>
      <div class="actions">
        {props.embedded ? (
          <button type="button" class="primary" onClick={props.onClose}>
            {t('flow.done.close')}
          </button>
        ) : null}
        <button type="button" class="secondary" onClick={() => store.startAnother()}>
          {t('flow.done.another')}
        </button>
      </div>
    </section>
  );
}
