import { batch, effect } from '@preact/signals';
import type { ResolveClient } from '../../client/index.js';
import { DRAFT_NAME, parseSavedDraft, type SavedDraft } from '../saved-draft.js';
import { normalizeOrderNumber, type FlowCore } from './core.js';
import type { Lookup } from './lookup.js';
import type { Submission } from './submission.js';

/**
 * Drafts: every change is saved (debounced), so a reload, a crashed tab or a phone that dropped
 * the page while the camera was open resumes where the customer was.
 */
export interface Persistence {
  /**
   * Starts the flow: a saved draft for the same order wins (reload), then a token link, then a
   * deep link with order number and ZIP, then the empty finder.
   */
  start(): Promise<void>;
  /** Stops saving (what waits is dropped). */
  dispose(): void;
}

export function createPersistence(
  core: FlowCore,
  client: ResolveClient,
  lookup: Lookup,
  submission: Pick<Submission, 'keptSubmissionFor'>,
): Persistence {
  const { state, deps, goTo, linkToken } = core;

  function snapshot(): SavedDraft | undefined {
    const current = state.step.value;
    if (current === 'done' || current === 'starting') return undefined;
    return {
      version: 1,
      step: current,
      lookup: { ...state.lookupFields.value, ...(linkToken.value ? { token: linkToken.value } : {}) },
      ...(state.session.value ? { session: state.session.value.data } : {}),
      answers: state.answers.value,
      ...(state.pendingId.value ? { pendingId: state.pendingId.value } : {}),
    };
  }

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let savedStep: string | undefined;
  const saveNow = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const value = snapshot();
    if (!value) return;
    savedStep = value.step;
    void client.saveDraft(DRAFT_NAME, value).catch(() => undefined);
  };
  const stopSaving = effect(() => {
    // Read every persisted signal so the effect re-runs on any change.
    const [current] = [
      state.step.value,
      state.answers.value,
      state.lookupFields.value,
      state.session.value,
      state.pendingId.value,
    ];
    if (core.restoring) return;
    // Typing is saved after a pause; a step just reached at once, so that a reload right after it
    // resumes there and not one step earlier.
    if (!deps.saveDelayMs || current !== savedStep) return saveNow();
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, deps.saveDelayMs);
  });
  // A page being hidden may never run again (a phone drops it, the tab is closed): save what waits.
  const saveWhenHidden = () => {
    if (typeof document === 'undefined' || document.visibilityState === 'hidden') saveNow();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', saveNow);
    document.addEventListener('visibilitychange', saveWhenHidden);
  }

  async function restore() {
    const saved = parseSavedDraft(await client.loadDraft(DRAFT_NAME).catch(() => undefined));
    const link = deps.deepLink;
    const sameOrder = (draft: SavedDraft) =>
      link.token
        ? draft.lookup.token === link.token
        : !link.orderNumber ||
          normalizeOrderNumber(link.orderNumber) === normalizeOrderNumber(draft.lookup.orderNumber);
    // A link naming another flow is a new claim about the same order, not the one in the draft.
    const sameFlow = (draft: SavedDraft) =>
      !link.flowType || !draft.answers.flowType || link.flowType === draft.answers.flowType;
    if (saved && sameOrder(saved) && sameFlow(saved)) {
      const restored = saved.session === undefined ? undefined : client.restoreSession(saved.session);
      batch(() => {
        state.lookupFields.value = { orderNumber: saved.lookup.orderNumber, zipCode: saved.lookup.zipCode };
        if (saved.lookup.token) linkToken.value = saved.lookup.token;
        state.answers.value = saved.answers;
        if (saved.pendingId) state.pendingId.value = saved.pendingId;
      });
      if (restored) {
        state.session.value = restored;
        // The page may have closed before it learnt that its submission was kept (mid-request, or
        // before the draft was saved again): the outbox entry with these very answers is it.
        if (!state.pendingId.value) {
          const kept = await submission.keptSubmissionFor(restored.data, saved.answers);
          if (kept) state.pendingId.value = kept;
        }
        core.restoring = false;
        goTo(saved.step === 'finder' ? 'issue' : saved.step, { history: 'replace' });
        return;
      }
      if (saved.session !== undefined) {
        core.restoring = false;
        lookup.sessionExpired(saved.lookup.orderNumber || orderNumberOf(saved.session));
        return;
      }
    }
    core.restoring = false;
    if (link.token) return void (await lookup.startWithToken(link.token));
    goTo('finder', { history: 'replace' });
    if (link.orderNumber && link.zipCode) await lookup.lookup({ orderNumber: link.orderNumber, zipCode: link.zipCode });
  }

  return {
    async start() {
      await restore();
      // After the draft told us which submission this page was waiting for: resend what the outbox
      // holds; its answer (the `submitted` event) completes the flow.
      void client.resumePending();
    },
    dispose() {
      stopSaving();
      if (typeof window !== 'undefined') {
        window.removeEventListener('pagehide', saveNow);
        document.removeEventListener('visibilitychange', saveWhenHidden);
      }
      clearTimeout(saveTimer);
    },
  };
}

/** The order number of a kept (unparsed) session answer, for matching only. */
function orderNumberOf(kept: unknown): string | undefined {
  const order = (kept as { order?: { order_number?: unknown } } | null)?.order;
  return typeof order?.order_number === 'string' ? order.order_number : undefined;
}
