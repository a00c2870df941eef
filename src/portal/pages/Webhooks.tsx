import { useState } from 'preact/hooks';
import {
  WEBHOOK_EVENT_FILTERS,
  webhookCreateSchema,
  webhookListSchema,
  webhookSchema,
  webhookUpdateSchema,
  webhookWithSecretSchema,
  type Webhook,
  type WebhookEventFilter,
  type WebhookWithSecret,
} from '../../core/webhooks.js';
import {
  webhookDeliveryListSchema,
  webhookTestResultSchema,
  type WebhookDelivery,
  type WebhookTestResult,
} from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useSaveForm, type Form } from '../form.js';
import { useLoad } from '../load.js';
import { CheckboxField, CopyButton, FieldGroup, ReadOnlyNotice, SaveBar, TextField } from '../ui/fields.js';
import { LoadState, PageHeading } from '../ui/page.js';

/** Settings → Webhooks: signed claim events to the merchant's own systems. */
export function WebhooksPage({ slug, readOnly }: { slug: string; readOnly: boolean }) {
  const { t, api } = usePortal();
  const base = `/v1/shops/${slug}/webhooks`;
  const [loaded, reload, replace] = useLoad(slug, () =>
    api('GET', `${base}?per_page=100`, { schema: webhookListSchema }),
  );
  const [created, setCreated] = useState<WebhookWithSecret | undefined>(undefined);
  const hooks = loaded.state === 'ok' ? loaded.data.data : [];
  const update = (next: Webhook | undefined, uuid: string) => {
    if (loaded.state !== 'ok') return;
    const data = next
      ? hooks.map((hook) => (hook.uuid === uuid ? next : hook))
      : hooks.filter((hook) => hook.uuid !== uuid);
    replace({ ...loaded.data, data, total: data.length });
  };
  return (
    <section>
      <PageHeading title={t('webhooks.title')} intro={t('webhooks.intro')} />
      <ReadOnlyNotice readOnly={readOnly} />
      {readOnly ? null : (
        <CreateWebhook
          base={base}
          onCreated={(hook) => {
            setCreated(hook);
            if (loaded.state === 'ok') replace({ ...loaded.data, data: [hook, ...hooks], total: hooks.length + 1 });
          }}
        />
      )}
      {created ? <SecretOnce hook={created} onDone={() => setCreated(undefined)} /> : null}
      <LoadState loaded={loaded} onRetry={reload}>
        {(list) =>
          list.data.length === 0 ? (
            <p class="notice">{t('webhooks.none')}</p>
          ) : (
            <ul class="list" aria-label={t('webhooks.list')}>
              {list.data.map((hook) => (
                <li key={hook.uuid}>
                  <WebhookItem
                    base={base}
                    hook={hook}
                    readOnly={readOnly}
                    onChange={(next) => update(next, hook.uuid)}
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

type EventValues = Record<string, string | boolean>;
const eventKey = (event: WebhookEventFilter) => `event:${event}`;
const eventsToValues = (events: readonly WebhookEventFilter[]): EventValues =>
  Object.fromEntries(WEBHOOK_EVENT_FILTERS.map((event) => [eventKey(event), events.includes(event)]));
const valuesToEvents = (values: EventValues) =>
  WEBHOOK_EVENT_FILTERS.filter((event) => values[eventKey(event)] === true);

function EventFields({ form }: { form: Form<EventValues> }) {
  const { t } = usePortal();
  return (
    <FieldGroup form={form} name="enabled_events" legend={t('webhooks.events')}>
      {WEBHOOK_EVENT_FILTERS.map((event) => (
        <CheckboxField
          key={event}
          form={form}
          name={eventKey(event)}
          label={
            <>
              {t(`webhooks.event.${event === '*' ? 'all' : event.replace('/', '_')}`)} <code>{event}</code>
            </>
          }
        />
      ))}
    </FieldGroup>
  );
}

function CreateWebhook({ base, onCreated }: { base: string; onCreated: (hook: WebhookWithSecret) => void }) {
  const { t, api } = usePortal();
  const blank: EventValues = { url: '', ...eventsToValues(['*']) };
  const form = useSaveForm('webhook-create', blank, {
    schema: webhookCreateSchema,
    body: (values) => ({ url: String(values.url), enabled_events: valuesToEvents(values) }),
    send: (body) => api('POST', base, { body, schema: webhookWithSecretSchema }),
    messages: { url: t('webhooks.url_invalid'), enabled_events: t('webhooks.events_required') },
    onSaved: (hook) => {
      onCreated(hook);
      return blank;
    },
  });
  return (
    <form class="card" noValidate onSubmit={form.onSubmit}>
      <h2>{t('webhooks.create_title')}</h2>
      <TextField
        form={form}
        name="url"
        type="url"
        label={t('webhooks.url')}
        hint={t('webhooks.url_hint')}
        spellcheck={false}
        autocomplete="off"
      />
      <EventFields form={form} />
      <SaveBar form={form} label={t('webhooks.create')} />
    </form>
  );
}

/** The signing secret, shown once after creating: the receiver needs it to check signatures. */
function SecretOnce({ hook, onDone }: { hook: WebhookWithSecret; onDone: () => void }) {
  const { t } = usePortal();
  return (
    <div class="success" role="status">
      <p>
        <strong>{t('webhooks.created', { url: hook.url })}</strong>
      </p>
      <p>{t('webhooks.secret_once')}</p>
      <p class="secret" data-testid="webhook-secret">
        {hook.secret}
      </p>
      <div class="actions">
        <CopyButton text={hook.secret} label={t('webhooks.copy_secret')} />
        <button type="button" class="secondary small" onClick={onDone}>
          {t('webhooks.secret_stored')}
        </button>
      </div>
    </div>
  );
}

function WebhookItem({
  base,
  hook,
  readOnly,
  onChange,
}: {
  base: string;
  hook: Webhook;
  readOnly: boolean;
  onChange: (next: Webhook | undefined) => void;
}) {
  const { t, api } = usePortal();
  const path = `${base}/${hook.uuid}`;
  const form = useSaveForm(`webhook-${hook.uuid}`, eventsToValues(hook.enabled_events), {
    schema: webhookUpdateSchema,
    body: (values) => ({ enabled_events: valuesToEvents(values) }),
    send: (body) => api('PATCH', path, { body, schema: webhookSchema }),
    messages: { enabled_events: t('webhooks.events_required') },
    onSaved: onChange,
  });
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [test, setTest] = useState<WebhookTestResult | undefined>(undefined);
  const [deliveriesKey, setDeliveriesKey] = useState(0);
  const act = async (name: string, run: () => Promise<{ ok: boolean; error?: { message: string } | undefined }>) => {
    setBusy(name);
    setProblem(undefined);
    const result = await run();
    setBusy(undefined);
    if (!result.ok) setProblem(result.error?.message ?? t('form.network_error'));
  };
  const paused = hook.status === 'inactive';
  return (
    <article class="grow" aria-labelledby={`webhook-${hook.uuid}-url`}>
      <h3 id={`webhook-${hook.uuid}-url`}>
        <code>{hook.url}</code> <span class={`badge ${hook.status}`}>{t(`webhooks.status.${hook.status}`)}</span>
      </h3>
      <p class="hint">{t('webhooks.secret_preview', { preview: hook.secret_preview })}</p>
      <form noValidate onSubmit={form.onSubmit}>
        <fieldset disabled={readOnly}>
          <EventFields form={form} />
          <SaveBar form={form} label={t('webhooks.save_events')} />
        </fieldset>
      </form>
      <div class="actions">
        <button
          type="button"
          class="secondary small"
          disabled={readOnly || busy !== undefined}
          onClick={() =>
            act('pause', async () => {
              const result = await api('PATCH', path, {
                body: { status: paused ? 'active' : 'inactive' },
                schema: webhookSchema,
              });
              if (result.ok) onChange(result.data);
              return result;
            })
          }
        >
          {paused ? t('webhooks.resume') : t('webhooks.pause')}
        </button>
        <button
          type="button"
          class="secondary small"
          disabled={readOnly || busy !== undefined}
          aria-busy={busy === 'test' ? 'true' : undefined}
          onClick={() =>
            act('test', async () => {
              const result = await api('POST', `${path}/test`, { schema: webhookTestResultSchema });
              if (result.ok) {
                setTest(result.data);
                setDeliveriesKey((n) => n + 1);
              }
              return result;
            })
          }
        >
          {busy === 'test' ? t('webhooks.testing') : t('webhooks.send_test')}
        </button>
        {confirmDelete ? (
          <>
            <button
              type="button"
              class="danger small"
              disabled={busy !== undefined}
              onClick={() =>
                act('delete', async () => {
                  const result = await api('DELETE', path);
                  if (result.ok) onChange(undefined);
                  return result;
                })
              }
            >
              {t('webhooks.confirm_delete')}
            </button>
            <button type="button" class="secondary small" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
          </>
        ) : (
          <button
            type="button"
            class="danger small"
            disabled={readOnly || busy !== undefined}
            onClick={() => setConfirmDelete(true)}
          >
            {t('webhooks.delete')}
          </button>
        )}
      </div>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <p role="status" class={test ? (test.delivered ? 'success' : 'error') : ''}>
        {test
          ? test.delivered
            ? t('webhooks.test_delivered', { status: test.status ?? '—', ms: Math.round(test.duration_ms) })
            : t('webhooks.test_failed', { status: test.status ?? '—', reason: test.error?.message ?? '' })
          : ''}
      </p>
      <Deliveries path={`${path}/deliveries`} refreshKey={deliveriesKey} />
    </article>
  );
}

function Deliveries({ path, refreshKey }: { path: string; refreshKey: number }) {
  const { t, api } = usePortal();
  const [loaded, reload] = useLoad(`${path}#${refreshKey}`, () =>
    api('GET', path, { schema: webhookDeliveryListSchema }),
  );
  return (
    <details>
      <summary>{t('webhooks.deliveries')}</summary>
      <LoadState loaded={loaded} onRetry={reload}>
        {(list) =>
          list.data.length === 0 ? <p>{t('webhooks.no_deliveries')}</p> : <DeliveryTable deliveries={list.data} />
        }
      </LoadState>
    </details>
  );
}

function DeliveryTable({ deliveries }: { deliveries: WebhookDelivery[] }) {
  const { t } = usePortal();
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('webhooks.col_time')}</th>
            <th scope="col">{t('webhooks.col_event')}</th>
            <th scope="col">{t('webhooks.col_state')}</th>
            <th scope="col">{t('webhooks.col_answer')}</th>
            <th scope="col">{t('webhooks.col_attempts')}</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td>{new Date(delivery.updated_at).toLocaleString()}</td>
              <td>
                <code>{delivery.event_name}</code>
              </td>
              <td>
                <span class={`badge ${delivery.state}`}>{t(`webhooks.state.${delivery.state}`)}</span>
                {delivery.last_error ? <div class="hint">{delivery.last_error.message}</div> : null}
              </td>
              <td>{delivery.answer_status ?? '—'}</td>
              <td>{delivery.attempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
