import { useEffect, useRef } from 'preact/hooks';
import { focusIfActive } from './focus.js';
import { useFlow, useMessage } from './context.js';

/** Step 1: order number and ZIP code. A token link lands here only when the link did not work. */
export function Finder() {
  const { store, t } = useFlow();
  const message = useMessage();
  const error = store.finderError.value;
  const busy = store.busy.value;
  const heading = useRef<HTMLHeadingElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);

  useEffect(() => focusIfActive(heading.current), []);
  useEffect(() => {
    if (!error) return;
    // The field at fault takes focus (its message is linked to it); otherwise the message does.
    const field = error.field ? document.getElementById(error.field) : null;
    focusIfActive(field ?? errorBox.current);
  }, [error]);

  return (
    <section class="step" aria-labelledby="finder-title" data-step="finder">
      <h1 id="finder-title" tabIndex={-1} ref={heading}>
        {t('flow.finder.title')}
      </h1>
      <p class="intro">{t('flow.finder.intro')}</p>
      {store.notice.value ? (
        <p class="notice" role="status">
          {message(store.notice.value)}
        </p>
      ) : null}
      {busy && store.lookupFields.value.orderNumber === '' && !error ? (
        <p role="status">{t('flow.finder.opening_link')}</p>
      ) : null}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void store.submitLookup();
        }}
      >
        <LookupField
          id="order-number"
          name="orderNumber"
          label={t('flow.finder.order_number')}
          hint={t('flow.finder.order_number_hint')}
          autoComplete="off"
          maxLength={64}
        />
        <LookupField
          id="zip-code"
          name="zipCode"
          label={t('flow.finder.zip_code')}
          hint={t('flow.finder.zip_code_hint')}
          autoComplete="postal-code"
          maxLength={16}
        />
        {error ? (
          <div id="finder-error" class="error" role="alert" tabIndex={-1} ref={errorBox}>
            {message(error)}
          </div>
        ) : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>
            {busy ? t('flow.finder.searching') : t('flow.finder.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** One finder input with its label and hint; the finder's error is linked to the field at fault. */
function LookupField(props: {
  id: string;
  name: 'orderNumber' | 'zipCode';
  label: string;
  hint: string;
  autoComplete: string;
  maxLength: number;
}) {
  const { store } = useFlow();
  const atFault = store.finderError.value?.field === props.id;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <p class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      <input
        id={props.id}
        name={props.name}
        value={store.lookupFields.value[props.name]}
        autoComplete={props.autoComplete}
        autoCapitalize="characters"
        spellcheck={false}
        maxLength={props.maxLength}
        aria-invalid={atFault ? 'true' : undefined}
        aria-describedby={atFault ? `${props.id}-hint finder-error` : `${props.id}-hint`}
        onInput={(event) =>
          (store.lookupFields.value = { ...store.lookupFields.value, [props.name]: event.currentTarget.value })
        }
      />
    </div>
  );
}
