/**
 * The bundle is a guest on someone else's page: none of our exceptions may ever reach it. Every entry
 * point (bootstrap, listeners, observers, promise chains) runs through `guard` or ends in
 * `reportError`, and the console hears from us sparingly.
 */

export const LOG_PREFIX = '[Karla Resolve]';

/** One prefixed console.warn. The page may have replaced `console`; even that must not throw. */
export function warn(message: string, ...details: unknown[]): void {
  try {
    console.warn(`${LOG_PREFIX} ${message}`, ...details);
  } catch {
    // Nothing left to tell anyone.
  }
}

let reported = false;

/**
 * Swallows an unexpected error. Only the first one is reported (one console.warn per bundle copy):
 * a bug that fires on every mutation or navigation must not flood the merchant's console.
 */
export function reportError(error: unknown): void {
  if (reported) return;
  reported = true;
  warn('Unexpected error; the Resolve tile may not be shown.', error);
}

/** Wraps a callback so that it can never throw into its caller (the host page or the browser). */
export function guard<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      callback(...args);
    } catch (error) {
      reportError(error);
    }
  };
}
