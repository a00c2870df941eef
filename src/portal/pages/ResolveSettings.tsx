import { FLOW_TYPES } from '../../core/flows.js';
import {
  PACKAGE_PHOTO_MODES,
  RESOLUTION_PREFERENCES,
  resolveSettingsSchema,
  type ResolveSettings,
} from '../../core/resolve-settings.js';
import { usePortal } from '../context.js';
import { useSaveForm } from '../form.js';
import { useLoad } from '../load.js';
import { CheckboxField, FieldGroup, ReadOnlyNotice, SaveBar, SelectField, TextField } from '../ui/fields.js';
import { LoadState, PageHeading } from '../ui/page.js';

/** Resolve settings: which flows customers get and how much evidence each claim needs. */
export function ResolveSettingsPage({ slug, readOnly }: { slug: string; readOnly: boolean }) {
  const { t, api } = usePortal();
  const [loaded, reload, replace] = useLoad(slug, () =>
    api('GET', `/v1/shops/${slug}/resolve/settings`, { schema: resolveSettingsSchema }),
  );
  return (
    <section>
      <PageHeading title={t('resolve_settings.title')} intro={t('resolve_settings.intro')} />
      <ReadOnlyNotice readOnly={readOnly} />
      <LoadState loaded={loaded} onRetry={reload}>
        {(settings) => <SettingsForm slug={slug} readOnly={readOnly} settings={settings} onSaved={replace} />}
      </LoadState>
    </section>
  );
}

type Values = Record<string, string | boolean>;

function toValues(settings: ResolveSettings): Values {
  const values: Values = {
    min_photos_per_item: String(settings.min_photos_per_item),
    package_photo: settings.package_photo,
    description_required: settings.description_required,
    description_min_length: String(settings.description_min_length),
    description_max_length: String(settings.description_max_length),
  };
  for (const flow of FLOW_TYPES) values[`flow.${flow}`] = settings.enabled_flows.includes(flow);
  for (const preference of RESOLUTION_PREFERENCES)
    values[`preference.${preference}`] = settings.allowed_resolution_preferences.includes(preference);
  return values;
}

/** Numbers as typed: an empty or non-numeric field stays as it is so the schema names it. */
const number = (value: string | boolean | undefined) =>
  typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;

function SettingsForm(props: {
  slug: string;
  readOnly: boolean;
  settings: ResolveSettings;
  onSaved: (settings: ResolveSettings) => void;
}) {
  const { t, api } = usePortal();
  const form = useSaveForm('resolve-settings', toValues(props.settings), {
    schema: resolveSettingsSchema,
    body: (values) => ({
      enabled_flows: FLOW_TYPES.filter((flow) => values[`flow.${flow}`] === true),
      min_photos_per_item: number(values.min_photos_per_item),
      package_photo: values.package_photo,
      description_required: values.description_required === true,
      description_min_length: number(values.description_min_length),
      description_max_length: number(values.description_max_length),
      allowed_resolution_preferences: RESOLUTION_PREFERENCES.filter(
        (preference) => values[`preference.${preference}`] === true,
      ),
    }),
    send: (body) => api('PUT', `/v1/shops/${props.slug}/resolve/settings`, { body, schema: resolveSettingsSchema }),
    messages: {
      enabled_flows: t('resolve_settings.flows_required'),
      allowed_resolution_preferences: t('resolve_settings.preferences_required'),
      description_min_length: t('resolve_settings.min_above_max'),
    },
    onSaved: props.onSaved,
  });
  return (
    <form class="card" noValidate onSubmit={form.onSubmit}>
      <fieldset disabled={props.readOnly}>
        <FieldGroup form={form} name="enabled_flows" legend={t('resolve_settings.flows')}>
          {FLOW_TYPES.map((flow) => (
            <CheckboxField key={flow} form={form} name={`flow.${flow}`} label={t(`values.flow_type.${flow}`)} />
          ))}
        </FieldGroup>
        <TextField
          form={form}
          name="min_photos_per_item"
          type="number"
          inputMode="numeric"
          label={t('resolve_settings.min_photos')}
          hint={t('resolve_settings.min_photos_hint')}
        />
        <SelectField
          form={form}
          name="package_photo"
          label={t('resolve_settings.package_photo')}
          options={PACKAGE_PHOTO_MODES.map((mode) => ({
            value: mode,
            label: t(`resolve_settings.package_photo_value.${mode}`),
          }))}
        />
        <CheckboxField form={form} name="description_required" label={t('resolve_settings.description_required')} />
        <div class="row">
          <TextField
            form={form}
            name="description_min_length"
            type="number"
            inputMode="numeric"
            label={t('resolve_settings.description_min')}
          />
          <TextField
            form={form}
            name="description_max_length"
            type="number"
            inputMode="numeric"
            label={t('resolve_settings.description_max')}
          />
        </div>
        <FieldGroup form={form} name="allowed_resolution_preferences" legend={t('resolve_settings.preferences')}>
          {RESOLUTION_PREFERENCES.map((preference) => (
            <CheckboxField
              key={preference}
              form={form}
              name={`preference.${preference}`}
              label={t(`values.resolution_preference.${preference}`)}
            />
          ))}
        </FieldGroup>
        <SaveBar form={form} label={t('form.save')} />
      </fieldset>
    </form>
  );
}
