import { useState } from 'preact/hooks';
import {
  SHOP_ROLES,
  operatorShopPatchSchema,
  operatorShopSchema,
  shopUserAddSchema,
  shopUserAddedSchema,
  shopUserListSchema,
  type OperatorShop,
  type ShopUserAdded,
} from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useSaveForm } from '../form.js';
import { useLoad } from '../load.js';
import { paths } from '../router.js';
import { CheckboxField, CopyButton, SaveBar, SelectField, TextField } from '../ui/fields.js';
import { LoadState, PageHeading } from '../ui/page.js';

/** Operator: one shop's name, trust, integration availability and users. */
export function OperatorShopPage({ slug }: { slug: string }) {
  const { t, api } = usePortal();
  const [loaded, reload, replace] = useLoad(slug, () =>
    api('GET', `/v1/operator/shops/${slug}`, { schema: operatorShopSchema }),
  );
  return (
    <section>
      <PageHeading title={loaded.state === 'ok' ? loaded.data.name : t('nav.operator_shop')}>
        <p>
          <a href={paths.operatorShops}>{t('operator.back')}</a> ·{' '}
          <a href={paths.profile(slug)}>{t('operator.open_as_merchant')}</a>
        </p>
      </PageHeading>
      <LoadState loaded={loaded} onRetry={reload}>
        {(shop) => (
          <>
            <ShopForm shop={shop} onSaved={replace} />
            <Users slug={slug} />
          </>
        )}
      </LoadState>
    </section>
  );
}

function ShopForm({ shop, onSaved }: { shop: OperatorShop; onSaved: (shop: OperatorShop) => void }) {
  const { t, api } = usePortal();
  const form = useSaveForm(
    'operator-shop',
    { name: shop.name, trusted: shop.trusted, gorgias: shop.integrations.gorgias, dixa: shop.integrations.dixa },
    {
      schema: operatorShopPatchSchema,
      body: (values) => ({
        name: values.name,
        trusted: values.trusted,
        integrations: { gorgias: values.gorgias, dixa: values.dixa },
      }),
      send: (body) => api('PATCH', `/v1/operator/shops/${shop.slug}`, { body, schema: operatorShopSchema }),
      onSaved,
    },
  );
  return (
    <form class="card" noValidate onSubmit={form.onSubmit}>
      <h2>{t('operator.shop_settings')}</h2>
      <p>
        {t('operator.shop_slug')}: <code>{shop.slug}</code>
      </p>
      <TextField form={form} name="name" label={t('operator.shop_name')} />
      <CheckboxField form={form} name="trusted" label={t('operator.trusted_label')} hint={t('operator.trusted_hint')} />
      <fieldset class="group">
        <legend>{t('operator.integrations')}</legend>
        <CheckboxField form={form} name="gorgias" label={t('nav.gorgias')} />
        <CheckboxField form={form} name="dixa" label={t('nav.dixa')} />
      </fieldset>
      {shop.pending_urls > 0 ? (
        <p class="notice">
          {t('operator.pending_count', { count: shop.pending_urls })}{' '}
          <a href={paths.operatorPending}>{t('nav.operator_pending')}</a>
        </p>
      ) : null}
      <SaveBar form={form} label={t('form.save')} />
    </form>
  );
}

function Users({ slug }: { slug: string }) {
  const { t, api } = usePortal();
  const [loaded, reload] = useLoad(slug, () =>
    api('GET', `/v1/operator/shops/${slug}/users`, { schema: shopUserListSchema }),
  );
  const [added, setAdded] = useState<ShopUserAdded | undefined>(undefined);
  const form = useSaveForm(
    'shop-user',
    { email: '', role: 'member' },
    {
      schema: shopUserAddSchema,
      body: (values) => ({ email: values.email.trim(), role: values.role }),
      send: (body) => api('POST', `/v1/operator/shops/${slug}/users`, { body, schema: shopUserAddedSchema }),
      messages: { email: t('sign_in.email_invalid') },
      onSaved: (result, typed) => {
        setAdded(result);
        reload();
        // Ready for the next one, with the same role.
        return { email: '', role: typed.role };
      },
    },
  );
  return (
    <section class="card" aria-labelledby="shop-users">
      <h2 id="shop-users">{t('operator.users_title')}</h2>
      <LoadState loaded={loaded} onRetry={reload}>
        {(list) =>
          list.data.length === 0 ? (
            <p>{t('operator.no_users')}</p>
          ) : (
            <ul class="list" aria-label={t('operator.users_title')}>
              {list.data.map((user) => (
                <li key={user.id}>
                  <span class="grow">{user.email}</span> <span class="badge">{t(`roles.${user.role}`)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      <form noValidate onSubmit={form.onSubmit}>
        <h3>{t('operator.add_user')}</h3>
        <TextField
          form={form}
          name="email"
          type="email"
          label={t('sign_in.email')}
          spellcheck={false}
          autocomplete="off"
        />
        <SelectField
          form={form}
          name="role"
          label={t('operator.role')}
          options={SHOP_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
        />
        <SaveBar form={form} label={t('operator.add_user')} />
      </form>
      {added ? (
        <div class="success" role="status">
          <p>{t('operator.user_added', { email: added.user.email })}</p>
          {added.one_time_password ? (
            <>
              <p>{t('operator.one_time_password')}</p>
              <p class="secret">{added.one_time_password}</p>
              <CopyButton text={added.one_time_password} label={t('common.copy')} />
            </>
          ) : (
            <p>{t('operator.existing_account')}</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
