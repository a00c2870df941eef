/**
 * Imported by the entry right after the start mark, so this runs before the modules of the tile,
 * its styles and the embed are evaluated: the config request leaves as early as the bundle can send it.
 */
import { startEarly, type EarlyStart } from './early.js';
import { reportError } from './safe.js';

function safely(): EarlyStart | undefined {
  try {
    return typeof window !== 'undefined' && typeof document !== 'undefined' ? startEarly(window) : undefined;
  } catch (error) {
    // boot() tries again, under its own guard.
    reportError(error);
    return undefined;
  }
}

export const EARLY: EarlyStart | undefined = safely();
