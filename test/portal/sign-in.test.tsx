import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { SignInPage } from '../../src/portal/pages/SignIn.js';
import { session } from '../../src/portal/session.js';
import { json, refusal, renderPortal, strings } from './harness.js';

const t = strings.en;

describe('the sign-in page', { timeout: 20_000 }, () => {
  it('has the documented labels in English and German', async () => {
    await renderPortal(<SignInPage />, () => undefined);
    expect(screen.getByLabelText('Email')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    cleanup();
    await renderPortal(<SignInPage />, () => undefined, { language: 'de' });
    expect(screen.getByLabelText('E-Mail')).toBeTruthy();
    expect(screen.getByLabelText('Passwort')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Anmelden' })).toBeTruthy();
  });

  it('checks the fields before sending, then shows the refusal and keeps what was typed', async () => {
    const { calls } = await renderPortal(<SignInPage />, (call) =>
      call.path === '/v1/portal/session' ? refusal(401, 'sign_in_failed', 'Wrong email or password.') : undefined,
    );
    fireEvent.click(screen.getByRole('button', { name: t.sign_in.submit }));
    await waitFor(() => expect(screen.getByLabelText(t.sign_in.email).getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(t.sign_in.email_invalid)).toBeTruthy();
    expect(screen.getByText(t.sign_in.password_missing)).toBeTruthy();
    expect(calls).toHaveLength(0);

    fireEvent.input(screen.getByLabelText(t.sign_in.email), { target: { value: ' ada@example.com ' } });
    fireEvent.input(screen.getByLabelText(t.sign_in.password), { target: { value: 'not the password' } });
    fireEvent.click(screen.getByRole('button', { name: t.sign_in.submit }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.');
    expect(calls).toEqual([
      expect.objectContaining({ method: 'POST', body: { email: 'ada@example.com', password: 'not the password' } }),
    ]);
    expect((screen.getByLabelText(t.sign_in.email) as HTMLInputElement).value).toBe('ada@example.com');
    expect(session.value).toBeUndefined();
  });

  it('signs in: the session answer (with its CSRF token) becomes the portal session', async () => {
    const answer = {
      user: { id: '00000000-0000-4000-8000-000000000001', email: 'ada@example.com', operator: false },
      shops: [{ slug: 'demo-shop', name: 'Demo Shop', role: 'admin' }],
      csrf_token: 'csrf-abc',
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    };
    await renderPortal(<SignInPage />, (call) =>
      call.path === '/v1/portal/session' && call.method === 'POST' ? json(answer) : undefined,
    );
    fireEvent.input(screen.getByLabelText(t.sign_in.email), { target: { value: 'ada@example.com' } });
    fireEvent.input(screen.getByLabelText(t.sign_in.password), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: t.sign_in.submit }));
    await waitFor(() => expect(session.value?.csrf_token).toBe('csrf-abc'));
  });
});
