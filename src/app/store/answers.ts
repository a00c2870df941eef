import type { FlowType } from '../../core/flows.js';
import { effectivePreference, emptyAnswers, firstIncompleteStep, type Answers, type StoredPhoto } from '../plan.js';
import type { FlowCore } from './core.js';
import type { FlowActions, PhotoTarget } from './types.js';

/** Moving between steps and changing answers. */
export type AnswerActions = Pick<
  FlowActions,
  | 'next'
  | 'back'
  | 'restoreStepFromHistory'
  | 'chooseFlow'
  | 'setQuantity'
  | 'setDropoff'
  | 'setDescription'
  | 'setPreference'
  | 'preference'
  | 'photosOf'
  | 'removePhoto'
>;

export function photosOf(target: PhotoTarget, current: Answers): StoredPhoto[] {
  if (target.kind === 'item') return current.itemPhotos[target.sku] ?? [];
  if (target.kind === 'package') return current.packagePhotos;
  return current.signature ? [current.signature] : [];
}

export function withPhotos(current: Answers, target: PhotoTarget, photos: StoredPhoto[]): Answers {
  if (target.kind === 'item') return { ...current, itemPhotos: { ...current.itemPhotos, [target.sku]: photos } };
  if (target.kind === 'package') return { ...current, packagePhotos: photos };
  const { signature: _old, ...rest } = current;
  return photos[0] ? { ...rest, signature: photos[0] } : rest;
}

export function createAnswerActions(core: FlowCore): AnswerActions {
  const { state, goTo, update } = core;

  return {
    next() {
      const current = core.currentStep();
      const problems = core.problemsOf(current);
      if (problems.length > 0) {
        state.stepErrors.value = problems;
        return false;
      }
      const order = state.steps.value;
      const data = state.session.value?.data;
      if (state.returnToReview.value && data) {
        goTo(firstIncompleteStep(state.answers.value, data));
        return true;
      }
      const following = order[order.indexOf(current) + 1];
      goTo(following ?? 'review');
      return true;
    },
    back() {
      const order = state.steps.value;
      const current = core.currentStep();
      if (state.returnToReview.value) return goTo('review');
      const previous = order[order.indexOf(current) - 1];
      if (previous && previous !== 'finder') goTo(previous);
      else goTo('finder');
    },
    /** Browser back/forward: only to a step this flow has and the customer may be on. */
    restoreStepFromHistory(value: unknown) {
      const wanted = (value as { resolveStep?: unknown } | null)?.resolveStep;
      if (state.step.value === 'done' || typeof wanted !== 'string') return;
      if (!state.session.value) return goTo('finder', { history: 'none' });
      if ((state.steps.value as string[]).includes(wanted) && wanted !== 'finder')
        goTo(wanted as (typeof state.steps.value)[number], { history: 'none' });
    },
    chooseFlow(flow: FlowType) {
      update((current) =>
        current.flowType === flow
          ? current
          : {
              ...emptyAnswers(),
              quantities: current.quantities,
              description: current.description,
              preference: current.preference,
              flowType: flow,
            },
      );
    },
    setQuantity: (sku, quantity) =>
      update((current) => ({
        ...current,
        quantities: { ...current.quantities, [sku]: Math.max(0, Math.floor(quantity)) },
      })),
    setDropoff: (value) => update((current) => ({ ...current, dropoffPermission: value })),
    setDescription: (value) => update((current) => ({ ...current, description: value })),
    setPreference: (value) => update((current) => ({ ...current, preference: value })),
    preference: () =>
      state.session.value ? effectivePreference(state.answers.value, state.session.value.data.settings) : undefined,
    photosOf: (target, current = state.answers.value) => photosOf(target, current),
    removePhoto(target, id) {
      update((current) =>
        withPhotos(
          current,
          target,
          photosOf(target, current).filter((photo) => photo.id !== id),
        ),
      );
    },
  };
}
