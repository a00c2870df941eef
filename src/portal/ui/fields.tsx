import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { fieldId, type Form } from '../form.js';
import { usePortal } from '../context.js';

/**
 * Form controls with their label, hint and problem wired up for assistive technology: the label
 * names the control, the hint and the problem describe it, `aria-invalid` marks it. `useField` is
 * that wiring, once: every control below takes its id, value, problem and description from it,
 * and every group of controls (`FieldGroup`) its id, problem and description (`useFieldHelp`).
 */
type Values = Record<string, unknown>;

export interface FieldHelp {
  id: string;
  error: string | undefined;
  /** The hint's and the problem's ids, plus any `describedBy` passed in; undefined when there are none. */
  describedBy: string | undefined;
  /** The hint paragraph (null without a hint) and the problem paragraph (null while there is none). */
  hint: JSX.Element | null;
  problem: JSX.Element | null;
}

export interface Field<V> extends FieldHelp {
  value: V;
  /** What every control carries: its id and name, whether it is invalid, what describes it. */
  control: { id: string; name: string; 'aria-invalid': 'true' | undefined; 'aria-describedby': string | undefined };
  set(value: V): void;
}

interface HelpOptions {
  hint?: string | undefined;
  describedBy?: string | undefined;
}

/** The hint and problem of a field, or of a group whose problem path is no value of its own. */
export function useFieldHelp<T extends Values>(form: Form<T>, name: string, options: HelpOptions = {}): FieldHelp {
  const id = fieldId(form.id, name);
  const error = form.errors.value[name];
  const hintId = options.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return {
    id,
    error,
    describedBy: [hintId, errorId, options.describedBy].filter(Boolean).join(' ') || undefined,
    hint: hintId ? (
      <p class="hint" id={hintId}>
        {options.hint}
      </p>
    ) : null,
    problem: errorId ? (
      <p class="field-error" id={errorId}>
        {error}
      </p>
    ) : null,
  };
}

export function useField<T extends Values, K extends keyof T & string>(
  form: Form<T>,
  name: K,
  options: HelpOptions = {},
): Field<T[K]> {
  const help = useFieldHelp(form, name, options);
  return {
    ...help,
    value: form.values.value[name],
    control: {
      id: help.id,
      name,
      'aria-invalid': help.error ? 'true' : undefined,
      'aria-describedby': help.describedBy,
    },
    set: (value) => form.set(name, value),
  };
}

interface BaseProps<T extends Values> {
  form: Form<T>;
  name: keyof T & string;
  label: ComponentChildren;
  hint?: string | undefined;
}

/** A control under its label, with its hint and problem below it. */
function Labelled<V>(props: { field: Field<V>; label: ComponentChildren; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.field.id}>{props.label}</label>
      {props.children}
      {props.field.hint}
      {props.field.problem}
    </div>
  );
}

/** What an input or select typed: the value as the form keeps it. */
const typed = <T extends Values>(event: Event) =>
  (event.currentTarget as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value as T[keyof T & string];

export function TextField<T extends Values>(
  props: BaseProps<T> & {
    type?: 'text' | 'email' | 'password' | 'url' | 'number';
    autocomplete?: string;
    required?: boolean;
    inputMode?: 'numeric' | 'url' | 'email';
    placeholder?: string;
    spellcheck?: boolean;
  },
) {
  const field = useField(props.form, props.name, { hint: props.hint });
  return (
    <Labelled field={field} label={props.label}>
      <input
        {...field.control}
        type={(props.type ?? 'text') as 'text'}
        value={field.value === undefined || field.value === null ? '' : String(field.value)}
        autocomplete={props.autocomplete}
        required={props.required}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        spellcheck={props.spellcheck}
        onInput={(event) => field.set(typed<T>(event))}
      />
    </Labelled>
  );
}

export function TextArea<T extends Values>(props: BaseProps<T> & { rows?: number }) {
  const field = useField(props.form, props.name, { hint: props.hint });
  return (
    <Labelled field={field} label={props.label}>
      <textarea
        {...field.control}
        rows={props.rows ?? 4}
        value={typeof field.value === 'string' ? field.value : ''}
        onInput={(event) => field.set(typed<T>(event))}
      />
    </Labelled>
  );
}

export function SelectField<T extends Values>(
  props: BaseProps<T> & { options: { value: string; label: string }[]; emptyLabel?: string },
) {
  const field = useField(props.form, props.name, { hint: props.hint });
  return (
    <Labelled field={field} label={props.label}>
      <select
        {...field.control}
        value={typeof field.value === 'string' ? field.value : ''}
        onChange={(event) => field.set(typed<T>(event))}
      >
        {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

export function CheckboxField<T extends Values>(props: BaseProps<T> & { disabled?: boolean; disabledReason?: string }) {
  const reasonId = props.disabledReason ? `${fieldId(props.form.id, props.name)}-reason` : undefined;
  const field = useField(props.form, props.name, { hint: props.hint, describedBy: reasonId });
  return (
    <div class="field checkbox">
      <input
        {...field.control}
        type="checkbox"
        checked={field.value === true}
        disabled={props.disabled}
        onChange={(event) => field.set((event.currentTarget as HTMLInputElement).checked as T[keyof T & string])}
      />
      <label for={field.id}>{props.label}</label>
      {reasonId ? (
        <p class="hint reason" id={reasonId}>
          {props.disabledReason}
        </p>
      ) : null}
      {field.hint}
      {field.problem}
    </div>
  );
}

/**
 * Controls whose problem belongs to them as a whole (none ticked, a mapping the helpdesk refused):
 * the group takes the field's id, so a refusal focuses it, and its problem describes it.
 */
export function FieldGroup<T extends Values>(props: {
  form: Form<T>;
  /** The path its problems are reported on (`enabled_flows`), not necessarily a value of the form. */
  name: string;
  legend: string;
  hint?: string;
  children: ComponentChildren;
}) {
  const field = useFieldHelp(props.form, props.name, { hint: props.hint });
  return (
    <fieldset class="group" id={field.id} tabIndex={-1} aria-describedby={field.describedBy}>
      <legend>{props.legend}</legend>
      {field.hint}
      {props.children}
      {field.problem}
    </fieldset>
  );
}

/** The save button and what became of the last save, announced politely (errors assertively). */
export function SaveBar<T extends Values>(props: {
  form: Form<T>;
  label: string;
  disabled?: boolean;
  children?: ComponentChildren;
}) {
  const { t } = usePortal();
  const status = props.form.status.value;
  const message = props.form.message.value;
  return (
    <div class="save-bar">
      <div class="actions">
        <button
          type="submit"
          class="primary"
          disabled={props.disabled || status === 'saving'}
          aria-busy={status === 'saving' ? 'true' : undefined}
        >
          {status === 'saving' ? t('form.saving') : props.label}
        </button>
        {props.children}
      </div>
      <p class="status" role="status">
        {status === 'saved' ? t('form.saved') : status === 'saving' ? t('form.saving') : ''}
      </p>
      {message ? (
        <p class="error" role="alert" id={`${props.form.id}-message`} tabIndex={-1}>
          {message}
        </p>
      ) : status === 'failed' && Object.keys(props.form.errors.value).length > 0 ? (
        <p class="error" role="alert" id={`${props.form.id}-message`} tabIndex={-1}>
          {t('form.fix_fields')}
        </p>
      ) : null}
    </div>
  );
}

/** Read-only members see every setting but cannot change it; the form says why. */
export function ReadOnlyNotice(props: { readOnly: boolean }) {
  const { t } = usePortal();
  return props.readOnly ? <p class="notice">{t('roles.read_only')}</p> : null;
}

/** Copies text to the clipboard and says so; the text stays selectable for browsers that refuse. */
export function CopyButton(props: { text: string; label: string }) {
  const { t } = usePortal();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        class="secondary small"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(props.text);
            setState('copied');
          } catch {
            setState('failed');
          }
        }}
      >
        {props.label}
      </button>
      <span class="copy-status" role="status">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copy_failed') : ''}
      </span>
    </>
  );
}
