import { useEffect, useRef } from 'preact/hooks';
import { focusIfActive } from './focus.js';
import { useFlow, useMessage } from './context.js';

/** Step 1: order number and ZIP code. A token link lands here only when the link did not work. */
export function Finder() {
  const { store, t } = useFlow();
  const message = useMessage();
  const error = store.finderError.value;
  const fields = store.lookupFields.value;
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

  const invalid = (id: string) => (error?.field === id ? 'true' : undefined);
  const describedBy = (id: string, hint: string) => (error?.field === id ? `${hint} finder-error` : hint);

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
        <div class="field">
          <label for="order-number">{t('flow.finder.order_number')}</label>
          <p class="hint" id="order-number-hint">
            {t('flow.finder.order_number_hint')}
          </p>
          <input
            id="order-number"
            name="orderNumber"
            value={fields.orderNumber}
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={64}
            aria-invalid={invalid('order-number')}
            aria-describedby={describedBy('order-number', 'order-number-hint')}
            onInput={(event) => (store.lookupFields.value = { ...store.lookupFields.value, orderNumber: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="zip-code">{t('flow.finder.zip_code')}</label>
          <p class="hint" id="zip-code-hint">
            {t('flow.finder.zip_code_hint')}
          </p>
          <input
            id="zip-code"
            name="zipCode"
            value={fields.zipCode}
            autoComplete="postal-code"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={16}
            aria-invalid={invalid('zip-code')}
            aria-describedby={describedBy('zip-code', 'zip-code-hint')}
            onInput={(event) => (store.lookupFields.value = { ...store.lookupFields.value, zipCode: event.currentTarget.value })}
          />
        </div>
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
