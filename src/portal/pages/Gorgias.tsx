import * as z from 'zod/mini';
import {
  gorgiasSettingsInputSchema,
  gorgiasSettingsPatchSchema,
  gorgiasSettingsSchema,
  type GorgiasSettings,
} from '../../core/integrations.js';
import { gorgiasCustomFieldListSchema } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useSaveForm } from '../form.js';
import { SaveBar, TextField } from '../ui/fields.js';
import { DeliveryForm, HelpdeskPage, settingsPath, usePickList, type HelpdeskFormProps } from './helpdesk.js';

const required = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
/** The request, plus what a first connection needs: every field filled in (later the stored key stays). */
const firstConnectionSchema = z.extend(gorgiasSettingsInputSchema, {
  endpoint: required(300),
  email: required(320),
  api_key: required(512),
});
const updateConnectionSchema = z.extend(gorgiasSettingsInputSchema, { endpoint: required(300), email: required(320) });

/** Settings → Integrations → Gorgias. */
export function GorgiasPage({ slug, readOnly }: { slug: string; readOnly: boolean }) {
  const { t } = usePortal();
  return (
    <HelpdeskPage slug={slug} readOnly={readOnly} provider="gorgias" schema={gorgiasSettingsSchema}>
      {(form) => (
        <>
          <ConnectionForm {...form} />
          {form.settings ? (
            <GorgiasDelivery {...form} settings={form.settings} />
          ) : (
            <p class="notice">{t('gorgias.connect_first')}</p>
          )}
        </>
      )}
    </HelpdeskPage>
  );
}

function ConnectionForm(props: HelpdeskFormProps<GorgiasSettings | null>) {
  const { t, api } = usePortal();
  const { settings } = props;
  const credentials = useSaveForm(
    'gorgias-credentials',
    { endpoint: settings?.endpoint ?? '', email: settings?.email ?? '', api_key: '' },
    {
      schema: settings ? updateConnectionSchema : firstConnectionSchema,
      body: (values) => ({
        endpoint: values.endpoint,
        email: values.email,
        ...(values.api_key.trim() ? { api_key: values.api_key } : {}),
      }),
      send: (body) => api('PUT', settingsPath(props.slug, 'gorgias'), { body, schema: gorgiasSettingsSchema }),
      onSaved: (saved) => {
        props.onSaved(saved);
        // The key is never shown again: only its preview.
        return { endpoint: saved.endpoint, email: saved.email, api_key: '' };
      },
    },
  );
  return (
    <form class="card" noValidate onSubmit={credentials.onSubmit}>
      <h2>{t('gorgias.connection')}</h2>
      <fieldset disabled={props.readOnly}>
        <TextField
          form={credentials}
          name="endpoint"
          type="url"
          label={t('gorgias.endpoint')}
          hint={t('gorgias.endpoint_hint')}
          spellcheck={false}
          autocomplete="off"
        />
        <TextField
          form={credentials}
          name="email"
          type="email"
          label={t('gorgias.email')}
          hint={t('gorgias.email_hint')}
          spellcheck={false}
          autocomplete="off"
        />
        <TextField
          form={credentials}
          name="api_key"
          type="password"
          label={t('gorgias.api_key')}
          hint={settings ? t('gorgias.api_key_keep', { preview: settings.api_key_preview }) : t('gorgias.api_key_hint')}
          autocomplete="off"
        />
        <SaveBar form={credentials} label={settings ? t('gorgias.save_connection') : t('gorgias.connect')} />
      </fieldset>
      {settings ? (
        <dl class="facts connected" aria-label={t('gorgias.connected')}>
          <div>
            <dt>{t('gorgias.api_key')}</dt>
            <dd>
              <code data-testid="gorgias-key-preview">{settings.api_key_preview}</code>
            </dd>
          </div>
          {settings.verified_at ? (
            <div>
              <dt>{t('gorgias.verified')}</dt>
              <dd>{new Date(settings.verified_at).toLocaleString()}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </form>
  );
}

function GorgiasDelivery(props: HelpdeskFormProps<GorgiasSettings>) {
  const { t } = usePortal();
  const { settings } = props;
  const ticketFields = usePickList(
    props.slug,
    'gorgias',
    'custom-fields',
    gorgiasCustomFieldListSchema,
    `${settings.endpoint} ${settings.email}`,
  );
  return (
    <DeliveryForm
      slug={props.slug}
      provider="gorgias"
      readOnly={props.readOnly}
      stored={{
        enabled: settings.enabled,
        tags: settings.tags,
        mapping: settings.custom_fields.map((m) => ({ id: m.field_id, source: m.source })),
      }}
      patchSchema={gorgiasSettingsPatchSchema}
      settingsSchema={gorgiasSettingsSchema}
      mappingPath="custom_fields"
      toMapping={(m) => ({ field_id: Number(m.id), source: m.source })}
      fields={ticketFields.items?.map((field) => ({ id: String(field.id), label: field.label, type: field.data_type }))}
      fieldsFailed={ticketFields.failed}
      mappingLegend={t('gorgias.fields_title')}
      mappingHint={t('gorgias.fields_hint')}
      onSaved={props.onSaved}
    />
  );
}
