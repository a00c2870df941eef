import { useEffect, useState } from 'preact/hooks';
import type { ClaimsViewRow } from '../../core/claims-view.js';
import { usePortal } from '../context.js';
import { paths } from '../router.js';
import { formatDateTime } from './format.js';

/**
 * The claims, newest first: a table on a wide screen, one card per claim on a narrow one (the same
 * facts, labelled, no sideways scrolling). The reference links to the claim's page.
 */
export const NARROW_QUERY = '(max-width: 719px)';

/** Whether the screen is narrow now; follows rotation and window resizes. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => narrowQuery()?.matches ?? false);
  useEffect(() => {
    const query = narrowQuery();
    if (!query) return;
    const update = () => setNarrow(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return narrow;
}

const narrowQuery = () =>
  typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(NARROW_QUERY) : undefined;

export function ClaimList(props: { slug: string; rows: ClaimsViewRow[] }) {
  const narrow = useNarrow();
  return narrow ? <ClaimCards {...props} /> : <ClaimTable {...props} />;
}

function useCells() {
  const { t, language } = usePortal();
  return {
    created: (row: ClaimsViewRow) => <time dateTime={row.created_at}>{formatDateTime(row.created_at, language)}</time>,
    customer: (row: ClaimsViewRow) => (
      <>
        <span>{row.customer.name || row.customer.email}</span>
        {row.customer.name && row.customer.email ? <span class="hint block">{row.customer.email}</span> : null}
      </>
    ),
    flow: (row: ClaimsViewRow) => t(`values.flow_type.${row.flow_type}`),
    preference: (row: ClaimsViewRow) => t(`values.resolution_preference.${row.resolution_preference}`),
    status: (row: ClaimsViewRow) => (
      <span class={`badge status-${row.status}`}>{t(`claims.status.${row.status}`)}</span>
    ),
    delivery: (row: ClaimsViewRow) =>
      row.delivery ? (
        <span class={`badge ${row.delivery}`}>{t(`claims.delivery_badge.${row.delivery}`)}</span>
      ) : (
        <span class="hint">{t('claims.delivery_badge.none')}</span>
      ),
  };
}

function ClaimTable({ slug, rows }: { slug: string; rows: ClaimsViewRow[] }) {
  const { t } = usePortal();
  const cell = useCells();
  return (
    <div class="table-wrap">
      <table class="claims-table">
        <caption class="visually-hidden">{t('claims.list_label')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('claims.col.reference')}</th>
            <th scope="col">{t('claims.col.created')}</th>
            <th scope="col">{t('claims.col.order')}</th>
            <th scope="col">{t('claims.col.customer')}</th>
            <th scope="col">{t('claims.col.flow')}</th>
            <th scope="col">{t('claims.col.preference')}</th>
            <th scope="col">{t('claims.col.photos')}</th>
            <th scope="col">{t('claims.col.status')}</th>
            <th scope="col">{t('claims.col.delivery')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <a href={paths.claim(slug, row.id)}>
                  <code>{row.reference}</code>
                </a>
              </th>
              <td>{cell.created(row)}</td>
              <td>{row.order_number}</td>
              <td>{cell.customer(row)}</td>
              <td>{cell.flow(row)}</td>
              <td>{cell.preference(row)}</td>
              <td>{row.photos}</td>
              <td>{cell.status(row)}</td>
              <td>{cell.delivery(row)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ClaimCards({ slug, rows }: { slug: string; rows: ClaimsViewRow[] }) {
  const { t } = usePortal();
  const cell = useCells();
  return (
    <ul class="claim-cards" aria-label={t('claims.list_label')}>
      {rows.map((row) => (
        <li key={row.id} class="card">
          <h2 class="claim-card-title">
            <a href={paths.claim(slug, row.id)}>
              <code>{row.reference}</code>
            </a>{' '}
            {cell.status(row)} {cell.delivery(row)}
          </h2>
          <dl class="facts">
            <div>
              <dt>{t('claims.col.created')}</dt>
              <dd>{cell.created(row)}</dd>
            </div>
            <div>
              <dt>{t('claims.col.order')}</dt>
              <dd>{row.order_number}</dd>
            </div>
            <div>
              <dt>{t('claims.col.customer')}</dt>
              <dd>{cell.customer(row)}</dd>
            </div>
            <div>
              <dt>{t('claims.col.flow')}</dt>
              <dd>{cell.flow(row)}</dd>
            </div>
            <div>
              <dt>{t('claims.col.preference')}</dt>
              <dd>{cell.preference(row)}</dd>
            </div>
            <div>
              <dt>{t('claims.col.photos')}</dt>
              <dd>{row.photos}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}
