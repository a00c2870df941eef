import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { countedSteps, type Step } from '../plan.js';
import { focusIfActive, openStep } from './focus.js';
import { useFlow } from './context.js';

/**
 * One step: its heading (focused when the step opens, so screen readers announce where the customer
 * is), the problems that stop "Continue", the content and the navigation buttons.
 */
export function StepLayout(props: {
  id: Step;
  title: string;
  intro?: string;
  children: ComponentChildren;
  onContinue?: () => void;
  continueLabel?: string;
  busy?: boolean;
  showBack?: boolean;
}) {
  const { store, t } = useFlow();
  const heading = useRef<HTMLHeadingElement>(null);
  const problems = store.stepErrors.value;
  const summary = useRef<HTMLDivElement>(null);

  // Before the step's first frame, not after it: a step that moved once shown (scrolled by a late
  // focus) would take the next tap somewhere else than where the customer aimed.
  useLayoutEffect(() => {
    openStep(heading.current);
  }, [props.id]);
  useEffect(() => {
    if (problems.length > 0) focusIfActive(summary.current);
  }, [problems]);

  const position = store.steps.value.indexOf(props.id);
  const total = countedSteps(store.answers.value.flowType, store.session.value?.data);
  return (
    <section class="step" aria-labelledby={`${props.id}-title`} data-step={props.id}>
      {position > 0 && total > 1 ? (
        <p class="step-count">{t('flow.step_count', { current: position, total })}</p>
      ) : null}
      <h1 id={`${props.id}-title`} tabIndex={-1} ref={heading}>
        {props.title}
      </h1>
      {props.intro ? <p class="intro">{props.intro}</p> : null}
      {problems.length > 0 ? (
        <div class="problems" role="alert" tabIndex={-1} ref={summary}>
          <p class="problems-title">{t('flow.problems.title')}</p>
          <ul>
            {problems.map((problem) => (
              <li key={`${problem.key}-${problem.field ?? ''}`}>
                {problem.field ? (
                  <a
                    href={`#${problem.field}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(problem.field ?? '')?.focus();
                    }}
                  >
                    {t(`flow.problems.${problem.key}`, problem.values ?? {})}
                  </a>
                ) : (
                  t(`flow.problems.${problem.key}`, problem.values ?? {})
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.children}
      <div class="actions">
        {props.onContinue ? (
          <button
            type="button"
            class="primary"
            onClick={props.onContinue}
            disabled={props.busy}
            aria-busy={props.busy ? 'true' : undefined}
          >
            {props.continueLabel ?? (store.returnToReview.value ? t('flow.back_to_review') : t('flow.continue'))}
          </button>
        ) : null}
        {props.showBack !== false ? (
          <button type="button" class="secondary" onClick={() => store.back()}>
            {t('flow.back')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
