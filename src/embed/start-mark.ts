/**
 * Imported first by the entry, and importing nothing itself, so the mark is taken before any other
 * module of the bundle (Preact, zod) is evaluated.
 */
import { mark, START_MARK } from './perf.js';

mark(START_MARK);
