import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { usePortal } from '../../src/portal/context.js';
import { useSaveForm } from '../../src/portal/form.js';
import { CheckboxField, FieldGroup, SaveBar, TextField } from '../../src/portal/ui/fields.js';
import { json, refusal, renderPortal, signedIn, strings, type Call } from './harness.js';

/**
 * The hooks every portal form is built from (`useSaveForm`, `useField` through the controls and
 * `FieldGroup`), in a form of their own: what a merchant sees and hears while a save is out, when
 * it is refused, and after it went through.
 */
const t = strings.en;

const schema = z.object({
  name: z.string().check(z.minLength(1)),
  secret: z.string(),
  topics: z.array(z.string()).check(z.minLength(1)),
});
const blank = { name: '', secret: '', news: false, offers: true };

function ContactForm() {
  const { api } = usePortal();
  const form = useSaveForm('contact', blank, {
    schema,
    body: (values) => ({
      name: values.name,
      secret: values.secret,
      topics: [values.news ? 'news' : '', values.offers ? 'offers' : ''].filter(Boolean),
    }),
    send: (body) => api('PUT', '/v1/contact', { body, schema: z.object({ name: z.string() }) }),
    messages: { topics: 'Pick at least one topic.' },
    // The secret is never shown again once stored.
    onSaved: (saved, typed) => ({ ...typed, name: saved.name, secret: '' }),
  });
  return (
    <form noValidate onSubmit={form.onSubmit}>
      <TextField form={form} name="name" label="Name" hint="As on your invoices." />
      <TextField form={form} name="secret" type="password" label="Secret" />
      <FieldGroup form={form} name="topics" legend="Topics">
        <CheckboxField form={form} name="news" label="News" />
        <CheckboxField form={form} name="offers" label="Offers" />
      </FieldGroup>
      <SaveBar form={form} label="Save contact" />
    </form>
  );
}

/** The text of the elements an element's `aria-describedby` names: what a screen reader reads after its name. */
const description = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent)
    .join(' | ');

describe('useSaveForm and useField', { timeout: 20_000 }, () => {
  it("puts the server's refusal on the field it names, reads it out with the field and moves focus there", async () => {
    signedIn();
    await renderPortal(<ContactForm />, (call: Call) =>
      call.path === '/v1/contact'
        ? refusal(422, 'secret_taken', 'This secret is already in use.', [
            { loc: ['body', 'secret'], msg: 'taken', type: 'secret_taken' },
          ])
        : undefined,
    );
    const name = screen.getByLabelText('Name') as HTMLInputElement;
    const secret = screen.getByLabelText('Secret') as HTMLInputElement;
    fireEvent.input(name, { target: { value: 'Ada' } });
    fireEvent.input(secret, { target: { value: 'open sesame' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save contact' }));

    await waitFor(() => expect(secret.getAttribute('aria-invalid')).toBe('true'));
    expect(description(secret)).toBe('This secret is already in use.');
    await waitFor(() => expect(document.activeElement).toBe(secret));
    // The other fields stay as they were: valid, described by their hint alone, what was typed kept.
    expect(name.getAttribute('aria-invalid')).toBeNull();
    expect(description(name)).toBe('As on your invoices.');
    expect(name.value).toBe('Ada');
    expect(secret.value).toBe('open sesame');
    expect(screen.getByRole('alert').textContent).toBe('This secret is already in use.');

    // Typing into the field clears its problem.
    fireEvent.input(secret, { target: { value: 'open sesame 2' } });
    await waitFor(() => expect(secret.getAttribute('aria-invalid')).toBeNull());
    expect(description(secret)).toBe('');
  });

  it('puts a problem of the whole group on the group, and sends nothing', async () => {
    signedIn();
    const { calls } = await renderPortal(<ContactForm />, () => json({ name: 'Ada' }));
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Ada' } });
    fireEvent.click(screen.getByLabelText('Offers'));
    fireEvent.click(screen.getByRole('button', { name: 'Save contact' }));

    const group = screen.getByRole('group', { name: 'Topics' });
    await waitFor(() => expect(description(group)).toBe('Pick at least one topic.'));
    await waitFor(() => expect(document.activeElement).toBe(group));
    expect(screen.getByRole('alert').textContent).toBe(t.form.fix_fields);
    expect(calls).toHaveLength(0);
  });

  it('announces the save while it is out, then that it is saved, with what the server stored', async () => {
    signedIn();
    let answer: (response: Response) => void = () => undefined;
    const { calls } = await renderPortal(<ContactForm />, (call: Call) =>
      call.path === '/v1/contact' ? new Promise<Response>((resolve) => (answer = resolve)) : undefined,
    );
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: ' Ada ' } });
    fireEvent.input(screen.getByLabelText('Secret'), { target: { value: 'open sesame' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save contact' }));

    const status = screen.getByRole('status');
    await waitFor(() => expect(status.textContent).toBe(t.form.saving));
    const button = screen.getByRole('button', { name: t.form.saving }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(calls).toHaveLength(1);

    answer(json({ name: 'Ada' }));
    await waitFor(() => expect(status.textContent).toBe(t.form.saved));
    expect((screen.getByRole('button', { name: 'Save contact' }) as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Ada');
    expect((screen.getByLabelText('Secret') as HTMLInputElement).value).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();

    // A change after the save is not saved yet.
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Ada L.' } });
    await waitFor(() => expect(status.textContent).toBe(''));
  });
});
