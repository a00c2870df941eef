/**
 * Tells us when the page URL changes without a page load. Help Centers may navigate with the
 * History API, and the 1-pager layout with hashes. `pushState`/`replaceState` fire no event, so they
 * are wrapped — once per page, behind a flag on the wrapper, however many copies of the bundle run.
 */
type Listener = () => void;

const PATCHED = '__karlaResolvePatched';
const listeners = new Set<Listener>();

interface PatchableHistory {
  pushState: History['pushState'] & { [PATCHED]?: true };
  replaceState: History['replaceState'] & { [PATCHED]?: true };
}

function notify(): void {
  for (const listener of listeners) {
    try {
      listener();
    } catch {
      // A listener's failure is its own; the host's navigation must go on.
    }
  }
}

function patch(history: PatchableHistory, method: 'pushState' | 'replaceState'): void {
  const original = history[method];
  if (original[PATCHED]) return;
  const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
    // The host's call happens exactly as before, and its result and errors are its own.
    const result = original.apply(this, args);
    notify();
    return result;
  } as PatchableHistory[typeof method];
  wrapped[PATCHED] = true;
  history[method] = wrapped;
}

let installed = false;

/** Calls `listener` after every client-side URL change. Returns the unsubscribe function. */
export function onLocationChange(win: Window, listener: Listener): () => void {
  if (!installed) {
    installed = true;
    patch(win.history as PatchableHistory, 'pushState');
    patch(win.history as PatchableHistory, 'replaceState');
    // Named references, so the same function objects can be removed later.
    win.addEventListener('popstate', notify);
    win.addEventListener('hashchange', notify);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function isHistoryPatched(win: Window): boolean {
  return Boolean((win.history as PatchableHistory).pushState[PATCHED]);
}
