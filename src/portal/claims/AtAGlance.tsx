import { RESOLUTION_PREFERENCES } from '../../core/resolve-settings.js';
import type { ClaimsSummary } from '../../core/claims-view.js';
import { usePortal } from '../context.js';
import { ClaimsChart } from './ClaimsChart.js';
import { formatDay, formatPercent } from './format.js';
import type { ClaimFilters } from './url-filters.js';

/**
 * Above the list: the filtered claims per day by flow type, the share of refunds and replacements,
 * and how many claims have a parked delivery. Every number leads to the list filtered to it.
 */
export function AtAGlance(props: {
  summary: ClaimsSummary;
  filters: ClaimFilters;
  hrefFor: (filters: ClaimFilters) => string;
}) {
  const { t, language } = usePortal();
  const { summary, filters, hrefFor } = props;
  const decided = RESOLUTION_PREFERENCES.reduce((sum, pref) => sum + (summary.by_resolution_preference[pref] ?? 0), 0);
  return (
    <section class="card at-a-glance" aria-labelledby="claims-glance-title">
      <h2 id="claims-glance-title">{t('claims.glance.title')}</h2>
      <p class="hint">
        {t('claims.glance.range', {
          count: summary.total,
          from: formatDay(summary.from, language),
          to: formatDay(summary.to, language),
        })}
      </p>
      <div class="glance-grid">
        <ClaimsChart
          days={summary.days.map((day) => ({ day: day.date, counts: day.by_flow_type }))}
          hrefFor={(day, flow) => hrefFor({ ...filters, created_from: day, created_to: day, flow_type: flow })}
        />
        <div class="glance-facts">
          <h3>{t('claims.glance.preferences')}</h3>
          <ul class="plain">
            {RESOLUTION_PREFERENCES.map((pref) => {
              const count = summary.by_resolution_preference[pref] ?? 0;
              return (
                <li key={pref}>
                  <a href={hrefFor({ ...filters, resolution_preference: pref })}>
                    {t('claims.glance.preference_share', {
                      preference: t(`values.resolution_preference.${pref}`),
                      share: formatPercent(decided > 0 ? count / decided : 0, language),
                      count,
                    })}
                  </a>
                </li>
              );
            })}
          </ul>
          <h3>{t('claims.glance.deliveries')}</h3>
          <p>
            <a
              href={hrefFor({ ...filters, delivery: 'parked' })}
              class={summary.parked > 0 ? 'parked-link' : undefined}
            >
              {t('claims.glance.parked', { count: summary.parked })}
            </a>
          </p>
        </div>
      </div>
    </section>
  );
}
