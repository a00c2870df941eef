import { useState } from 'preact/hooks';
import { CLAIM_REASONS, CLAIM_STATUSES, FLOW_TYPES } from '../../core/claims.js';
import { DELIVERY_FILTERS, MAX_SEARCH_LENGTH } from '../../core/claims-view.js';
import { SUPPORTED_LANGUAGES } from '../../core/languages.js';
import { RESOLUTION_PREFERENCES } from '../../core/resolve-settings.js';
import { usePortal } from '../context.js';
import { useNarrow } from './ClaimList.js';
import { activeFilterCount, withFilter, type ClaimFilters, type FilterKey } from './url-filters.js';

/**
 * The list's filters. Each change is a new address (a history entry), so Back undoes it; the
 * search is sent with its button or Enter, not on every key.
 */
export function FilterBar(props: { filters: ClaimFilters; onChange: (next: ClaimFilters) => void; clearHref: string }) {
  const { t, language } = usePortal();
  const { filters } = props;
  const names = languageNames(language);
  const narrow = useNarrow();
  const count = activeFilterCount(filters);
  const select = (key: FilterKey, values: readonly string[], label: (value: string) => string) => (
    <div class="field" key={key}>
      <label for={`claims-filter-${key}`}>{t(`claims.filter.${key}`)}</label>
      <select
        id={`claims-filter-${key}`}
        value={filters[key] ?? ''}
        onChange={(event) => props.onChange(withFilter(filters, key, (event.currentTarget as HTMLSelectElement).value))}
      >
        <option value="">{t('claims.filter.any')}</option>
        {values.map((value) => (
          <option key={value} value={value}>
            {label(value)}
          </option>
        ))}
      </select>
    </div>
  );
  const date = (key: 'created_from' | 'created_to') => (
    <div class="field" key={key}>
      <label for={`claims-filter-${key}`}>{t(`claims.filter.${key}`)}</label>
      <input
        id={`claims-filter-${key}`}
        type="date"
        value={filters[key] ?? ''}
        onChange={(event) => props.onChange(withFilter(filters, key, (event.currentTarget as HTMLInputElement).value))}
      />
    </div>
  );
  return (
    <section class="card claims-filters" aria-labelledby="claims-filters-title">
      <h2 id="claims-filters-title">{t('claims.filter.title')}</h2>
      <SearchBox value={filters.q ?? ''} onSearch={(q) => props.onChange(withFilter(filters, 'q', q))} />
      {/* On a phone the list would start screens below the filters: they fold away unless one is set. */}
      <details class="more-filters" open={!narrow || count > (filters.q ? 1 : 0)}>
        <summary>{t('claims.filter.more')}</summary>
        <div class="filter-grid">
          {select('status', CLAIM_STATUSES, (value) => t(`claims.status.${value}`))}
          {select('flow_type', FLOW_TYPES, (value) => t(`values.flow_type.${value}`))}
          {select('resolution_preference', RESOLUTION_PREFERENCES, (value) =>
            t(`values.resolution_preference.${value}`),
          )}
          {select('reason', CLAIM_REASONS, (value) => t(`claims.reason.${value}`))}
          {select('language', SUPPORTED_LANGUAGES, (value) => names(value))}
          {select('delivery', DELIVERY_FILTERS, (value) => t(`claims.delivery_filter.${value}`))}
          {date('created_from')}
          {date('created_to')}
        </div>
        <p class="hint">{t('claims.filter.dates_utc')}</p>
      </details>
      {count > 0 ? (
        <p>
          <a href={props.clearHref}>{t('claims.filter.clear', { count })}</a>
        </p>
      ) : null}
    </section>
  );
}

/** Keyed by the address's search, so Back (or a chart link) shows the search it restores. */
function SearchBox(props: { value: string; onSearch: (q: string) => void }) {
  return <SearchForm key={props.value} {...props} />;
}

function SearchForm(props: { value: string; onSearch: (q: string) => void }) {
  const { t } = usePortal();
  const [typed, setTyped] = useState(props.value);
  return (
    <form
      role="search"
      class="claims-search"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSearch(typed);
      }}
    >
      <div class="field">
        <label for="claims-search">{t('claims.filter.q')}</label>
        <input
          id="claims-search"
          type="search"
          value={typed}
          maxLength={MAX_SEARCH_LENGTH}
          autocomplete="off"
          spellcheck={false}
          aria-describedby="claims-search-hint"
          onInput={(event) => setTyped((event.currentTarget as HTMLInputElement).value)}
        />
        <p class="hint" id="claims-search-hint">
          {t('claims.filter.q_hint')}
        </p>
      </div>
      <button type="submit" class="primary">
        {t('claims.filter.search')}
      </button>
    </form>
  );
}

/** Language names in the portal's language ("Deutsch" / "German"), from the browser. */
function languageNames(language: string): (code: string) => string {
  try {
    const names = new Intl.DisplayNames([language], { type: 'language' });
    return (code) => names.of(code) ?? code;
  } catch {
    return (code) => code;
  }
}
