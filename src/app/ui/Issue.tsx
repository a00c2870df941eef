import { FLOW_TYPES } from '../../core/flows.js';
import { FlowIcon } from './icons.js';
import { useFlow } from './context.js';
import { OrderSummary } from './OrderSummary.js';
import { StepLayout } from './StepLayout.js';

/** Step 2: what went wrong, among the flows the shop enabled and this order allows. */
export function Issue() {
  const { store, t } = useFlow();
  const data = store.session.value?.data;
  if (!data) return null;
  const available = FLOW_TYPES.filter((flow) => data.available_flows.includes(flow));
  const chosen = store.answers.value.flowType;
  return (
    <StepLayout id="issue" title={t('flow.issue.title')} onContinue={() => store.next()}>
      <OrderSummary />
      {available.length === 0 ? (
        <p class="notice">{t('flow.issue.none_available')}</p>
      ) : (
        <fieldset class="choices" id="issue-options" tabIndex={-1}>
          <legend class="visually-hidden">{t('flow.issue.title')}</legend>
          {available.map((flow) => (
            <label class={`choice${chosen === flow ? ' selected' : ''}`} key={flow}>
              <input
                type="radio"
                name="flow"
                value={flow}
                checked={chosen === flow}
                onChange={() => store.chooseFlow(flow)}
                aria-describedby={`flow-${flow}-hint`}
              />
              <FlowIcon flow={flow} />
              <span class="choice-text">
                <span class="choice-title">{t(`flow.flows.${flow}.title`)}</span>
                <span class="choice-hint" id={`flow-${flow}-hint`}>
                  {t(`flow.flows.${flow}.hint`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </StepLayout>
  );
}
