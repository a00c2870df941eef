import * as z from 'zod/mini';
import { emailSchema, portalSessionSchema, signInRequestSchema } from '../../core/portal.js';
import { usePortal } from '../context.js';
import { useSaveForm } from '../form.js';
import { session, SESSION_PATH } from '../session.js';
import { TextField } from '../ui/fields.js';
import { PageHeading } from '../ui/page.js';

/** The request schema with what a person must at least type: an email address and a password. */
const signInFormSchema = z.extend(signInRequestSchema, {
  email: emailSchema,
  password: z.string().check(z.minLength(1)),
});

export function SignInPage() {
  const { t, api } = usePortal();
  const form = useSaveForm(
    'sign-in',
    { email: '', password: '' },
    {
      schema: signInFormSchema,
      body: (values) => ({ email: values.email.trim(), password: values.password }),
      send: (body) => api('POST', SESSION_PATH, { body, schema: portalSessionSchema, expectUnauthorized: true }),
      messages: { email: t('sign_in.email_invalid'), password: t('sign_in.password_missing') },
      onSaved: (signedIn) => {
        session.value = signedIn;
      },
    },
  );
  const saving = form.status.value === 'saving';
  return (
    <section class="narrow">
      <PageHeading title={t('sign_in.title')} intro={t('sign_in.intro')} />
      <form class="card" noValidate onSubmit={form.onSubmit}>
        <TextField
          form={form}
          name="email"
          type="email"
          label={t('sign_in.email')}
          autocomplete="username"
          required
          spellcheck={false}
        />
        <TextField
          form={form}
          name="password"
          type="password"
          label={t('sign_in.password')}
          autocomplete="current-password"
          required
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={saving} aria-busy={saving ? 'true' : undefined}>
            {saving ? t('sign_in.signing_in') : t('sign_in.submit')}
          </button>
        </div>
        {form.message.value ? (
          <p class="error" role="alert" id="sign-in-message" tabIndex={-1}>
            {form.message.value}
          </p>
        ) : null}
      </form>
    </section>
  );
}
