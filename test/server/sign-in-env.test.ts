import { describe, expect, it } from 'vitest';
import { optionsFromEnv } from '../../src/server/config.js';
import { DEFAULT_SIGN_IN_THROTTLE } from '../../src/server/throttle.js';

/** An operator tunes the portal sign-in throttle from the environment, like the lookup throttle. */
describe('portal sign-in throttle from the environment', () => {
  it('takes SIGN_IN_* variables, and keeps the defaults without them', () => {
    expect(
      optionsFromEnv({ SIGN_IN_MAX_FAILURES: '3', SIGN_IN_MAX_FAILURES_PER_CLIENT: '7', SIGN_IN_WINDOW_SECONDS: '60' })
        .signInThrottle,
    ).toEqual({ maxFailures: 3, maxFailuresPerClient: 7, windowMs: 60_000 });
    expect(optionsFromEnv({}).signInThrottle).toEqual(DEFAULT_SIGN_IN_THROTTLE);
  });

  it('refuses a value that would switch the throttle off', () => {
    expect(() => optionsFromEnv({ SIGN_IN_MAX_FAILURES: '0' })).toThrow(/SIGN_IN_MAX_FAILURES/);
  });
});
