import { formatPrice } from '../format.js';
import { useFlow } from './context.js';
import { StepLayout } from './StepLayout.js';

/** Step 3: which of the order's items are affected, and how many units of each. */
export function Items() {
  const { store, t, language } = useFlow();
  const data = store.session.value?.data;
  if (!data) return null;
  const quantities = store.answers.value.quantities;
  return (
    <StepLayout id="items" title={t('flow.items.title')} intro={t('flow.items.intro')} onContinue={() => store.next()}>
      <ul class="items" id="items-list" tabIndex={-1}>
        {data.order.items.map((item, index) => {
          const selected = (quantities[item.sku] ?? 0) > 0;
          const price = formatPrice(language, item.net_price, data.order.currency);
          const id = `item-${index}`;
          return (
            <li class={`item${selected ? ' selected' : ''}`} key={item.sku}>
              {item.image_url ? (
                <img src={item.image_url} alt="" width={64} height={64} loading="lazy" />
              ) : (
                <span class="item-placeholder" aria-hidden="true" />
              )}
              <div class="item-text">
                <input
                  type="checkbox"
                  id={id}
                  checked={selected}
                  onChange={(event) => store.setQuantity(item.sku, event.currentTarget.checked ? 1 : 0)}
                />
                <label for={id}>
                  <span class="item-title">{item.title}</span>
                  <span class="hint">
                    {t('flow.items.ordered', { count: item.quantity })}
                    {price ? ` · ${t('flow.items.unit_price', { price })}` : ''}
                  </span>
                </label>
              </div>
              {selected && item.quantity > 1 ? (
                <div class="quantity">
                  <label for={`${id}-quantity`}>{t('flow.items.affected_units')}</label>
                  <input
                    id={`${id}-quantity`}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={item.quantity}
                    value={quantities[item.sku]}
                    onInput={(event) => {
                      const value = Number(event.currentTarget.value);
                      if (Number.isFinite(value) && value >= 1)
                        store.setQuantity(item.sku, Math.min(value, item.quantity));
                    }}
                  />
                  <span class="hint">{t('flow.items.of_ordered', { count: item.quantity })}</span>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </StepLayout>
  );
}
