import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import { passwordChangeSchema, signInRequestSchema, type PortalSession } from '../../core/portal.js';
import { findUserByEmail, setPassword, shopsOfUser, type User } from '../accounts.js';
import { portalUser, requireCsrf, requireSameOrigin, type AppEnv } from '../auth.js';
import type { ServerContext } from '../context.js';
import { ApiError, issuesToDetails } from '../errors.js';
import { readJsonBody } from '../json-body.js';
import { decoyHash, verifyPassword } from '../passwords.js';
import {
  clearSessionCookie,
  cookieIsSecure,
  createPortalSession,
  csrfTokenFor,
  revokeOtherSessions,
  revokePortalSession,
  writeSessionCookie,
  type PortalSessionRecord,
} from '../portal-sessions.js';
import { clientAddress } from './customer.js';

/**
 * The portal's session routes (`/v1/portal/…`): sign in, who am I, sign out, CSRF token, password
 * change. Answers are never cached: they carry the CSRF token.
 */
export function portalRoutes(ctx: ServerContext): Hono<AppEnv> {
  const { db } = ctx;
  const app = new Hono<AppEnv>();
  const secure = () => cookieIsSecure(ctx.publicOrigin);

  app.use('/v1/portal/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  const sessionAnswer = async (user: User, session: PortalSessionRecord): Promise<PortalSession> => ({
    user: { id: user.id, email: user.email, operator: user.operator },
    shops: await shopsOfUser(db, user.id),
    csrf_token: csrfTokenFor(ctx.signer, session),
    expires_at: session.expiresAt.toISOString(),
  });

  /** One password check for this account from this address, or 429 past either limit. */
  const takeAttempt = async (client: string, account: string) => {
    const attempt = await ctx.signInThrottle.attempt(client, account);
    if (!attempt.allowed)
      throw new ApiError(429, 'too_many_attempts', [], {
        'Retry-After': String(Math.ceil(attempt.retryAfterMs / 1000)),
      });
    return attempt;
  };

  const signedIn = async (c: Context<AppEnv>) => {
    const found = await portalUser(c, ctx);
    if (!found) throw new ApiError(401, 'unauthorized');
    return found;
  };

  app.post('/v1/portal/session', async (c) => {
    requireSameOrigin(c, ctx);
    const parsed = z.safeParse(signInRequestSchema, await readJsonBody(c));
    if (!parsed.success) throw new ApiError(422, 'validation_failed', issuesToDetails(parsed.error.issues));
    const { email, password } = parsed.data;
    const client = clientAddress(c, ctx.trustProxyHops);
    const account = email.trim().toLowerCase();
    // Counted as a failure unless the password turns out right; refused outright past either limit.
    const attempt = await takeAttempt(client, account);
    const user = await findUserByEmail(db, email);
    // An unknown email costs one hash check too, and gets the same answer as a wrong password.
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid) {
      throw new ApiError(401, 'sign_in_failed', [
        { loc: ['body', 'password'], msg: 'email or password is incorrect', type: 'sign_in_failed' },
      ]);
    }
    await attempt.succeeded();
    // A session the browser already carried (another account, or planted by someone else) ends here.
    const previous = await portalUser(c, ctx);
    if (previous) await revokePortalSession(db, previous.session.idHash);
    const { id, record } = await createPortalSession(db, user.id);
    writeSessionCookie(c, secure(), id, record.expiresAt);
    return c.json(await sessionAnswer(user, record));
  });

  app.get('/v1/portal/session', async (c) => {
    const { user, session } = await signedIn(c);
    return c.json(await sessionAnswer(user, session));
  });

  app.get('/v1/portal/csrf', async (c) => {
    const { session } = await signedIn(c);
    return c.json({ csrf_token: csrfTokenFor(ctx.signer, session) });
  });

  app.delete('/v1/portal/session', async (c) => {
    const found = await portalUser(c, ctx);
    if (found) {
      requireCsrf(c, ctx, found.session);
      await revokePortalSession(db, found.session.idHash);
    }
    clearSessionCookie(c, secure());
    return c.body(null, 204);
  });

  app.post('/v1/portal/password', async (c) => {
    const { user, session } = await signedIn(c);
    requireCsrf(c, ctx, session);
    const parsed = z.safeParse(passwordChangeSchema, await readJsonBody(c));
    if (!parsed.success) throw new ApiError(422, 'validation_failed', issuesToDetails(parsed.error.issues));
    const client = clientAddress(c, ctx.trustProxyHops);
    const account = user.email.toLowerCase();
    const attempt = await takeAttempt(client, account);
    if (!(await verifyPassword(parsed.data.current_password, user.passwordHash))) {
      throw new ApiError(422, 'current_password_wrong', [
        { loc: ['body', 'current_password'], msg: 'incorrect', type: 'current_password_wrong' },
      ]);
    }
    await attempt.succeeded();
    await db.transaction(async (tx) => {
      await setPassword(tx, user.id, parsed.data.new_password);
      // Whoever else was signed in with the old password (a stolen session, a shared laptop) is out.
      await revokeOtherSessions(tx, user.id, session.idHash);
    });
    return c.json(await sessionAnswer(user, session));
  });

  return app;
}
