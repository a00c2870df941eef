import { useEffect, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import {
  gorgiasSettingsInputSchema,
  gorgiasSettingsPatchSchema,
  gorgiasSettingsSchema,
  type GorgiasSettings,
} from '../../core/integrations.js';
import { gorgiasCustomFieldListSchema } from '../../core/portal.js';
import { missingAsNull } from '../api.js';
import { usePortal } from '../context.js';
import { useForm } from '../form.js';
import { useLoad } from '../load.js';
import { paths } from '../router.js';
import { CheckboxField, ReadOnlyNotice, SaveBar, TextField } from '../ui/fields.js';
import { LoadState, PageHeading } from '../ui/page.js';
import { IntegrationGate } from './integration-gate.js';
import {
  MappingFields,
  TagFields,
  mappingToValues,
  tagsToValues,
  valuesToMapping,
  valuesToTags,
  type FlatValues,
  type HelpdeskField,
} from './helpdesk.js';

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
    <section>
      <PageHeading title={t('gorgias.title')} intro={t('gorgias.intro')}>
        <p>
          <a href={paths.integrations(slug)}>{t('integrations.back')}</a>
        </p>
      </PageHeading>
      <ReadOnlyNotice readOnly={readOnly} />
      <IntegrationGate slug={slug} provider="gorgias">
        <GorgiasSettingsLoader slug={slug} readOnly={readOnly} />
      </IntegrationGate>
    </section>
  );
}

function GorgiasSettingsLoader({ slug, readOnly }: { slug: string; readOnly: boolean }) {
  const { api } = usePortal();
  // Not connected yet: an empty form, not a failure.
  const [loaded, reload, replace] = useLoad(slug, async () =>
    missingAsNull(
      await api('GET', `/v1/shops/${slug}/integrations/gorgias`, { schema: gorgiasSettingsSchema }),
      'integration_not_found',
    ),
  );
  return (
    <LoadState loaded={loaded} onRetry={reload}>
      {(settings) => <GorgiasForms slug={slug} readOnly={readOnly} settings={settings} onSaved={replace} />}
    </LoadState>
  );
}

function GorgiasForms(props: {
  slug: string;
  readOnly: boolean;
  settings: GorgiasSettings | null;
  onSaved: (settings: GorgiasSettings) => void;
}) {
  const { t, api } = usePortal();
  const { slug, settings } = props;
  const credentials = useForm('gorgias-credentials', {
    endpoint: settings?.endpoint ?? '',
    email: settings?.email ?? '',
    api_key: '',
  });
  const path = `/v1/shops/${slug}/integrations/gorgias`;
  return (
    <>
      <form
        class="card"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          const saved = await credentials.submit({
            schema: settings ? updateConnectionSchema : firstConnectionSchema,
            body: (values) => ({
              endpoint: values.endpoint,
              email: values.email,
              ...(values.api_key.trim() ? { api_key: values.api_key } : {}),
            }),
            send: (body) => api('PUT', path, { body, schema: gorgiasSettingsSchema }),
            t,
          });
          if (saved) {
            // The key is never shown again: only its preview.
            credentials.reset({ endpoint: saved.endpoint, email: saved.email, api_key: '' });
            credentials.status.value = 'saved';
            props.onSaved(saved);
          }
        }}
      >
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
            hint={
              settings ? t('gorgias.api_key_keep', { preview: settings.api_key_preview }) : t('gorgias.api_key_hint')
            }
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
      {settings ? (
        <GorgiasDelivery {...props} settings={settings} />
      ) : (
        <p class="notice">{t('gorgias.connect_first')}</p>
      )}
    </>
  );
}

function GorgiasDelivery(props: {
  slug: string;
  readOnly: boolean;
  settings: GorgiasSettings;
  onSaved: (settings: GorgiasSettings) => void;
}) {
  const { t, api } = usePortal();
  const { slug, settings } = props;
  const form = useForm<FlatValues>('gorgias-delivery', {
    enabled: settings.enabled,
    ...tagsToValues(settings.tags),
    ...mappingToValues(settings.custom_fields.map((m) => ({ id: m.field_id, source: m.source }))),
  });
  const [fields, setFields] = useState<HelpdeskField[] | undefined>(undefined);
  const [fieldsFailed, setFieldsFailed] = useState<string | undefined>(undefined);
  useEffect(() => {
    void api('GET', `/v1/shops/${slug}/integrations/gorgias/custom-fields`, {
      schema: gorgiasCustomFieldListSchema,
    }).then((result) => {
      if (result.ok)
        setFields(
          result.data.data.map((field) => ({ id: String(field.id), label: field.label, type: field.data_type })),
        );
      else setFieldsFailed(result.error?.message ?? t('form.network_error'));
    });
  }, [slug, settings.endpoint, settings.email, api, t]);
  return (
    <form
      class="card"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const saved = await form.submit({
          schema: gorgiasSettingsPatchSchema,
          body: (values) => ({
            enabled: values.enabled === true,
            tags: valuesToTags(values),
            custom_fields: valuesToMapping(values).map((m) => ({ field_id: Number(m.id), source: m.source })),
          }),
          send: (body) =>
            api('PATCH', `/v1/shops/${slug}/integrations/gorgias`, { body, schema: gorgiasSettingsSchema }),
          t,
          fields: { custom_fields: 'custom_fields' },
        });
        if (saved) props.onSaved(saved);
      }}
    >
      <h2>{t('helpdesk.delivery_title')}</h2>
      <fieldset disabled={props.readOnly}>
        <CheckboxField form={form} name="enabled" label={t('gorgias.enabled')} hint={t('gorgias.enabled_hint')} />
        <TagFields form={form} />
        <MappingFields
          form={form}
          fields={fields}
          loadFailed={fieldsFailed}
          legend={t('gorgias.fields_title')}
          hint={t('gorgias.fields_hint')}
          errorPath="custom_fields"
        />
        <SaveBar form={form} label={t('form.save')} />
      </fieldset>
    </form>
  );
}
