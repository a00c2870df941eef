import { createAnswerActions, targetKey } from './answers.js';
import { createFlowCore } from './core.js';
import { createLookup } from './lookup.js';
import { createPersistence } from './persistence.js';
import { createSubmission } from './submission.js';
import type { FlowDeps, FlowStore } from './types.js';
import { createUploadActions } from './uploads.js';

/**
 * The flow's state as signals, and everything the customer can do to it (the contract:
 * `FlowStore` in types.ts), put together from one module per job: lookup, answers, uploads,
 * submission, persistence (drafts).
 */
export function createFlowStore(deps: FlowDeps): FlowStore {
  const core = createFlowCore(deps);
  const lookup = createLookup(core);
  const sessionExpired = () => lookup.sessionExpired();
  const submission = createSubmission(core, sessionExpired);
  const persistence = createPersistence(core, lookup, submission);
  const answers = createAnswerActions(core);
  const uploads = createUploadActions(core, sessionExpired);

  return {
    ...core.state,
    ...answers,
    ...uploads,
    start: persistence.start,
    submitLookup: lookup.submitLookup,
    goTo: core.goTo,
    submit: submission.submit,
    startAnother: submission.startAnother,
    targetKey,
    dispose() {
      persistence.dispose();
      submission.dispose();
      core.state.uploads.value.forEach((entry) => entry.controller.abort());
    },
  };
}

export type { DeepLink, FlowDeps, FlowStore, Message, PhotoTarget, UploadEntry } from './types.js';
