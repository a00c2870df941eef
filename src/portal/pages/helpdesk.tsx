import type { ComponentChildren } from 'preact';
import type * as z from 'zod/mini';
import {
  CLAIM_FIELD_SOURCES,
  DEFAULT_TAG_NAMES,
  type ClaimFieldSource,
  type HelpdeskTagSettings,
} from '../../core/integrations.js';
import { FLOW_TYPES } from '../../core/flows.js';
import { SHIPMENT_PHASES } from '../../core/orders.js';
import { integrationAvailabilitySchema, type IntegrationProvider } from '../../core/portal.js';
import { RESOLUTION_PREFERENCES } from '../../core/resolve-settings.js';
import { missingAsNull, type ApiResult } from '../api.js';
import { usePortal } from '../context.js';
import { useSaveForm, type Form } from '../form.js';
import { useLoad } from '../load.js';
import { paths } from '../router.js';
import { CheckboxField, FieldGroup, ReadOnlyNotice, SaveBar, SelectField, TextArea, TextField } from '../ui/fields.js';
import { LoadState, PageHeading } from '../ui/page.js';

/**
 * What the Gorgias and Dixa pages share: the page and its loading (availability, stored settings,
 * the account's pick lists), the tag settings and the mapping of claim facts onto the helpdesk's
 * own fields, and the delivery form made of them. Form values are flat
 * (`tags.flow_type.names.defective`), the same paths zod and the server report problems on, so each
 * problem lands on its input.
 */

export const settingsPath = (slug: string, provider: IntegrationProvider) =>
  `/v1/shops/${slug}/integrations/${provider}`;

/**
 * A helpdesk's settings page: its heading, and its settings once an operator made the helpdesk
 * available to the shop (else whom to ask). `children` gets what its forms need: the stored
 * settings (null before the first connection: an empty form, not a failure) and how to replace
 * them after a save.
 */
export function HelpdeskPage<S>(props: {
  slug: string;
  readOnly: boolean;
  provider: IntegrationProvider;
  schema: z.ZodMiniType<S>;
  children: (form: HelpdeskFormProps<S | null>) => ComponentChildren;
}) {
  const { t } = usePortal();
  return (
    <section>
      <PageHeading title={t(`${props.provider}.title`)} intro={t(`${props.provider}.intro`)}>
        <p>
          <a href={paths.integrations(props.slug)}>{t('integrations.back')}</a>
        </p>
      </PageHeading>
      <ReadOnlyNotice readOnly={props.readOnly} />
      <Available slug={props.slug} provider={props.provider}>
        <StoredSettings {...props} />
      </Available>
    </section>
  );
}

/** Only what an operator enabled for the shop; the API refuses the settings routes just the same. */
function Available(props: { slug: string; provider: IntegrationProvider; children: ComponentChildren }) {
  const { t, api } = usePortal();
  const [loaded, reload] = useLoad(props.slug, () =>
    api('GET', `/v1/shops/${props.slug}/integrations`, { schema: integrationAvailabilitySchema }),
  );
  return (
    <LoadState loaded={loaded} onRetry={reload}>
      {(availability) =>
        availability[props.provider].available ? (
          props.children
        ) : (
          <div class="notice">
            <p>{t('integrations.not_available', { name: t(`nav.${props.provider}`) })}</p>
            <a href={paths.integrations(props.slug)}>{t('integrations.back')}</a>
          </div>
        )
      }
    </LoadState>
  );
}

function StoredSettings<S>(props: Parameters<typeof HelpdeskPage<S>>[0]) {
  const { api } = usePortal();
  const [loaded, reload, replace] = useLoad(props.slug, async () =>
    missingAsNull(
      await api('GET', settingsPath(props.slug, props.provider), { schema: props.schema }),
      'integration_not_found',
    ),
  );
  return (
    <LoadState loaded={loaded} onRetry={reload}>
      {(settings) => props.children({ slug: props.slug, readOnly: props.readOnly, settings, onSaved: replace })}
    </LoadState>
  );
}

/** What each form of a helpdesk page gets: where it saves, whether it may, what is stored. */
export interface HelpdeskFormProps<S> {
  slug: string;
  readOnly: boolean;
  settings: S;
  /** The stored settings the server answered a save with, for every form of the page. */
  onSaved: (settings: NonNullable<S>) => void;
}

/**
 * One of the helpdesk account's lists (ticket fields, agents, email addresses), asked for again
 * when the stored connection (`connection`: the account, the token) changes.
 */
export function usePickList<T>(
  slug: string,
  provider: IntegrationProvider,
  list: string,
  schema: z.ZodMiniType<{ data: T[] }>,
  connection: string,
): { items: T[] | undefined; failed: string | undefined } {
  const { api, t } = usePortal();
  const path = `${settingsPath(slug, provider)}/${list}`;
  const [loaded] = useLoad(`${path} ${connection}`, () => api('GET', path, { schema }));
  return {
    items: loaded.state === 'ok' ? loaded.data.data : undefined,
    failed: loaded.state === 'failed' ? (loaded.message ?? t('form.network_error')) : undefined,
  };
}

type FlatValues = Record<string, string | boolean>;

const TAG_GROUPS = {
  flow_type: FLOW_TYPES,
  resolution_preference: RESOLUTION_PREFERENCES,
  shipment_phase: SHIPMENT_PHASES,
} as const;
type TagGroup = keyof typeof TAG_GROUPS;
const GROUPS = Object.keys(TAG_GROUPS) as TagGroup[];

function tagsToValues(tags: HelpdeskTagSettings): FlatValues {
  const values: FlatValues = { 'tags.always': tags.always.join('\n') };
  for (const group of GROUPS) {
    values[`tags.${group}.enabled`] = tags[group].enabled;
    const names = (tags[group].names ?? {}) as Record<string, string | undefined>;
    for (const value of TAG_GROUPS[group]) values[`tags.${group}.names.${value}`] = names[value] ?? '';
  }
  return values;
}

/** Blank names fall back to the defaults, so they are left out rather than sent empty. */
function valuesToTags(values: FlatValues): HelpdeskTagSettings {
  const group = (name: TagGroup) => {
    const names: Record<string, string> = {};
    for (const value of TAG_GROUPS[name]) {
      const typed = String(values[`tags.${name}.names.${value}`] ?? '').trim();
      if (typed) names[value] = typed;
    }
    return { enabled: values[`tags.${name}.enabled`] === true, ...(Object.keys(names).length ? { names } : {}) };
  };
  const always = String(values['tags.always'] ?? '')
    .split('\n')
    .map((tag) => tag.trim())
    .filter(Boolean);
  return {
    flow_type: group('flow_type'),
    resolution_preference: group('resolution_preference'),
    shipment_phase: group('shipment_phase'),
    always,
  } as HelpdeskTagSettings;
}

/** Tags per flow type, preference and shipment phase, each group switchable, each name optional. */
function TagFields({ form }: { form: Form<FlatValues> }) {
  const { t } = usePortal();
  return (
    <fieldset class="group">
      <legend>{t('helpdesk.tags_title')}</legend>
      <p class="hint">{t('helpdesk.tags_hint')}</p>
      {GROUPS.map((group) => (
        <div key={group}>
          <CheckboxField form={form} name={`tags.${group}.enabled`} label={t(`helpdesk.tag_group.${group}`)} />
          <details>
            <summary>{t('helpdesk.tag_names')}</summary>
            {TAG_GROUPS[group].map((value) => (
              <TextField
                key={value}
                form={form}
                name={`tags.${group}.names.${value}`}
                label={t(`values.${group}.${value}`)}
                placeholder={(DEFAULT_TAG_NAMES[group] as Record<string, string>)[value]}
                hint={t('helpdesk.tag_default', { name: (DEFAULT_TAG_NAMES[group] as Record<string, string>)[value] })}
              />
            ))}
          </details>
        </div>
      ))}
      <TextArea
        form={form}
        name="tags.always"
        label={t('helpdesk.tags_always')}
        hint={t('helpdesk.tags_always_hint')}
        rows={2}
      />
    </fieldset>
  );
}

export interface HelpdeskField {
  id: string;
  label: string;
  type: string;
}

/** One select per field of the helpdesk account: which claim fact fills it, or none. */
function MappingFields(props: {
  form: Form<FlatValues>;
  fields: HelpdeskField[] | undefined;
  loadFailed?: string;
  legend: string;
  hint: string;
  errorPath: string;
}) {
  const { t } = usePortal();
  const { form, fields } = props;
  const sourceOptions = CLAIM_FIELD_SOURCES.map((source) => ({
    value: source,
    label: t(`values.claim_field.${source}`),
  }));
  return (
    <FieldGroup form={form} name={props.errorPath} legend={props.legend} hint={props.hint}>
      {props.loadFailed ? <p class="error">{props.loadFailed}</p> : null}
      {fields === undefined && !props.loadFailed ? <p role="status">{t('common.loading')}</p> : null}
      {fields && fields.length === 0 ? <p>{t('helpdesk.no_fields')}</p> : null}
      {fields?.map((field) => (
        <SelectField
          key={field.id}
          form={form}
          name={`map.${field.id}`}
          label={t('helpdesk.field_label', { label: field.label, type: field.type })}
          emptyLabel={t('helpdesk.not_filled')}
          options={sourceOptions}
        />
      ))}
    </FieldGroup>
  );
}

function mappingToValues(mappings: { id: string | number; source: ClaimFieldSource }[]): FlatValues {
  return Object.fromEntries(mappings.map((mapping) => [`map.${mapping.id}`, mapping.source]));
}

function valuesToMapping(values: FlatValues): { id: string; source: ClaimFieldSource }[] {
  return Object.entries(values)
    .filter(([key, value]) => key.startsWith('map.') && typeof value === 'string' && value !== '')
    .map(([key, value]) => ({ id: key.slice(4), source: value as ClaimFieldSource }));
}

export interface StoredDelivery {
  enabled: boolean;
  tags: HelpdeskTagSettings;
  mapping: { id: string | number; source: ClaimFieldSource }[];
}

/**
 * Whether claims go to the helpdesk, with which tags and which of its fields filled: one form,
 * saved with a PATCH of the stored settings. `mappingPath` is where the request carries the
 * mapping (and where problems with it are reported), each entry shaped by `toMapping`.
 */
export function DeliveryForm<S, B>(props: {
  slug: string;
  provider: IntegrationProvider;
  readOnly: boolean;
  stored: StoredDelivery;
  /** Why the switch cannot be turned on yet; the request then leaves it alone. */
  lockedReason?: string | undefined;
  patchSchema: z.ZodMiniType<B>;
  settingsSchema: z.ZodMiniType<S>;
  mappingPath: string;
  toMapping: (entry: { id: string; source: ClaimFieldSource }) => unknown;
  fields: HelpdeskField[] | undefined;
  fieldsFailed: string | undefined;
  mappingLegend: string;
  mappingHint: string;
  onSaved: (settings: S) => void;
}) {
  const { t, api } = usePortal();
  const { provider, stored, lockedReason } = props;
  const form = useSaveForm<FlatValues, B, S>(
    `${provider}-delivery`,
    { enabled: stored.enabled, ...tagsToValues(stored.tags), ...mappingToValues(stored.mapping) },
    {
      schema: props.patchSchema,
      body: (values) => ({
        ...(lockedReason ? {} : { enabled: values.enabled === true }),
        tags: valuesToTags(values),
        [props.mappingPath]: valuesToMapping(values).map(props.toMapping),
      }),
      send: (body): Promise<ApiResult<S>> =>
        api('PATCH', settingsPath(props.slug, provider), { body, schema: props.settingsSchema }),
      fields: { [props.mappingPath]: props.mappingPath },
      onSaved: props.onSaved,
    },
  );
  return (
    <form class="card" noValidate onSubmit={form.onSubmit}>
      <h2>{t('helpdesk.delivery_title')}</h2>
      <fieldset disabled={props.readOnly}>
        <CheckboxField
          form={form}
          name="enabled"
          label={t(`${provider}.enabled`)}
          disabled={lockedReason !== undefined}
          disabledReason={lockedReason}
          hint={lockedReason ? undefined : t(`${provider}.enabled_hint`)}
        />
        <TagFields form={form} />
        <MappingFields
          form={form}
          fields={props.fields}
          loadFailed={props.fieldsFailed}
          legend={props.mappingLegend}
          hint={props.mappingHint}
          errorPath={props.mappingPath}
        />
        <SaveBar form={form} label={t('form.save')} />
      </fieldset>
    </form>
  );
}
