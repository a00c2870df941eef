import { useState } from 'preact/hooks';
import { operatorShopListSchema, operatorShopSchema, shopCreateSchema } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useSaveForm } from '../form.js';
import { useLoad } from '../load.js';
import { navigate, paths } from '../router.js';
import { SaveBar, TextField } from '../ui/fields.js';
import { LoadState, PageHeading } from '../ui/page.js';

/** Operator: every shop, searchable, and a new one. */
export function OperatorShopsPage() {
  const { t, api } = usePortal();
  const [query, setQuery] = useState('');
  const [loaded, reload] = useLoad(query, () =>
    api('GET', `/v1/operator/shops?per_page=100${query ? `&q=${encodeURIComponent(query)}` : ''}`, {
      schema: operatorShopListSchema,
    }),
  );
  const form = useSaveForm(
    'shop-create',
    { slug: '', name: '' },
    {
      schema: shopCreateSchema,
      body: (values) => ({ slug: values.slug.trim(), name: values.name }),
      send: (body) => api('POST', '/v1/operator/shops', { body, schema: operatorShopSchema }),
      messages: { slug: t('operator.slug_invalid') },
      onSaved: (created) => navigate(paths.operatorShop(created.slug)),
    },
  );
  return (
    <section>
      <PageHeading title={t('operator.shops_title')} />
      <form
        class="card"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const input = (event.currentTarget as HTMLFormElement).elements.namedItem('q') as HTMLInputElement;
          setQuery(input.value.trim());
        }}
      >
        <div class="row">
          <div class="field">
            <label for="operator-search">{t('operator.search')}</label>
            <input id="operator-search" name="q" type="search" defaultValue={query} />
          </div>
          <button type="submit" class="secondary">
            {t('operator.search_button')}
          </button>
        </div>
      </form>
      <LoadState loaded={loaded} onRetry={reload}>
        {(list) =>
          list.data.length === 0 ? (
            <p class="notice">{t('operator.no_shops')}</p>
          ) : (
            <ul class="list card" aria-label={t('operator.shops_title')}>
              {list.data.map((shop) => (
                <li key={shop.slug}>
                  <a class="grow" href={paths.operatorShop(shop.slug)}>
                    {shop.name} <code>{shop.slug}</code>
                  </a>
                  {shop.pending_urls > 0 ? (
                    <span class="badge pending">{t('operator.pending_count', { count: shop.pending_urls })}</span>
                  ) : null}
                  {shop.trusted ? <span class="badge live">{t('operator.trusted')}</span> : null}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      <form class="card" noValidate onSubmit={form.onSubmit}>
        <h2>{t('operator.create_title')}</h2>
        <TextField form={form} name="name" label={t('operator.shop_name')} />
        <TextField
          form={form}
          name="slug"
          label={t('operator.shop_slug')}
          hint={t('operator.slug_hint')}
          spellcheck={false}
        />
        <SaveBar form={form} label={t('operator.create')} />
      </form>
    </section>
  );
}
