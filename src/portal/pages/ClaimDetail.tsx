import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  claimActivityListSchema,
  claimDeliveryViewListSchema,
  claimDetailSchema,
  type ClaimDetail,
  type ClaimFile,
} from '../../core/claim-detail.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../core/claims.js';
import { RESOLUTION_PREFERENCES, type ResolutionPreference } from '../../core/resolve-settings.js';
import { usePortal } from '../context.js';
import { useLoad } from '../load.js';
import { paths } from '../router.js';
import { LoadState, PageHeading } from '../ui/page.js';
import { ActivityList } from '../claims/ActivityList.js';
import { DeliveriesPanel } from '../claims/DeliveriesPanel.js';
import { formatDateTime } from '../claims/format.js';
import { PhotoViewer, type Photo } from '../claims/PhotoViewer.js';
import '../claims/claims.css';

const DELIVERY_REFRESH_MS = 3000;

/**
 * One claim: everything the customer gave, the order and shipment it is about, its status and
 * preference (admins change them), what happened to it, and where it was delivered.
 */
export function ClaimDetailPage({ slug, uuid, readOnly }: { slug: string; uuid: string; readOnly: boolean }) {
  const { t, api } = usePortal();
  const base = `/v1/shops/${slug}/claims/${uuid}`;
  // One number for "something changed": the detail, its activity and its deliveries load again.
  const [version, setVersion] = useState(0);
  const [detail, reloadDetail, replaceDetail] = useLoad(`${base}`, () =>
    api('GET', `${base}/detail`, { schema: claimDetailSchema }),
  );
  const [activity, reloadActivity] = useLoad(`${base}#${version}`, () =>
    api('GET', `${base}/activity`, { schema: claimActivityListSchema }),
  );
  const [deliveries, reloadDeliveries] = useLoad(`${base}#${version}`, () =>
    api('GET', `${base}/detail/deliveries`, { schema: claimDeliveryViewListSchema }),
  );
  // While a delivery is on its way (after a retry, say), look again every few seconds.
  const moving =
    deliveries.state === 'ok' && deliveries.data.data.some((d) => d.state === 'pending' || d.state === 'in_progress');
  const refresh = useRef(reloadDeliveries);
  refresh.current = reloadDeliveries;
  useEffect(() => {
    if (!moving) return;
    const timer = setTimeout(() => refresh.current(), DELIVERY_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [moving, deliveries]);
  const title =
    detail.state === 'ok'
      ? t('claims.detail.title', { reference: detail.data.reference })
      : t('claims.detail.title_loading');
  return (
    <section class="claims-page">
      <p class="back-link">
        <a href={paths.claims(slug)}>{t('claims.detail.back')}</a>
      </p>
      <PageHeading title={title} />
      <LoadState loaded={detail} onRetry={reloadDetail}>
        {(claim) => (
          <>
            <Overview claim={claim} />
            {readOnly ? (
              <p class="notice">{t('claims.read_only')}</p>
            ) : (
              <ChangeClaim
                base={base}
                claim={claim}
                onChanged={(status, preference) => {
                  replaceDetail({ ...claim, status, resolution_preference: preference });
                  setVersion((n) => n + 1);
                }}
              />
            )}
            <Evidence claim={claim} />
            <OrderContext claim={claim} />
          </>
        )}
      </LoadState>
      <section class="card" aria-labelledby="claim-activity-title">
        <h2 id="claim-activity-title">{t('claims.activity.title')}</h2>
        <LoadState loaded={activity} onRetry={reloadActivity}>
          {(list) => <ActivityList entries={list.data} />}
        </LoadState>
      </section>
      <section class="card" aria-labelledby="claim-deliveries-title">
        <h2 id="claim-deliveries-title">{t('claims.deliveries.title')}</h2>
        <LoadState loaded={deliveries} onRetry={reloadDeliveries}>
          {(list) => (
            <DeliveriesPanel
              deliveries={list.data}
              readOnly={readOnly}
              onRetry={async (delivery) => {
                const result = await api('POST', `${base}/deliveries/${delivery.id}/retry`);
                if (!result.ok) return result.error?.message ?? t('form.network_error');
                setVersion((n) => n + 1);
                return undefined;
              }}
            />
          )}
        </LoadState>
      </section>
    </section>
  );
}

function Fact(props: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Overview({ claim }: { claim: ClaimDetail }) {
  const { t, language } = usePortal();
  const customer = claim.order.customer;
  return (
    <dl class="card facts claim-facts">
      <Fact label={t('claims.col.status')}>
        <span class={`badge status-${claim.status}`}>{t(`claims.status.${claim.status}`)}</span>
      </Fact>
      <Fact label={t('claims.col.created')}>
        <time dateTime={claim.created_at}>{formatDateTime(claim.created_at, language)}</time>
      </Fact>
      <Fact label={t('claims.col.flow')}>{t(`values.flow_type.${claim.flow_type}`)}</Fact>
      <Fact label={t('claims.filter.reason')}>{t(`claims.reason.${claim.reason}`)}</Fact>
      <Fact label={t('claims.col.preference')}>{t(`values.resolution_preference.${claim.resolution_preference}`)}</Fact>
      <Fact label={t('claims.filter.language')}>{languageName(claim.language, language)}</Fact>
      <Fact label={t('claims.col.order')}>{claim.order.order_number}</Fact>
      <Fact label={t('claims.col.customer')}>
        {customer.name ? <span class="block">{customer.name}</span> : null}
        {customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : null}
      </Fact>
    </dl>
  );
}

function languageName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Status and preference, saved together; the activity list then shows who changed what. */
function ChangeClaim(props: {
  base: string;
  claim: ClaimDetail;
  onChanged: (status: ClaimStatus, preference: ResolutionPreference) => void;
}) {
  const { t, api } = usePortal();
  const [status, setStatus] = useState<ClaimStatus>(props.claim.status);
  const [preference, setPreference] = useState<ResolutionPreference>(props.claim.resolution_preference);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const unchanged = status === props.claim.status && preference === props.claim.resolution_preference;
  return (
    <form
      class="card"
      aria-labelledby="claim-change-title"
      onSubmit={async (event) => {
        event.preventDefault();
        if (unchanged) return;
        setState('saving');
        setProblem(undefined);
        const body = {
          ...(status !== props.claim.status ? { status } : {}),
          ...(preference !== props.claim.resolution_preference ? { resolution_preference: preference } : {}),
        };
        // The answer is the claim as the API stores it; what matters here is that it was accepted.
        const result = await api('PUT', props.base, { body });
        if (result.ok) {
          setState('saved');
          props.onChanged(status, preference);
        } else {
          setState('idle');
          setProblem(result.status === 403 ? t('form.forbidden') : (result.error?.message ?? t('form.network_error')));
        }
      }}
    >
      <h2 id="claim-change-title">{t('claims.change.title')}</h2>
      <div class="row">
        <div class="field">
          <label for="claim-status">{t('claims.col.status')}</label>
          <select
            id="claim-status"
            value={status}
            onChange={(event) => {
              setStatus((event.currentTarget as HTMLSelectElement).value as ClaimStatus);
              setState('idle');
            }}
          >
            {CLAIM_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`claims.status.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="claim-preference">{t('claims.col.preference')}</label>
          <select
            id="claim-preference"
            value={preference}
            onChange={(event) => {
              setPreference((event.currentTarget as HTMLSelectElement).value as ResolutionPreference);
              setState('idle');
            }}
          >
            {RESOLUTION_PREFERENCES.map((value) => (
              <option key={value} value={value}>
                {t(`values.resolution_preference.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="actions">
        <button
          type="submit"
          class="primary"
          disabled={state === 'saving'}
          aria-busy={state === 'saving' ? 'true' : undefined}
        >
          {state === 'saving' ? t('form.saving') : t('claims.change.save')}
        </button>
      </div>
      <p class="status" role="status">
        {state === 'saved' ? t('claims.change.saved') : ''}
      </p>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

const photosOf = (files: ClaimFile[], label: (n: number) => string): Photo[] =>
  files.map((file, index) => ({ url: file.url, thumbnail: file.thumbnail_url, label: label(index + 1) }));

/** Everything the customer gave. */
function Evidence({ claim }: { claim: ClaimDetail }) {
  const { t } = usePortal();
  const general = photosOf(claim.photos, (n) => t('claims.photos.claim_photo', { n }));
  const packagePhotos = photosOf(claim.package_photos, (n) => t('claims.photos.package_photo', { n }));
  return (
    <section class="card" aria-labelledby="claim-evidence-title">
      <h2 id="claim-evidence-title">{t('claims.detail.evidence')}</h2>
      {claim.items.length > 0 ? (
        <ul class="claim-items">
          {claim.items.map((item) => (
            <li key={item.sku}>
              <div class="claim-item-head">
                {item.product_image_url ? (
                  <img class="product-image" src={item.product_image_url} alt="" width={56} height={56} />
                ) : null}
                <div>
                  <h3>{t('claims.detail.item', { quantity: item.quantity, title: item.title })}</h3>
                  <p class="hint">
                    {t('claims.detail.sku', { sku: item.sku })}
                    {item.ordered_quantity !== null
                      ? ` · ${t('claims.detail.ordered', { count: item.ordered_quantity })}`
                      : ''}
                  </p>
                </div>
              </div>
              <PhotoViewer
                id={`photos-${item.sku}`}
                label={t('claims.photos.of_item', { title: item.title })}
                photos={photosOf(item.photos, (n) => t('claims.photos.item_photo', { n, title: item.title }))}
              />
            </li>
          ))}
        </ul>
      ) : null}
      {general.length > 0 ? (
        <>
          <h3>{t('claims.photos.claim_title')}</h3>
          <PhotoViewer id="photos-claim" label={t('claims.photos.claim_title')} photos={general} />
        </>
      ) : null}
      {packagePhotos.length > 0 ? (
        <>
          <h3>{t('claims.photos.package_title')}</h3>
          <PhotoViewer id="photos-package" label={t('claims.photos.package_title')} photos={packagePhotos} />
        </>
      ) : null}
      <dl class="facts">
        {claim.signature ? (
          <Fact label={t('claims.detail.signature')}>
            <img
              class="signature"
              src={claim.signature.url}
              alt={t('claims.detail.signature_alt')}
              width={240}
              height={120}
            />
          </Fact>
        ) : null}
        {claim.dropoff_permission !== null ? (
          <Fact label={t('claims.detail.dropoff')}>
            {claim.dropoff_permission ? t('claims.detail.dropoff_yes') : t('claims.detail.dropoff_no')}
          </Fact>
        ) : null}
        <Fact label={t('claims.detail.description')}>
          {claim.description ? (
            <span class="description">{claim.description}</span>
          ) : (
            <span class="hint">{t('claims.detail.no_description')}</span>
          )}
        </Fact>
      </dl>
    </section>
  );
}

function OrderContext({ claim }: { claim: ClaimDetail }) {
  const { t, language } = usePortal();
  const shipment = claim.shipment;
  return (
    <section class="card" aria-labelledby="claim-order-title">
      <h2 id="claim-order-title">{t('claims.detail.order_title')}</h2>
      <dl class="facts">
        <Fact label={t('claims.col.order')}>{claim.order.order_number}</Fact>
        {claim.order.placed_at ? (
          <Fact label={t('claims.detail.placed')}>{formatDateTime(claim.order.placed_at, language)}</Fact>
        ) : null}
        {claim.order.net_invoice_amount !== null && claim.order.currency ? (
          <Fact label={t('values.claim_field.net_invoice_amount')}>
            {new Intl.NumberFormat(language, { style: 'currency', currency: claim.order.currency }).format(
              claim.order.net_invoice_amount,
            )}
          </Fact>
        ) : null}
        {shipment ? (
          <>
            <Fact label={t('values.claim_field.carrier')}>{shipment.carrier ?? '—'}</Fact>
            <Fact label={t('values.claim_field.tracking_number')}>
              {shipment.tracking_number ? (
                shipment.tracking_url ? (
                  <a href={shipment.tracking_url} target="_blank" rel="noopener noreferrer">
                    {shipment.tracking_number}
                  </a>
                ) : (
                  shipment.tracking_number
                )
              ) : (
                '—'
              )}
            </Fact>
            <Fact label={t('values.claim_field.shipment_phase')}>{t(`values.shipment_phase.${shipment.phase}`)}</Fact>
          </>
        ) : (
          <Fact label={t('claims.detail.shipment')}>{t('claims.detail.no_shipment')}</Fact>
        )}
      </dl>
    </section>
  );
}
