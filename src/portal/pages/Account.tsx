import * as z from 'zod/mini';
import { MIN_PASSWORD_LENGTH, passwordChangeSchema, portalSessionSchema } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useSaveForm } from '../form.js';
import { session } from '../session.js';
import { SaveBar, TextField } from '../ui/fields.js';
import { PageHeading } from '../ui/page.js';

/** The request plus the repeated new password, which must match (checked here only: it never leaves the page). */
const passwordFormSchema = z
  .extend(passwordChangeSchema, { current_password: z.string().check(z.minLength(1)), confirm_password: z.string() })
  .check(
    z.refine((value) => value.new_password === value.confirm_password, {
      message: 'mismatch',
      path: ['confirm_password'],
    }),
  );

export function AccountPage() {
  const { t, api } = usePortal();
  const user = session.value?.user;
  const blank = { current_password: '', new_password: '', confirm_password: '' };
  const form = useSaveForm('password', blank, {
    schema: passwordFormSchema,
    body: (values) => values,
    send: ({ current_password, new_password }) =>
      api('POST', '/v1/portal/password', { body: { current_password, new_password }, schema: portalSessionSchema }),
    messages: { confirm_password: t('account.mismatch'), current_password: t('validation.required') },
    onSaved: (next) => {
      session.value = next;
      return blank;
    },
  });
  return (
    <section class="narrow">
      <PageHeading
        title={t('account.title')}
        intro={user ? t('account.signed_in_as', { email: user.email }) : undefined}
      />
      <form class="card" noValidate onSubmit={form.onSubmit}>
        <h2>{t('account.password_title')}</h2>
        <p class="hint">{t('account.password_hint')}</p>
        <TextField
          form={form}
          name="current_password"
          type="password"
          label={t('account.current_password')}
          autocomplete="current-password"
        />
        <TextField
          form={form}
          name="new_password"
          type="password"
          label={t('account.new_password')}
          autocomplete="new-password"
          hint={t('account.new_password_hint', { count: MIN_PASSWORD_LENGTH })}
        />
        <TextField
          form={form}
          name="confirm_password"
          type="password"
          label={t('account.confirm_password')}
          autocomplete="new-password"
        />
        <SaveBar form={form} label={t('account.change_password')} />
      </form>
    </section>
  );
}
