import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiResult } from './api.js';

/** What a page loaded from the API: still loading, the data, or the refusal (with its status). */
export type Loaded<T> =
  { state: 'loading' } | { state: 'ok'; data: T } | { state: 'failed'; status: number; message: string | undefined };

/**
 * Loads once per `key` (a page's shop, say) and again on `reload()`. Answers that arrive after the
 * key changed are dropped, so a quick shop switch never shows the previous shop's data.
 */
export function useLoad<T>(key: string, load: () => Promise<ApiResult<T>>): [Loaded<T>, () => void, (data: T) => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  // The latest loader, without making every render's new closure a reason to load again.
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let current = true;
    setLoaded((previous) => (previous.state === 'ok' && generation > 0 ? previous : { state: 'loading' }));
    void latest.current().then((result) => {
      if (!current) return;
      setLoaded(
        result.ok
          ? { state: 'ok', data: result.data }
          : { state: 'failed', status: result.status, message: result.error?.message },
      );
    });
    return () => {
      current = false;
    };
  }, [key, generation]);
  return [loaded, () => setGeneration((n) => n + 1), (data) => setLoaded({ state: 'ok', data })];
}
