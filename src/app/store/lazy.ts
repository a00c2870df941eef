import type { ResolveClient } from '../../client/index.js';
import { createFlowCore, targetKey } from './core.js';
import type { FlowEngine } from './engine.js';
import type { CoreDeps, FlowStore } from './types.js';

/**
 * The store as the flow's page builds it: the state and the navigation are in the first load,
 * enough to render the finder; the actions, the client and the schemas they parse with (engine.ts)
 * load right after the first render, while the customer types. Only the finder's "Continue" can
 * run before they arrive: it waits for them. Every other action is reachable only from a step
 * after a lookup, when they are there.
 */
export interface LazyFlowDeps extends CoreDeps {
  /** The client, imported on demand (its module and zod stay out of the first load). */
  loadClient: () => Promise<ResolveClient>;
}

const RETRY_MS = 2000;

export function createLazyFlowStore(deps: LazyFlowDeps): FlowStore {
  const core = createFlowCore(deps);
  let engine: FlowEngine | undefined;
  let disposed = false;
  /** Settles once the engine has restored a draft or followed a link (it must not undo a lookup). */
  let started: Promise<FlowEngine> | undefined;

  async function loadEngine(): Promise<FlowEngine> {
    for (;;) {
      try {
        // The engine first: it sets zod up, and brings the client's modules with it.
        const module = await import('./engine.js');
        return module.createFlowEngine(core, await deps.loadClient());
      } catch {
        // A dropped connection: the chunk is asked for again a moment later.
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  const loaded = (): FlowEngine => {
    if (!engine) throw new Error('the flow acted before its actions loaded');
    return engine;
  };

  const link = deps.deepLink;
  /** A link that looks the order up by itself shows "Loading" until it did, never an empty finder. */
  const looksUpByItself = Boolean(link.token || (link.orderNumber && link.zipCode));

  return {
    ...core.state,
    goTo: core.goTo,
    targetKey,
    start() {
      // Nothing to restore is the common case: the finder shows now; a saved draft, found once the
      // engine is here, takes the customer back to their step.
      if (!looksUpByItself) core.goTo('finder', { history: 'replace' });
      started ??= loadEngine().then(async (ready) => {
        if (disposed) {
          ready.dispose();
          return ready;
        }
        engine = ready;
        await ready.start();
        return ready;
      });
      return started.then(() => undefined);
    },
    async submitLookup() {
      if (!started) return;
      const ready = await started;
      // A restored draft moved on from the finder meanwhile: that lookup is already done.
      if (core.state.step.value === 'finder') await ready.submitLookup();
    },
    restoreStepFromHistory: (value) => engine?.restoreStepFromHistory(value),
    preference: () => engine?.preference(),
    photosOf: (target, current) => engine?.photosOf(target, current) ?? [],
    next: () => loaded().next(),
    back: () => loaded().back(),
    chooseFlow: (flow) => loaded().chooseFlow(flow),
    setQuantity: (sku, quantity) => loaded().setQuantity(sku, quantity),
    setDropoff: (value) => loaded().setDropoff(value),
    setDescription: (value) => loaded().setDescription(value),
    setPreference: (value) => loaded().setPreference(value),
    addPhotos: (target, files) => loaded().addPhotos(target, files),
    retryUpload: (key) => loaded().retryUpload(key),
    cancelUpload: (key) => loaded().cancelUpload(key),
    removePhoto: (target, id) => loaded().removePhoto(target, id),
    submit: () => loaded().submit(),
    startAnother: () => loaded().startAnother(),
    dispose() {
      disposed = true;
      engine?.dispose();
    },
  };
}
