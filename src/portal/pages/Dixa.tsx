import { useEffect, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import {
  dixaSettingsInputSchema,
  dixaSettingsPatchSchema,
  dixaSettingsSchema,
  type DixaSettings,
} from '../../core/integrations.js';
import {
  dixaAgentListSchema,
  dixaCustomAttributeListSchema,
  dixaEmailEndpointListSchema,
  type DixaAgent,
  type DixaEmailEndpoint,
} from '../../core/portal.js';
import { missingAsNull } from '../api.js';
import { usePortal } from '../context.js';
import { useForm } from '../form.js';
import { useLoad } from '../load.js';
import { paths } from '../router.js';
import { CheckboxField, ReadOnlyNotice, SaveBar, SelectField, TextField } from '../ui/fields.js';
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
    <section>
      <PageHeading title={t('dixa.title')} intro={t('dixa.intro')}>
        <p>
          <a href={paths.integrations(slug)}>{t('integrations.back')}</a>
        </p>
      </PageHeading>
      <ReadOnlyNotice readOnly={readOnly} />
      <IntegrationGate slug={slug} provider="dixa">
        <DixaSettingsLoader slug={slug} readOnly={readOnly} />
      </IntegrationGate>
    </section>
  );
}

function DixaSettingsLoader({ slug, readOnly }: { slug: string; readOnly: boolean }) {
  const { api, t } = usePortal();
  const [loaded, reload, replace] = useLoad(slug, async () =>
    missingAsNull(
      await api('GET', `/v1/shops/${slug}/integrations/dixa`, { schema: dixaSettingsSchema }),
      'integration_not_found',
    ),
  );
  return (
    <LoadState loaded={loaded} onRetry={reload}>
      {(settings) => (
        <>
          <TokenForm slug={slug} readOnly={readOnly} settings={settings} onSaved={replace} />
          {settings ? (
            <>
              <IntegrationSettingsForm slug={slug} readOnly={readOnly} settings={settings} onSaved={replace} />
              <DixaDelivery slug={slug} readOnly={readOnly} settings={settings} onSaved={replace} />
            </>
          ) : (
            <section class="card" aria-labelledby="dixa-integration-settings">
              <h2 id="dixa-integration-settings">{t('dixa.integration_settings')}</h2>
              <p class="notice">{t('dixa.locked')}</p>
            </section>
          )}
        </>
      )}
    </LoadState>
  );
}

interface Props {
  slug: string;
  readOnly: boolean;
  onSaved: (settings: DixaSettings) => void;
}

function TokenForm(props: Props & { settings: DixaSettings | null }) {
  const { t, api } = usePortal();
  const { settings } = props;
  const form = useForm('dixa-token', { api_token: '' });
  return (
    <form
      class="card"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const saved = await form.submit({
          schema: settings ? dixaSettingsInputSchema : tokenRequiredSchema,
          body: (values) => (values.api_token.trim() ? { api_token: values.api_token } : {}),
          send: (body) => api('PUT', `/v1/shops/${props.slug}/integrations/dixa`, { body, schema: dixaSettingsSchema }),
          t,
        });
        if (saved) {
          form.reset({ api_token: '' });
          form.status.value = 'saved';
          props.onSaved(saved);
        }
      }}
    >
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

function useList<T>(
  path: string,
  schema: z.ZodMiniType<{ data: T[] }>,
  key: string,
): { items: T[] | undefined; failed: string | undefined } {
  const { api, t } = usePortal();
  const [items, setItems] = useState<T[] | undefined>(undefined);
  const [failed, setFailed] = useState<string | undefined>(undefined);
  useEffect(() => {
    setItems(undefined);
    setFailed(undefined);
    void api('GET', path, { schema }).then((result) => {
      if (result.ok) setItems(result.data.data);
      else setFailed(result.error?.message ?? t('form.network_error'));
    });
  }, [path, key, api, schema, t]);
  return { items, failed };
}

function IntegrationSettingsForm(props: Props & { settings: DixaSettings }) {
  const { t, api } = usePortal();
  const { settings, slug } = props;
  const base = `/v1/shops/${slug}/integrations/dixa`;
  const endpoints = useList<DixaEmailEndpoint>(
    `${base}/email-endpoints`,
    dixaEmailEndpointListSchema,
    settings.api_token_preview,
  );
  const agents = useList<DixaAgent>(`${base}/agents`, dixaAgentListSchema, settings.api_token_preview);
  const form = useForm('dixa-settings', {
    email_integration_id: settings.email_integration_id ?? '',
    default_agent_id: settings.default_agent_id ?? '',
  });
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
    <form
      class="card"
      noValidate
      aria-labelledby="dixa-integration-settings"
      onSubmit={async (event) => {
        event.preventDefault();
        const saved = await form.submit({
          schema: integrationSettingsSchema,
          body: (values) => ({
            email_integration_id: values.email_integration_id,
            default_agent_id: values.default_agent_id || null,
          }),
          send: (body) => api('PUT', base, { body, schema: dixaSettingsSchema }),
          t,
          messages: { email_integration_id: t('dixa.email_integration_required') },
        });
        if (saved) props.onSaved(saved);
      }}
    >
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

function DixaDelivery(props: Props & { settings: DixaSettings }) {
  const { t, api } = usePortal();
  const { settings, slug } = props;
  const attributes = useList(
    `/v1/shops/${slug}/integrations/dixa/custom-attributes`,
    dixaCustomAttributeListSchema,
    settings.api_token_preview,
  );
  const fields: HelpdeskField[] | undefined = attributes.items?.map((a) => ({
    id: a.id,
    label: a.label,
    type: a.type,
  }));
  const form = useForm<FlatValues>('dixa-delivery', {
    enabled: settings.enabled,
    ...tagsToValues(settings.tags),
    ...mappingToValues(settings.custom_attributes.map((m) => ({ id: m.attribute_id, source: m.source }))),
  });
  const locked = !settings.email_integration_id;
  return (
    <form
      class="card"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const saved = await form.submit({
          schema: dixaSettingsPatchSchema,
          body: (values) => ({
            ...(locked ? {} : { enabled: values.enabled === true }),
            tags: valuesToTags(values),
            custom_attributes: valuesToMapping(values).map((m) => ({ attribute_id: m.id, source: m.source })),
          }),
          send: (body) => api('PATCH', `/v1/shops/${slug}/integrations/dixa`, { body, schema: dixaSettingsSchema }),
          t,
          fields: { custom_attributes: 'custom_attributes' },
        });
        if (saved) props.onSaved(saved);
      }}
    >
      <h2>{t('helpdesk.delivery_title')}</h2>
      <fieldset disabled={props.readOnly}>
        <CheckboxField
          form={form}
          name="enabled"
          label={t('dixa.enabled')}
          disabled={locked}
          disabledReason={locked ? t('dixa.enabled_locked') : undefined}
          hint={locked ? undefined : t('dixa.enabled_hint')}
        />
        <TagFields form={form} />
        <MappingFields
          form={form}
          fields={fields}
          loadFailed={attributes.failed}
          legend={t('dixa.attributes_title')}
          hint={t('dixa.attributes_hint')}
          errorPath="custom_attributes"
        />
        <SaveBar form={form} label={t('form.save')} />
      </fieldset>
    </form>
  );
}
