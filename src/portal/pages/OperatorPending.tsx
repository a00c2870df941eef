import { useState } from 'preact/hooks';
import { allowedUrlStateSchema, pendingAllowedUrlListSchema, type PendingAllowedUrl } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useLoad } from '../load.js';
import { paths } from '../router.js';
import { LoadState, PageHeading } from '../ui/page.js';

/** Operator: allowed URLs merchants added, waiting for a decision, oldest first. */
export function OperatorPendingPage() {
  const { t, api } = usePortal();
  const [loaded, reload, replace] = useLoad('pending', () =>
    api('GET', '/v1/operator/allowed-urls?state=pending', { schema: pendingAllowedUrlListSchema }),
  );
  const [done, setDone] = useState<string | undefined>(undefined);
  return (
    <section>
      <PageHeading title={t('operator.pending_title')} intro={t('operator.pending_intro')} />
      <p role="status" class={done ? 'success' : ''}>
        {done ?? ''}
      </p>
      <LoadState loaded={loaded} onRetry={reload}>
        {(list) =>
          list.data.length === 0 ? (
            <p class="notice">{t('operator.no_pending')}</p>
          ) : (
            <ul class="list card" aria-label={t('operator.pending_title')}>
              {list.data.map((entry) => (
                <li key={`${entry.shop_slug} ${entry.url}`}>
                  <Decision
                    entry={entry}
                    onDecided={(decision) => {
                      setDone(t(decision === 'approve' ? 'operator.approved' : 'operator.refused', { url: entry.url }));
                      replace({ data: list.data.filter((other) => other !== entry) });
                    }}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </section>
  );
}

function Decision({
  entry,
  onDecided,
}: {
  entry: PendingAllowedUrl;
  onDecided: (decision: 'approve' | 'refuse') => void;
}) {
  const { t, api } = usePortal();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const decide = async (decision: 'approve' | 'refuse') => {
    setBusy(true);
    setProblem(undefined);
    const result = await api('POST', `/v1/operator/shops/${entry.shop_slug}/allowed-urls/decision`, {
      body: { url: entry.url, decision },
      schema: allowedUrlStateSchema,
    });
    setBusy(false);
    if (result.ok) onDecided(decision);
    else setProblem(result.error?.message ?? t('form.network_error'));
  };
  return (
    <>
      <div class="grow">
        <code>{entry.url}</code>
        <div class="hint">
          <a href={paths.operatorShop(entry.shop_slug)}>{entry.shop_name}</a> ·{' '}
          {new Date(entry.created_at).toLocaleString()}
        </div>
      </div>
      <button
        type="button"
        class="primary small"
        disabled={busy}
        onClick={() => void decide('approve')}
        aria-label={t('operator.approve_url', { url: entry.url })}
      >
        {t('operator.approve')}
      </button>
      <button
        type="button"
        class="danger small"
        disabled={busy}
        onClick={() => void decide('refuse')}
        aria-label={t('operator.refuse_url', { url: entry.url })}
      >
        {t('operator.refuse')}
      </button>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
