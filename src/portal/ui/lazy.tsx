import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { usePortal } from '../context.js';

/**
 * A page loaded the first time it is opened, so the portal's first load stays small: its module
 * (and its CSS) is a chunk of its own. Until it is there the page says it is loading; a chunk that
 * fails to load (a deploy replaced it, the network dropped) says so with a way to try again.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  return function LazyPage(props: P) {
    const { t } = usePortal();
    const [page, setPage] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (page) return;
      let current = true;
      load().then(
        (component) => {
          loaded = component;
          if (current) {
            setPage(() => component);
            // The shell focused the page's heading before there was one: do it now it is here.
            setTimeout(focusHeading, 0);
          }
        },
        () => current && setFailed(true),
      );
      return () => {
        current = false;
      };
    }, [attempt, page]);
    if (page) {
      const Page = page;
      return <Page {...props} />;
    }
    if (failed)
      return (
        <div class="error" role="alert">
          <p>{t('form.network_error')}</p>
          <button
            type="button"
            class="secondary small"
            onClick={() => {
              setFailed(false);
              setAttempt((n) => n + 1);
            }}
          >
            {t('common.retry')}
          </button>
        </div>
      );
    return <p role="status">{t('common.loading')}</p>;
  };
}

function focusHeading(): void {
  const heading = document.getElementById('page-title');
  const active = document.activeElement;
  if (heading && (!active || active === document.body || active.closest('nav, header'))) heading.focus();
}
