import { createFlowCore, targetKey } from './core.js';
import { createFlowEngine } from './engine.js';
import type { FlowDeps, FlowStore } from './types.js';

/**
 * The flow's state as signals, and everything the customer can do to it (the contract:
 * `FlowStore` in types.ts), with the client at hand. The flow's page uses `createLazyFlowStore`
 * (lazy.ts) instead, which loads the actions and the client after its first render.
 */
export function createFlowStore(deps: FlowDeps): FlowStore {
  const core = createFlowCore(deps);
  return { ...core.state, ...createFlowEngine(core, deps.client), goTo: core.goTo, targetKey };
}

export type { CoreDeps, DeepLink, FlowDeps, FlowStore, Message, PhotoTarget, UploadEntry } from './types.js';
