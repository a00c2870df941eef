import type { ClaimActivityEntry } from '../../core/claim-detail.js';
import type { TFunction } from 'i18next';
import { usePortal } from '../context.js';
import { formatDateTime } from './format.js';

/** What happened to the claim, oldest first: who did it and when, in the viewer's time zone. */
export function ActivityList({ entries }: { entries: ClaimActivityEntry[] }) {
  const { t, language } = usePortal();
  if (entries.length === 0) return <p class="hint">{t('claims.activity.none')}</p>;
  return (
    <ol class="activity">
      {entries.map((entry) => (
        <li key={entry.id}>
          <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>
          <span>{describe(entry, t)}</span>
          <span class="hint">{who(entry, t)}</span>
        </li>
      ))}
    </ol>
  );
}

function targetName(entry: ClaimActivityEntry, t: TFunction): string {
  return entry.delivery ? t(`claims.target.${entry.delivery.target}`) : '';
}

function value(kind: 'status' | 'preference', raw: string | null, t: TFunction): string {
  if (raw === null) return '—';
  return kind === 'status' ? t(`claims.status.${raw}`) : t(`values.resolution_preference.${raw}`);
}

function describe(entry: ClaimActivityEntry, t: TFunction): string {
  switch (entry.kind) {
    case 'created':
      return t('claims.activity.created');
    case 'status_changed':
      return t('claims.activity.status_changed', {
        from: value('status', entry.from, t),
        to: value('status', entry.to, t),
      });
    case 'preference_changed':
      return t('claims.activity.preference_changed', {
        from: value('preference', entry.from, t),
        to: value('preference', entry.to, t),
      });
    case 'delivery_succeeded':
      return t('claims.activity.delivery_succeeded', {
        target: targetName(entry, t),
        event: entry.delivery?.event_name ?? '',
      });
    case 'delivery_parked':
      return t('claims.activity.delivery_parked', {
        target: targetName(entry, t),
        reason: entry.delivery?.error_code ? t(`claims.delivery_error.${entry.delivery.error_code}`) : '',
      });
    case 'delivery_retried':
      return t('claims.activity.delivery_retried', { target: targetName(entry, t) });
  }
}

function who(entry: ClaimActivityEntry, t: TFunction): string {
  const { actor } = entry;
  if (actor.kind === 'user') return t('claims.activity.by_user', { email: actor.email ?? '' });
  return t(`claims.activity.by_${actor.kind}`);
}
