import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { usePortal } from '../context.js';
import type { Loaded } from '../load.js';

/**
 * A page's heading (focused on arrival, see Portal) and its introduction. The heading also names
 * the browser tab, when it appears: a lazily loaded page's heading comes after the route changed,
 * and a claim's heading only once the claim is loaded.
 */
export function PageHeading(props: { title: string; intro?: string; children?: ComponentChildren }) {
  const { t } = usePortal();
  useEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`;
  }, [props.title, t]);
  return (
    <div class="page-heading">
      <h1 id="page-title" tabIndex={-1}>
        {props.title}
      </h1>
      {props.intro ? <p class="intro">{props.intro}</p> : null}
      {props.children}
    </div>
  );
}

/** Loading and failure states every page shows the same way; the content once loaded. */
export function LoadState<T>(props: {
  loaded: Loaded<T>;
  children: (data: T) => ComponentChildren;
  onRetry?: () => void;
}) {
  const { t } = usePortal();
  const { loaded } = props;
  if (loaded.state === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (loaded.state === 'failed') {
    return (
      <div class="error" role="alert">
        <p>{loaded.status === 0 ? t('form.network_error') : (loaded.message ?? t('form.server_error'))}</p>
        {props.onRetry ? (
          <button type="button" class="secondary small" onClick={props.onRetry}>
            {t('common.retry')}
          </button>
        ) : null}
      </div>
    );
  }
  return <>{props.children(loaded.data)}</>;
}
