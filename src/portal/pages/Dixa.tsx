import * as z from 'zod/mini';
import {
  dixaSettingsInputSchema,
  dixaSettingsPatchSchema,
  dixaSettingsSchema,
  type DixaSettings,
} from '../../core/integrations.js';
import { dixaAgentListSchema, dixaCustomAttributeListSchema, dixaEmailEndpointListSchema } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useSaveForm } from '../form.js';
import { SaveBar, SelectField, TextField } from '../ui/fields.js';
import { DeliveryForm, HelpdeskPage, settingsPath, usePickList, type HelpdeskFormProps } from './helpdesk.js';

const tokenRequiredSchema = z.extend(dixaSettingsInputSchema, {
  api_token: z.string().check(z.trim(), z.minLength(1), z.maxLength(2048)),
});
const integrationSettingsSchema = z.extend(dixaSettingsInputSchema, {
  email_integration_id: z.string().check(z.minLength(1), z.maxLength(320)),
});

/** Settings → Integrations → Dixa: the token first, then the Integration Settings, then delivery. */
export function DixaPage({ slug, readOnly }: { slug: string; readOnly: boolean }) {
  const { t } = usePortal();
  return (
    <HelpdeskPage slug={slug} readOnly={readOnly} provider="dixa" schema={dixaSettingsSchema}>
      {(form) => (
        <>
          <TokenForm {...form} />
          {form.settings ? (
            <>
              <IntegrationSettingsForm {...form} settings={form.settings} />
              <DixaDelivery {...form} settings={form.settings} />
            </>
          ) : (
            <section class="card" aria-labelledby="dixa-integration-settings">
              <h2 id="dixa-integration-settings">{t('dixa.integration_settings')}</h2>
              <p class="notice">{t('dixa.locked')}</p>
            </section>
          )}
        </>
      )}
    </HelpdeskPage>
  );
}

function TokenForm(props: HelpdeskFormProps<DixaSettings | null>) {
  const { t, api } = usePortal();
  const { settings } = props;
  const form = useSaveForm(
    'dixa-token',
    { api_token: '' },
    {
      schema: settings ? dixaSettingsInputSchema : tokenRequiredSchema,
      body: (values) => (values.api_token.trim() ? { api_token: values.api_token } : {}),
      send: (body) => api('PUT', settingsPath(props.slug, 'dixa'), { body, schema: dixaSettingsSchema }),
      onSaved: (saved) => {
        props.onSaved(saved);
        // The token is never shown again: only its preview.
        return { api_token: '' };
      },
    },
  );
  return (
    <form class="card" noValidate onSubmit={form.onSubmit}>
      <h2>{t('dixa.token_title')}</h2>
      <fieldset disabled={props.readOnly}>
        <TextField
          form={form}
          name="api_token"
          type="password"
          label={t('dixa.api_token')}
          hint={settings ? t('dixa.api_token_keep', { preview: settings.api_token_preview }) : t('dixa.api_token_hint')}
          autocomplete="off"
        />
        <SaveBar form={form} label={settings ? t('dixa.replace_token') : t('dixa.save_token')} />
      </fieldset>
      {settings ? (
        <p>
          {t('dixa.stored_token')} <code data-testid="dixa-token-preview">{settings.api_token_preview}</code>
        </p>
      ) : null}
    </form>
  );
}

function IntegrationSettingsForm(props: HelpdeskFormProps<DixaSettings>) {
  const { t, api } = usePortal();
  const { settings, slug } = props;
  const connection = settings.api_token_preview;
  const endpoints = usePickList(slug, 'dixa', 'email-endpoints', dixaEmailEndpointListSchema, connection);
  const agents = usePickList(slug, 'dixa', 'agents', dixaAgentListSchema, connection);
  const form = useSaveForm(
    'dixa-settings',
    { email_integration_id: settings.email_integration_id ?? '', default_agent_id: settings.default_agent_id ?? '' },
    {
      schema: integrationSettingsSchema,
      body: (values) => ({
        email_integration_id: values.email_integration_id,
        default_agent_id: values.default_agent_id || null,
      }),
      send: (body) => api('PUT', settingsPath(slug, 'dixa'), { body, schema: dixaSettingsSchema }),
      messages: { email_integration_id: t('dixa.email_integration_required') },
      onSaved: props.onSaved,
    },
  );
  const endpointOptions = (endpoints.items ?? []).map((endpoint) => ({
    value: endpoint.address,
    label: endpoint.name ? `${endpoint.name} (${endpoint.address})` : endpoint.address,
  }));
  // A stored ID the account no longer lists stays visible, so saving other things does not drop it silently.
  if (
    settings.email_integration_id &&
    endpoints.items &&
    !endpointOptions.some((o) => o.value === settings.email_integration_id)
  ) {
    endpointOptions.push({ value: settings.email_integration_id, label: settings.email_integration_id });
  }
  const agentOptions = (agents.items ?? []).map((agent) => ({
    value: agent.id,
    label: [agent.name, agent.email].filter(Boolean).join(' · ') || agent.id,
  }));
  return (
    <form class="card" noValidate aria-labelledby="dixa-integration-settings" onSubmit={form.onSubmit}>
      <h2 id="dixa-integration-settings">{t('dixa.integration_settings')}</h2>
      {endpoints.failed ? <p class="error">{endpoints.failed}</p> : null}
      {endpoints.items === undefined && !endpoints.failed ? <p role="status">{t('common.loading')}</p> : null}
      <fieldset disabled={props.readOnly}>
        <SelectField
          form={form}
          name="email_integration_id"
          label={t('dixa.email_integration')}
          hint={t('dixa.email_integration_hint')}
          emptyLabel={t('dixa.choose_email_integration')}
          options={endpointOptions}
        />
        <SelectField
          form={form}
          name="default_agent_id"
          label={t('dixa.default_agent')}
          hint={t('dixa.default_agent_hint')}
          emptyLabel={t('dixa.no_default_agent')}
          options={agentOptions}
        />
        {agents.failed ? <p class="error">{agents.failed}</p> : null}
        <SaveBar form={form} label={t('form.save')} />
      </fieldset>
    </form>
  );
}

function DixaDelivery(props: HelpdeskFormProps<DixaSettings>) {
  const { t } = usePortal();
  const { settings } = props;
  const attributes = usePickList(
    props.slug,
    'dixa',
    'custom-attributes',
    dixaCustomAttributeListSchema,
    settings.api_token_preview,
  );
  return (
    <DeliveryForm
      slug={props.slug}
      provider="dixa"
      readOnly={props.readOnly}
      stored={{
        enabled: settings.enabled,
        tags: settings.tags,
        mapping: settings.custom_attributes.map((m) => ({ id: m.attribute_id, source: m.source })),
      }}
      lockedReason={settings.email_integration_id ? undefined : t('dixa.enabled_locked')}
      patchSchema={dixaSettingsPatchSchema}
      settingsSchema={dixaSettingsSchema}
      mappingPath="custom_attributes"
      toMapping={(m) => ({ attribute_id: m.id, source: m.source })}
      fields={attributes.items?.map((a) => ({ id: a.id, label: a.label, type: a.type }))}
      fieldsFailed={attributes.failed}
      mappingLegend={t('dixa.attributes_title')}
      mappingHint={t('dixa.attributes_hint')}
      onSaved={props.onSaved}
    />
  );
}
