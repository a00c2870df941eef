import { useEffect, useState } from 'preact/hooks';
import type * as StepsModule from './steps.js';

/**
 * The steps after the finder load on their own (steps.ts), started as soon as the first screen has
 * rendered. A failed load (a dropped connection) is tried again a moment later.
 */
export type Steps = typeof StepsModule;

const RETRY_MS = 2000;
let loaded: Steps | undefined;
let pending: Promise<Steps> | undefined;

export function loadSteps(): Promise<Steps> {
  pending ??= import('./steps.js').then(
    (steps) => (loaded = steps),
    (error: unknown) => {
      pending = undefined;
      throw error;
    },
  );
  return pending;
}

/** The steps once loaded (undefined until then); starts loading them after the first render. */
export function useSteps(): Steps | undefined {
  const [steps, setSteps] = useState(loaded);
  useEffect(() => {
    if (steps) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let active = true;
    const attempt = () => {
      loadSteps().then(
        (next) => active && setSteps(next),
        () => {
          if (active) timer = setTimeout(attempt, RETRY_MS);
        },
      );
    };
    attempt();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [steps]);
  return steps;
}
