import { batch, computed, signal, type Signal } from '@preact/signals';
import { emptyAnswers, stepProblems, stepsFor, type Answers, type Step, type StepProblem } from '../plan.js';
import type { CoreDeps, FlowDeps, FlowState, GoToOptions, PhotoTarget } from './types.js';

/**
 * What every part of the store shares: the signals, the step navigation, and the two flags that
 * tie the parts together. One per store (never module state), so two stores on a page (tests) are
 * independent.
 */
export interface FlowCore {
  deps: CoreDeps & Required<Pick<FlowDeps, 'createObjectUrl' | 'revokeObjectUrl'>>;
  state: FlowState;
  /** The link token the order was opened with (kept in the draft for a reload). */
  linkToken: Signal<string | undefined>;
  /** True until a saved draft has been read back: nothing is saved before that. */
  restoring: boolean;
  /** The order whose session ran out: looking it up again keeps the answers. */
  expiredOrder: string | undefined;
  goTo(next: Step | 'done', options?: GoToOptions): void;
  /** The step whose answers count now (the review once the flow is done). */
  currentStep(): Step;
  problemsOf(target: Step): StepProblem[];
  /** Changes the answers; problems already shown are checked again. */
  update(change: (current: Answers) => Answers): void;
}

export function createFlowCore(deps: CoreDeps): FlowCore {
  const step = signal<FlowState['step']['value']>('starting');
  const session = signal<FlowState['session']['value']>(undefined);
  const answers = signal<Answers>(emptyAnswers());
  const uploads = signal<FlowState['uploads']['value']>([]);
  const state: FlowState = {
    step,
    session,
    answers,
    lookupFields: signal({ orderNumber: deps.deepLink.orderNumber ?? '', zipCode: deps.deepLink.zipCode ?? '' }),
    busy: signal(false),
    finderError: signal(undefined),
    notice: signal(undefined),
    stepErrors: signal<StepProblem[]>([]),
    uploads,
    uploadsInFlight: computed(() => uploads.value.filter((entry) => entry.state === 'uploading').length),
    submitError: signal(undefined),
    pendingId: signal(undefined),
    submitted: signal(undefined),
    returnToReview: signal(false),
    steps: computed(() => stepsFor(answers.value.flowType, session.value?.data.settings)),
  };

  function goTo(next: Step | 'done', options: GoToOptions = {}) {
    batch(() => {
      state.stepErrors.value = [];
      state.returnToReview.value = options.fromReview ?? (next === 'review' ? false : state.returnToReview.value);
      step.value = next;
    });
    const mode = options.history ?? 'push';
    if (mode !== 'none' && typeof history !== 'undefined') {
      const entry = { resolveStep: next };
      if (mode === 'push') history.pushState(entry, '');
      else history.replaceState(entry, '');
    }
  }

  const currentStep = (): Step => (step.value === 'done' || step.value === 'starting' ? 'review' : step.value);
  const problemsOf = (target: Step) =>
    session.value ? stepProblems(target, answers.value, session.value.data, state.uploadsInFlight.value) : [];

  return {
    deps: {
      ...deps,
      createObjectUrl: deps.createObjectUrl ?? ((file: Blob) => URL.createObjectURL(file)),
      revokeObjectUrl: deps.revokeObjectUrl ?? ((url: string) => URL.revokeObjectURL(url)),
    },
    state,
    linkToken: signal(deps.deepLink.token),
    restoring: true,
    expiredOrder: undefined,
    goTo,
    currentStep,
    problemsOf,
    update(change) {
      answers.value = change(answers.value);
      if (state.stepErrors.value.length > 0) state.stepErrors.value = problemsOf(currentStep());
    },
  };
}

/** The key of a photo field: uploads on their way are listed under it. */
export const targetKey = (target: PhotoTarget) => (target.kind === 'item' ? `item:${target.sku}` : target.kind);

/** Order numbers as customers type them: `#1001 ` and `1001` are the same order. */
export const normalizeOrderNumber = (orderNumber: string) => orderNumber.trim().replace(/^#+/, '').toUpperCase();
