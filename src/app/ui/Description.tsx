import { useEffect, useState } from 'preact/hooks';
import { useFlow } from './context.js';
import { StepLayout } from './StepLayout.js';

const ANNOUNCE_AFTER_MS = 1000;

/**
 * Step 5: the customer's own words, required or optional as the shop set it, with a live counter.
 * The visible counter changes with every key; screen readers hear it once typing pauses, not per key.
 */
export function Description() {
  const { store, t } = useFlow();
  const data = store.session.value?.data;
  const value = store.answers.value.description;
  const [announced, setAnnounced] = useState('');
  const {
    description_required: required = false,
    description_min_length: min = 0,
    description_max_length: max = 0,
  } = data?.settings ?? {};
  const length = value.trim().length;
  const counter =
    length > max
      ? t('flow.description.over', { count: length - max })
      : t('flow.description.counter', { count: length, max });

  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(counter), ANNOUNCE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [counter]);

  const invalid = store.stepErrors.value.some((problem) => problem.field === 'description');
  if (!data) return null;
  return (
    <StepLayout id="description" title={t('flow.description.title')} onContinue={() => store.next()}>
      <div class="field">
        <label for="description">
          {t('flow.description.label')} <span class="hint">({required ? t('flow.required') : t('flow.optional')})</span>
        </label>
        <p class="hint" id="description-hint">
          {min > 0 ? t('flow.description.hint_min', { count: min }) : t('flow.description.hint')}
        </p>
        <textarea
          id="description"
          rows={6}
          value={value}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby="description-hint description-counter"
          onInput={(event) => store.setDescription(event.currentTarget.value)}
        />
        <p id="description-counter" class={`counter${length > max ? ' error' : ''}`} aria-hidden="true">
          {counter}
        </p>
        <p class="visually-hidden" aria-live="polite">
          {announced}
        </p>
      </div>
    </StepLayout>
  );
}
