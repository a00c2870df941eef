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
                  <PendingEntry
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

type Decision = 'approve' | 'refuse';
const DECISIONS: Decision[] = ['approve', 'refuse'];

function PendingEntry({ entry, onDecided }: { entry: PendingAllowedUrl; onDecided: (decision: Decision) => void }) {
  const { t, api } = usePortal();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const decide = async (decision: Decision) => {
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
      {DECISIONS.map((decision) => (
        <button
          key={decision}
          type="button"
          class={decision === 'approve' ? 'primary small' : 'danger small'}
          disabled={busy}
          onClick={() => void decide(decision)}
          aria-label={t(`operator.${decision}_url`, { url: entry.url })}
        >
          {t(`operator.${decision}`)}
        </button>
      ))}
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
