import {
  CLAIM_FIELD_SOURCES,
  DEFAULT_TAG_NAMES,
  type ClaimFieldSource,
  type HelpdeskTagSettings,
} from '../../core/integrations.js';
import { FLOW_TYPES } from '../../core/flows.js';
import { SHIPMENT_PHASES } from '../../core/orders.js';
import { RESOLUTION_PREFERENCES } from '../../core/resolve-settings.js';
import { usePortal } from '../context.js';
import type { Form } from '../form.js';
import { CheckboxField, SelectField, TextArea, TextField } from '../ui/fields.js';

/**
 * What the Gorgias and Dixa pages share: the tag settings and the mapping of claim facts onto the
 * helpdesk's own fields. Form values are flat (`tags.flow_type.names.defective`), the same paths
 * zod and the server report problems on, so each problem lands on its input.
 */
export type FlatValues = Record<string, string | boolean>;

const TAG_GROUPS = {
  flow_type: FLOW_TYPES,
  resolution_preference: RESOLUTION_PREFERENCES,
  shipment_phase: SHIPMENT_PHASES,
} as const;
type TagGroup = keyof typeof TAG_GROUPS;
const GROUPS = Object.keys(TAG_GROUPS) as TagGroup[];

export function tagsToValues(tags: HelpdeskTagSettings): FlatValues {
  const values: FlatValues = { 'tags.always': tags.always.join('\n') };
  for (const group of GROUPS) {
    values[`tags.${group}.enabled`] = tags[group].enabled;
    const names = (tags[group].names ?? {}) as Record<string, string | undefined>;
    for (const value of TAG_GROUPS[group]) values[`tags.${group}.names.${value}`] = names[value] ?? '';
  }
  return values;
}

/** Blank names fall back to the defaults, so they are left out rather than sent empty. */
export function valuesToTags(values: FlatValues): HelpdeskTagSettings {
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
export function TagFields({ form }: { form: Form<FlatValues> }) {
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
export function MappingFields(props: {
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
  const groupError = form.errors.value[props.errorPath];
  return (
    <fieldset class="group" aria-describedby={groupError ? `${form.id}-mapping-error` : undefined}>
      <legend>{props.legend}</legend>
      <p class="hint">{props.hint}</p>
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
      {groupError ? (
        <p class="field-error" id={`${form.id}-mapping-error`}>
          {groupError}
        </p>
      ) : null}
    </fieldset>
  );
}

export function mappingToValues(mappings: { id: string | number; source: ClaimFieldSource }[]): FlatValues {
  return Object.fromEntries(mappings.map((mapping) => [`map.${mapping.id}`, mapping.source]));
}

export function valuesToMapping(values: FlatValues): { id: string; source: ClaimFieldSource }[] {
  return Object.entries(values)
    .filter(([key, value]) => key.startsWith('map.') && typeof value === 'string' && value !== '')
    .map(([key, value]) => ({ id: key.slice(4), source: value as ClaimFieldSource }));
}
