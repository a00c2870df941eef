// First: zod must be told not to compile parsers (the flow's CSP) before any schema parses.
import '../../web/zod-setup.js';
import type { ResolveClient } from '../../client/index.js';
import { createAnswerActions } from './answers.js';
import type { FlowCore } from './core.js';
import { createLookup } from './lookup.js';
import { createPersistence } from './persistence.js';
import { createSubmission } from './submission.js';
import type { FlowActions } from './types.js';
import { createUploadActions } from './uploads.js';

/** Every action that needs the client (and, through it, the schemas): all but navigation. */
export type FlowEngine = Omit<FlowActions, 'goTo' | 'targetKey'>;

/**
 * The store's actions on a core's state, one module per job: lookup, answers, uploads,
 * submission, persistence (drafts). The flow's page loads this module (with the client and zod)
 * after its first render; see lazy.ts.
 */
export function createFlowEngine(core: FlowCore, client: ResolveClient): FlowEngine {
  const lookup = createLookup(core, client);
  const sessionExpired = () => lookup.sessionExpired();
  const submission = createSubmission(core, client, sessionExpired);
  const persistence = createPersistence(core, client, lookup, submission);
  return {
    ...createAnswerActions(core),
    ...createUploadActions(core, sessionExpired),
    start: persistence.start,
    submitLookup: lookup.submitLookup,
    submit: submission.submit,
    startAnother: submission.startAnother,
    dispose() {
      persistence.dispose();
      submission.dispose();
      core.state.uploads.value.forEach((entry) => entry.controller.abort());
    },
  };
}
