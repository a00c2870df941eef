import { useSignal, type Signal } from '@preact/signals';
import type { TFunction } from 'i18next';
import * as z from 'zod/mini';
import type { ApiErrorBody } from '../core/api-error.js';
import type { ApiResult } from './api.js';
import { usePortal } from './context.js';

/**
 * One form's state: what the merchant typed (kept whatever happens to a save), the problem of each
 * field, and where the save is. Values are validated with the shared schema before anything is
 * sent; the server's refusals land on the fields they name (`errors[].loc`), in the merchant's
 * language.
 */
export type FieldErrors = Record<string, string>;
export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed';

export interface Form<T extends Record<string, unknown>> {
  id: string;
  values: Signal<T>;
  errors: Signal<FieldErrors>;
  status: Signal<SaveStatus>;
  /** A problem that belongs to no one field (network, permission, the server's summary). */
  message: Signal<string | undefined>;
  set<K extends keyof T>(name: K, value: T[K]): void;
  /** Replaces the values (the server's stored state after a load or a save). */
  reset(values: T): void;
  submit<B, R>(input: SubmitInput<T, B, R>): Promise<R | undefined>;
}

export interface SubmitInput<T, B, R> {
  schema: z.ZodMiniType<B>;
  /** The body the schema checks, built from the typed values (strings to numbers, blanks to null). */
  body: (values: T) => unknown;
  send: (body: B) => Promise<ApiResult<R>>;
  t: TFunction;
  /** Messages for rules the schema states as refinements, by field path. */
  messages?: Record<string, string>;
  /**
   * Where a problem reported on a body path is shown, when the form keeps that value under another
   * name: the first prefix that matches (`branding.logo_url` → `logo_url`, `custom_fields` and
   * everything below it → `custom_fields`).
   */
  fields?: Record<string, string>;
}

export function toFieldPath(path: string, fields: Record<string, string> = {}): string {
  for (const [prefix, field] of Object.entries(fields))
    if (path === prefix || path.startsWith(`${prefix}.`)) return field;
  return path;
}

function rename(errors: FieldErrors, fields: Record<string, string> | undefined): FieldErrors {
  const renamed: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) renamed[toFieldPath(path, fields)] ??= message;
  return renamed;
}

/** A field's element id: the form's id and the field's path, with anything but letters, digits, `_` and `-` as `-`. */
export const fieldId = (formId: string, name: string) => `${formId}-${name.replace(/[^\w-]/g, '-')}`;

/** A form's state and its checked `submit`; pages use `useSaveForm`, which wires it to the `<form>`. */
export function useForm<T extends Record<string, unknown>>(id: string, initial: T): Form<T> {
  const values = useSignal(initial);
  const errors = useSignal<FieldErrors>({});
  const status = useSignal<SaveStatus>('idle');
  const message = useSignal<string | undefined>(undefined);
  const form: Form<T> = {
    id,
    values,
    errors,
    status,
    message,
    set(name, value) {
      values.value = { ...values.value, [name]: value };
      if (status.value === 'saved') status.value = 'idle';
      if (errors.value[name as string]) {
        const { [name as string]: _fixed, ...rest } = errors.value;
        errors.value = rest;
      }
    },
    reset(next) {
      values.value = next;
      errors.value = {};
    },
    async submit({ schema, body, send, t, messages = {}, fields }) {
      message.value = undefined;
      const parsed = z.safeParse(schema, body(values.value));
      if (!parsed.success) {
        errors.value = rename(issuesToFieldErrors(parsed.error.issues, t, messages), fields);
        status.value = 'failed';
        focusFirstProblem(id, errors.value);
        return undefined;
      }
      errors.value = {};
      status.value = 'saving';
      const result = await send(parsed.data);
      if (result.ok) {
        status.value = 'saved';
        return result.data;
      }
      const refusal = refusalToErrors(result, t);
      errors.value = rename(refusal.fields, fields);
      message.value = refusal.message;
      status.value = 'failed';
      focusFirstProblem(id, errors.value);
      return undefined;
    },
  };
  return form;
}

export interface SaveOptions<T, B, R> extends Omit<SubmitInput<T, B, R>, 't'> {
  /**
   * What the page does once the server took the save (show the stored state, sign in, move on).
   * Values it returns replace what was typed (a secret field emptied, a form cleared for the next
   * entry); the saved notice stays.
   */
  onSaved?: (saved: R, typed: T) => T | void;
}

export interface SaveForm<T extends Record<string, unknown>> extends Form<T> {
  /** The `<form>`'s submit handler: check, send, put refusals on their fields, announce the outcome. */
  onSubmit: (event: Event) => Promise<void>;
}

/**
 * A settings form with its save: what every portal form does around its own fields. The saving
 * state and its outcome are announced by `SaveBar`; refusals land on the fields they name, in the
 * merchant's language; the first problem takes focus.
 */
export function useSaveForm<T extends Record<string, unknown>, B, R>(
  id: string,
  initial: T,
  options: SaveOptions<T, B, R>,
): SaveForm<T> {
  const { t } = usePortal();
  const form = useForm(id, initial);
  return {
    ...form,
    async onSubmit(event) {
      event.preventDefault();
      const saved = await form.submit({ ...options, t });
      if (saved === undefined) return;
      const next = options.onSaved?.(saved, form.values.value);
      if (next) form.reset(next);
    },
  };
}

type Issue = { code: string; path: readonly PropertyKey[]; message: string; minimum?: unknown; maximum?: unknown };

export function issuesToFieldErrors(
  issues: readonly Issue[],
  t: TFunction,
  messages: Record<string, string> = {},
): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    fields[path] ??= messages[path] ?? validationMessage(issue, t);
  }
  return fields;
}

/** zod's issue codes in the merchant's language; the limits it reports go into the sentence. */
function validationMessage(issue: Issue, t: TFunction): string {
  const limit = issue.code === 'too_small' ? issue.minimum : issue.code === 'too_big' ? issue.maximum : undefined;
  if (issue.code === 'too_small' && limit === 1) return t('validation.required');
  const key = `validation.${issue.code}`;
  return t(key, { count: typeof limit === 'number' ? limit : 0, defaultValue: t('validation.custom') });
}

/**
 * A refusal's field problems: each `errors[]` entry on its field (`loc` without the leading
 * `body`/`query`). The entry that carries the refusal's own key gets the localized `message`; zod
 * issues get the portal's wording of their code.
 */
export function refusalToErrors(
  result: Extract<ApiResult<unknown>, { ok: false }>,
  t: TFunction,
): { fields: FieldErrors; message: string } {
  const { error, status } = result;
  if (!error) return { fields: {}, message: t(status === 0 ? 'form.network_error' : 'form.server_error') };
  return { fields: detailsToFields(error, t), message: summary(error, status, t) };
}

function detailsToFields(error: ApiErrorBody, t: TFunction): FieldErrors {
  const fields: FieldErrors = {};
  for (const detail of error.errors) {
    const path = detail.loc
      .filter((part, index) => !(index === 0 && (part === 'body' || part === 'query')))
      .map(String)
      .join('.');
    if (!path) continue;
    fields[path] ??=
      detail.type === error.key
        ? error.message
        : t(`validation.${detail.type}`, { count: 0, defaultValue: detail.msg });
  }
  return fields;
}

function summary(error: ApiErrorBody, status: number, t: TFunction): string {
  if (status === 403) return t('form.forbidden');
  return error.message;
}

function focusFirstProblem(formId: string, fields: FieldErrors): void {
  const first = Object.keys(fields)[0];
  if (typeof document === 'undefined') return;
  // After the render that marks the field invalid (or shows the message).
  setTimeout(() => {
    const element =
      (first && document.getElementById(fieldId(formId, first))) || document.getElementById(`${formId}-message`);
    element?.focus();
  }, 0);
}
