import { useState } from 'preact/hooks';
import { claimsSummarySchema, claimsViewPageSchema, type ClaimsViewRow } from '../../core/claims-view.js';
import { usePortal } from '../context.js';
import { useLoad } from '../load.js';
import { currentSearch, navigate, paths } from '../router.js';
import { LoadState, PageHeading } from '../ui/page.js';
import { AtAGlance } from '../claims/AtAGlance.js';
import { ClaimList } from '../claims/ClaimList.js';
import { FilterBar } from '../claims/FilterBar.js';
import { claimsApi, filtersFromSearch, filtersToSearch, type ClaimFilters } from '../claims/url-filters.js';
import '../claims/claims.css';

/**
 * Claims: at a glance, the filters (kept in the address), the export of what is filtered, and the
 * list newest first, a page at a time ("Show more" follows the API's cursor).
 */
export function ClaimsPage({ slug }: { slug: string }) {
  const { t, api } = usePortal();
  const filters = filtersFromSearch(currentSearch.value);
  const search = filtersToSearch(filters);
  const hrefFor = (next: ClaimFilters) => paths.claims(slug, filtersToSearch(next));
  const [summary, reloadSummary] = useLoad(`${slug}${search}`, () =>
    api('GET', claimsApi.summary(slug, filters), { schema: claimsSummarySchema }),
  );
  return (
    <section class="claims-page">
      <PageHeading title={t('claims.title')} intro={t('claims.intro')} />
      <FilterBar filters={filters} onChange={(next) => navigate(hrefFor(next))} clearHref={paths.claims(slug)} />
      <LoadState loaded={summary} onRetry={reloadSummary}>
        {(data) => <AtAGlance summary={data} filters={filters} hrefFor={hrefFor} />}
      </LoadState>
      <Export slug={slug} filters={filters} />
      <ClaimsPages key={`${slug}${search}`} slug={slug} filters={filters} />
    </section>
  );
}

/** Links, not buttons: the browser downloads the file with the session's cookie, nothing is built here. */
function Export({ slug, filters }: { slug: string; filters: ClaimFilters }) {
  const { t } = usePortal();
  return (
    <section class="card claims-export" aria-labelledby="claims-export-title">
      <h2 id="claims-export-title">{t('claims.export.title')}</h2>
      <p class="hint">{t('claims.export.hint')}</p>
      <div class="actions">
        <a class="button secondary" href={claimsApi.exportCsv(slug, filters, 'claims')} download>
          {t('claims.export.claims')}
        </a>
        <a class="button secondary" href={claimsApi.exportCsv(slug, filters, 'items')} download>
          {t('claims.export.items')}
        </a>
      </div>
    </section>
  );
}

/** The first page for these filters, then every page "Show more" fetched. Remounted when the filters change. */
function ClaimsPages({ slug, filters }: { slug: string; filters: ClaimFilters }) {
  const { t, api } = usePortal();
  const [first, reload] = useLoad(slug, () =>
    api('GET', claimsApi.list(slug, filters), { schema: claimsViewPageSchema }),
  );
  const [more, setMore] = useState<{ rows: ClaimsViewRow[]; next: string | null } | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  return (
    <section aria-labelledby="claims-list-title">
      <h2 id="claims-list-title">{t('claims.list_label')}</h2>
      <LoadState loaded={first} onRetry={reload}>
        {(page) => {
          const rows = [...page.data, ...(more?.rows ?? [])];
          const next = more ? more.next : page.next_cursor;
          return (
            <>
              <p role="status" class="hint">
                {rows.length === 0
                  ? t('claims.none')
                  : next
                    ? t('claims.showing_more', { count: rows.length })
                    : t('claims.showing', { count: rows.length })}
              </p>
              {rows.length > 0 ? <ClaimList slug={slug} rows={rows} /> : null}
              {next ? (
                <button
                  type="button"
                  class="secondary"
                  disabled={loadingMore}
                  aria-busy={loadingMore ? 'true' : undefined}
                  onClick={async () => {
                    setLoadingMore(true);
                    setProblem(undefined);
                    const result = await api('GET', claimsApi.list(slug, filters, next), {
                      schema: claimsViewPageSchema,
                    });
                    setLoadingMore(false);
                    if (result.ok)
                      setMore({ rows: [...(more?.rows ?? []), ...result.data.data], next: result.data.next_cursor });
                    else setProblem(result.error?.message ?? t('form.network_error'));
                  }}
                >
                  {loadingMore ? t('common.loading') : t('claims.load_more')}
                </button>
              ) : null}
              {problem ? (
                <p class="error" role="alert">
                  {problem}
                </p>
              ) : null}
            </>
          );
        }}
      </LoadState>
    </section>
  );
}
