import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { AccountPage } from '../../src/portal/pages/Account.js';
import { refusal, renderPortal, signedIn, strings } from './harness.js';

const t = strings.en.account;

describe('the account page', { timeout: 20_000 }, () => {
  it('checks the new password twice before sending, and shows a wrong current password on its field', async () => {
    signedIn();
    const { calls } = await renderPortal(<AccountPage />, (call) =>
      call.path === '/v1/portal/password'
        ? refusal(422, 'current_password_wrong', 'The current password is not right.', [
            { loc: ['body', 'current_password'], msg: 'incorrect', type: 'current_password_wrong' },
          ])
        : undefined,
    );
    fireEvent.input(screen.getByLabelText(t.current_password), { target: { value: 'old password' } });
    fireEvent.input(screen.getByLabelText(t.new_password), { target: { value: 'short' } });
    fireEvent.input(screen.getByLabelText(t.confirm_password), { target: { value: 'different' } });
    fireEvent.click(screen.getByRole('button', { name: t.change_password }));
    await waitFor(() => expect(screen.getByLabelText(t.new_password).getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Please enter at least 12 characters.')).toBeTruthy();
    expect(screen.getByText(t.mismatch)).toBeTruthy();
    expect(calls).toHaveLength(0);

    fireEvent.input(screen.getByLabelText(t.new_password), { target: { value: 'a long new password' } });
    fireEvent.input(screen.getByLabelText(t.confirm_password), { target: { value: 'a long new password' } });
    fireEvent.click(screen.getByRole('button', { name: t.change_password }));
    const current = screen.getByLabelText(t.current_password) as HTMLInputElement;
    await waitFor(() => expect(current.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getAllByText('The current password is not right.').length).toBeGreaterThan(0);
    expect(calls).toEqual([
      expect.objectContaining({ body: { current_password: 'old password', new_password: 'a long new password' } }),
    ]);
    expect(calls[0]?.headers['X-CSRF-Token']).toBe('csrf-123');
    expect((screen.getByLabelText(t.new_password) as HTMLInputElement).value).toBe('a long new password');
  });
});
