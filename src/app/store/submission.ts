import { batch } from '@preact/signals';
import * as z from 'zod/mini';
import { draftFingerprint, ResolveError, type ResolveClient, type ResolveSession } from '../../client/index.js';
import { claimDraftSchema, type Claim, type ClaimDraft } from '../../core/claims.js';
import { buildClaimDraft, emptyAnswers, type Answers } from '../plan.js';
import { DRAFT_NAME } from '../saved-draft.js';
import type { FlowCore } from './core.js';
import { submitMessage } from './messages.js';
import type { FlowActions } from './types.js';

/**
 * Sending the claim. A submission the network kept from going through stays in the client's
 * outbox (`pendingId`); its later answer, from this page or a reloaded one, completes the flow.
 */
export interface Submission extends Pick<FlowActions, 'submit' | 'startAnother'> {
  /** The id of a submission in the client's outbox made of exactly these answers for this order, if any. */
  keptSubmissionFor(data: ResolveSession['data'], kept: Answers): Promise<string | undefined>;
  /** Stops listening to the client's outbox. */
  dispose(): void;
}

export function createSubmission(core: FlowCore, client: ResolveClient, onSessionExpired: () => void): Submission {
  const { state, deps, goTo } = core;

  /** The kept submission with its own key; gone from the outbox (sent or refused meanwhile): a new one. */
  async function resubmitOrSubmit(active: ResolveSession, id: string, draft: ClaimDraft): Promise<Claim> {
    try {
      return await active.resubmit(id, draft);
    } catch (error) {
      if (!(error instanceof ResolveError && error.key === 'pending_not_found')) throw error;
      state.pendingId.value = undefined;
      return active.submitClaim(draft);
    }
  }

  function finish(claim: Claim) {
    batch(() => {
      state.submitted.value = claim;
      state.pendingId.value = undefined;
      state.submitError.value = undefined;
    });
    goTo('done', { history: 'replace' });
    void client.clearDraft(DRAFT_NAME).catch(() => undefined);
    deps.bridge.claimSubmitted(claim);
  }

  // A submission the outbox sent in the background (after a reload, or back online) completes the flow.
  const offSubmitted = client.on('submitted', (claim, submission) => {
    if (state.pendingId.value && submission.id === state.pendingId.value && state.step.value !== 'done') finish(claim);
  });
  const offRejected = client.on('rejected', (submission, error) => {
    if (state.pendingId.value && submission.id === state.pendingId.value) {
      state.pendingId.value = undefined;
      state.submitError.value = submitMessage(error);
    }
  });

  return {
    async submit() {
      const active = state.session.value;
      if (!active || state.busy.value) return;
      const problems = core.problemsOf('review');
      if (problems.length > 0) {
        state.stepErrors.value = problems;
        return;
      }
      state.busy.value = true;
      state.submitError.value = undefined;
      try {
        const draft = buildClaimDraft(state.answers.value, active.data, deps.language());
        const claim = state.pendingId.value
          ? await resubmitOrSubmit(active, state.pendingId.value, draft)
          : await active.submitClaim(draft);
        finish(claim);
      } catch (error) {
        if (error instanceof ResolveError && error.pendingId) state.pendingId.value = error.pendingId;
        if (error instanceof ResolveError && error.kind === 'session_expired') return onSessionExpired();
        state.submitError.value = submitMessage(error);
      } finally {
        state.busy.value = false;
      }
    },
    startAnother() {
      batch(() => {
        state.submitted.value = undefined;
        state.answers.value = emptyAnswers();
      });
      goTo(state.session.value ? 'issue' : 'finder');
    },
    async keptSubmissionFor(data, kept) {
      let draft;
      try {
        draft = z.parse(claimDraftSchema, buildClaimDraft(kept, data, deps.language()));
      } catch {
        return undefined; // not complete enough to have been submitted
      }
      const fingerprint = draftFingerprint(data.order.order_number, draft);
      const entries = await client.pending().catch(() => []);
      return entries.find((entry) => draftFingerprint(entry.orderNumber, entry.draft) === fingerprint)?.id;
    },
    dispose() {
      offSubmitted();
      offRejected();
    },
  };
}
