/**
 * User Timing marks, for our benchmarks and for merchants who want to see the tile's cost in their
 * own performance tooling: `karla-resolve:start` when the bundle starts executing and
 * `karla-resolve:tile-painted` after the first frame that contains a tile.
 */

export const START_MARK = 'karla-resolve:start';
export const TILE_PAINTED_MARK = 'karla-resolve:tile-painted';

export function mark(name: string): void {
  try {
    if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
  } catch {
    // An old or stubbed Performance API is not worth an error.
  }
}

/**
 * Runs `callback` after the next frame has been painted: requestAnimationFrame fires just before
 * the paint, and a task queued from it runs right after. Without rAF (or in a hidden tab, where rAF
 * never fires) there is no paint to wait for, so a plain task is the honest fallback.
 */
export function afterNextPaint(callback: () => void): void {
  const task = () => setTimeout(callback, 0);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(task);
  else task();
}
