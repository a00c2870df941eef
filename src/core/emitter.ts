/**
 * A typed event emitter whose listeners cannot break the code that emits or each other: a
 * listener that throws is reported to `onListenerError` and the others still run. Shared by the
 * claim-submission client (its submission events) and the embed (`KarlaResolve.on`). Written as
 * closures rather than a class so the embed's first file needs no class-field helpers.
 */
export type Listeners<L> = { [E in keyof L]: (...args: never[]) => void };

export interface Emitter<L extends Listeners<L>> {
  /** Adds a listener; the function returned removes it. */
  on<E extends keyof L>(event: E, listener: L[E]): () => void;
  off<E extends keyof L>(event: E, listener: L[E]): void;
  emit<E extends keyof L>(event: E, ...args: Parameters<L[E]>): void;
}

export function createEmitter<L extends Listeners<L>>(
  onListenerError: (error: unknown) => void = () => {},
): Emitter<L> {
  const listeners = new Map<keyof L, Set<L[keyof L]>>();
  const emitter: Emitter<L> = {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => emitter.off(event, listener);
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener);
    },
    emit(event, ...args) {
      // A copy: a listener that removes itself (or another) must not change this round.
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as unknown as (...values: typeof args) => void)(...args);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
  return emitter;
}
