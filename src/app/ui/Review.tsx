import type { ComponentChildren } from 'preact';
import { asksPackagePhoto, asksSignature, needsItemPhotos, selectedItems, type Step } from '../plan.js';
import { useFlow, useMessage } from './context.js';
import { OrderSummary } from './OrderSummary.js';
import { StepLayout } from './StepLayout.js';

/** Step 7: every answer on one screen, each with a link back to change it; then submit. */
export function Review() {
  const { store, t } = useFlow();
  const message = useMessage();
  const data = store.session.value?.data;
  const answers = store.answers.value;
  const flow = answers.flowType;
  if (!data || !flow) return null;
  const steps = store.steps.value;
  const items = selectedItems(answers, data);
  const preference = store.preference();
  const busy = store.busy.value;
  const photoCount =
    (needsItemPhotos(flow) ? items.reduce((sum, item) => sum + (answers.itemPhotos[item.sku]?.length ?? 0), 0) : 0) +
    (asksPackagePhoto(flow, data.settings) ? answers.packagePhotos.length : 0);

  return (
    <StepLayout
      id="review"
      title={t('flow.review.title')}
      intro={t('flow.review.intro')}
      onContinue={() => void store.submit()}
      continueLabel={
        busy ? t('flow.review.submitting') : store.pendingId.value ? t('flow.review.retry') : t('flow.review.submit')
      }
      busy={busy}
    >
      <OrderSummary />
      <dl class="review">
        <Row step="issue" label={t('flow.review.issue')} steps={steps}>
          {t(`flow.flows.${flow}.title`)}
        </Row>
        {steps.includes('items') ? (
          <Row step="items" label={t('flow.review.items')} steps={steps}>
            <ul>
              {items.map((item) => (
                <li key={item.sku}>{t('flow.review.item_line', { count: item.quantity, title: item.title })}</li>
              ))}
            </ul>
          </Row>
        ) : null}
        {steps.includes('evidence') ? (
          <Row step="evidence" label={t('flow.review.evidence')} steps={steps}>
            {needsItemPhotos(flow) || asksPackagePhoto(flow, data.settings) ? (
              <p>{t('flow.review.photos', { count: photoCount })}</p>
            ) : null}
            {asksSignature(flow) ? (
              <>
                <p>{answers.dropoffPermission ? t('flow.review.dropoff_yes') : t('flow.review.dropoff_no')}</p>
                <p>{answers.signature ? t('flow.review.signed') : t('flow.review.not_signed')}</p>
              </>
            ) : null}
          </Row>
        ) : null}
        <Row step="description" label={t('flow.review.description')} steps={steps}>
          <p class="description-text">{answers.description.trim() || t('flow.review.no_description')}</p>
        </Row>
        <Row step="preference" label={t('flow.review.preference')} steps={steps}>
          {preference ? t(`flow.preference.${preference}.title`) : ''}
        </Row>
      </dl>
      {store.submitError.value ? (
        <div class={store.pendingId.value ? 'notice' : 'error'} role="alert">
          {message(store.submitError.value)}
        </div>
      ) : null}
    </StepLayout>
  );
}

function Row(props: { step: Step; label: string; steps: Step[]; children: ComponentChildren }) {
  const { store, t } = useFlow();
  return (
    <div class="review-row">
      <dt>{props.label}</dt>
      <dd>
        {props.children}
        {props.steps.includes(props.step) ? (
          <button type="button" class="link" onClick={() => store.goTo(props.step, { fromReview: true })}>
            {t('flow.review.change')}
            <span class="visually-hidden"> {props.label}</span>
          </button>
        ) : null}
      </dd>
    </div>
  );
}
