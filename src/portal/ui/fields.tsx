import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { fieldId, type Form } from '../form.js';
import { usePortal } from '../context.js';

/**
 * Form controls with their label, hint and problem wired up for assistive technology: the label
 * names the control, the hint and the problem describe it, `aria-invalid` marks it.
 */
type Values = Record<string, unknown>;

interface BaseProps<T extends Values> {
  form: Form<T>;
  name: keyof T & string;
  label: string;
  hint?: string;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Help(props: { id: string; hint: string | undefined; error: string | undefined }) {
  return (
    <>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

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
  const id = fieldId(props.form.id, props.name);
  const error = props.form.errors.value[props.name];
  const value = props.form.values.value[props.name];
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={value === undefined || value === null ? '' : String(value)}
        autocomplete={props.autocomplete}
        required={props.required}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        spellcheck={props.spellcheck}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        onInput={(event) =>
          props.form.set(props.name, (event.currentTarget as HTMLInputElement).value as T[keyof T & string])
        }
      />
      <Help id={id} hint={props.hint} error={error} />
    </div>
  );
}

export function TextArea<T extends Values>(props: BaseProps<T> & { rows?: number }) {
  const id = fieldId(props.form.id, props.name);
  const error = props.form.errors.value[props.name];
  const value = props.form.values.value[props.name];
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        value={typeof value === 'string' ? value : ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        onInput={(event) =>
          props.form.set(props.name, (event.currentTarget as HTMLTextAreaElement).value as T[keyof T & string])
        }
      />
      <Help id={id} hint={props.hint} error={error} />
    </div>
  );
}

export function SelectField<T extends Values>(
  props: BaseProps<T> & { options: { value: string; label: string }[]; emptyLabel?: string },
) {
  const id = fieldId(props.form.id, props.name);
  const error = props.form.errors.value[props.name];
  const value = props.form.values.value[props.name];
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={typeof value === 'string' ? value : ''}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
        onChange={(event) =>
          props.form.set(props.name, (event.currentTarget as HTMLSelectElement).value as T[keyof T & string])
        }
      >
        {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Help id={id} hint={props.hint} error={error} />
    </div>
  );
}

export function CheckboxField<T extends Values>(props: BaseProps<T> & { disabled?: boolean; disabledReason?: string }) {
  const id = fieldId(props.form.id, props.name);
  const error = props.form.errors.value[props.name];
  const reasonId = props.disabledReason ? `${id}-reason` : '';
  return (
    <div class="field checkbox">
      <input
        id={id}
        type="checkbox"
        name={props.name}
        checked={props.form.values.value[props.name] === true}
        disabled={props.disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[describedBy(id, props.hint, error), reasonId].filter(Boolean).join(' ') || undefined}
        onChange={(event) =>
          props.form.set(props.name, (event.currentTarget as HTMLInputElement).checked as T[keyof T & string])
        }
      />
      <label for={id}>{props.label}</label>
      {props.disabledReason ? (
        <p class="hint reason" id={reasonId}>
          {props.disabledReason}
        </p>
      ) : null}
      <Help id={id} hint={props.hint} error={error} />
    </div>
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
