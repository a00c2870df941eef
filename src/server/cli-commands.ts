import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import {
  emailSchema,
  INTEGRATION_PROVIDERS,
  MIN_PASSWORD_LENGTH,
  passwordSchema,
  SHOP_ROLES,
  type IntegrationProvider,
} from '../core/portal.js';
import { isValidShopSlug } from '../core/shop-slug.js';
import { ensureUser, findUserByEmail, setMembership, setPassword } from './accounts.js';
import type { Database } from './db/database.js';
import { generatePassword } from './passwords.js';
import { revokeOtherSessions } from './portal-sessions.js';
import { updateShopPolicy } from './shop-policy.js';
import { createApiKey, ensureShop, findShop } from './shops.js';

export const USAGE = `Usage (same environment as npm run api: DATA_DIR or DATABASE_URL):
  npm run cli -- create-shop <slug> [--name "Shop name"] [--integrations gorgias,dixa] [--trusted]
                                         create a shop (idempotent) and print an API key; --integrations makes
                                         those helpdesks available to it, --trusted publishes its allow-list without review
  npm run cli -- create-api-key <slug>   print a new API key for an existing shop
  npm run cli -- create-user <email> --shop <slug> --role admin|member [--password-stdin]
  npm run cli -- create-user <email> --role operator [--password-stdin]
                                         create a portal account (or add the membership to an existing one) and
                                         print a one-time password, or take the password from standard input
  npm run cli -- reset-password <email> [--password-stdin]
                                         set a new password (printed once) and end every session of the account`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Standard input, read once, for --password-stdin. */
  readStdin(): Promise<string>;
}

/**
 * Exit codes: 0 done, 1 refused (unknown shop or account), 2 usage. The store is opened only once
 * the command line is known to be right (opening PGlite takes a while and locks the data directory).
 */
export async function runCli(argv: string[], openDb: () => Promise<Database>, io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    io.err(USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, subject, ...extra] = positionals;
  if (!command || !subject || extra.length > 0 || !COMMANDS.includes(command)) return usage(io);

  const readPassword = async (): Promise<string | undefined> => {
    if (!values['password-stdin']) return undefined;
    // One line; the newline that `echo` or a here-string adds is not part of it.
    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    if (!z.safeParse(passwordSchema, password).success)
      throw new UsageError(`The password must be ${MIN_PASSWORD_LENGTH}–256 characters.`);
    return password;
  };

  try {
    // Everything that can be checked without the store, first.
    if ((command === 'create-shop' || command === 'create-api-key') && !isValidShopSlug(subject)) {
      throw new UsageError(
        `"${subject}" is not a valid shop slug (lower-case letters, digits, single hyphens; 1–63 characters).`,
      );
    }
    const integrations = integrationList(values.integrations);
    const email = command === 'create-user' || command === 'reset-password' ? validEmail(subject) : '';
    const role = values.role;
    if (command === 'create-user') {
      if (role === 'operator') {
        if (values.shop) throw new UsageError('An operator belongs to no shop: leave out --shop.');
      } else if (!role || !(SHOP_ROLES as readonly string[]).includes(role) || !values.shop) {
        throw new UsageError('create-user needs --shop <slug> --role admin|member, or --role operator.');
      }
    }
    const chosen = await readPassword();
    const db = await openDb();
    switch (command) {
      case 'create-shop':
      case 'create-api-key': {
        const shop =
          command === 'create-shop'
            ? await ensureShop(db, subject, values.name ?? subject)
            : await findShop(db, subject);
        if (!shop) {
          io.err(`No shop "${subject}". Create it first: npm run cli -- create-shop ${subject}`);
          return 1;
        }
        if (command === 'create-shop' && (integrations.length > 0 || values.trusted)) {
          const available = Object.fromEntries(integrations.map((provider) => [provider, true]));
          await updateShopPolicy(db, shop, { integrations: available, ...(values.trusted ? { trusted: true } : {}) });
        }
        const key = await createApiKey(db, shop);
        io.out(`Shop: ${shop.slug} (${shop.name})`);
        io.out(`API key (shown once; use HTTP Basic "${shop.slug}:<key>"): ${key}`);
        return 0;
      }
      case 'create-user': {
        const shop = values.shop ? await findShop(db, values.shop) : undefined;
        if (values.shop && !shop) {
          io.err(`No shop "${values.shop}". Create it first: npm run cli -- create-shop ${values.shop}`);
          return 1;
        }
        const oneTime = chosen ?? generatePassword();
        const { user, created } = await ensureUser(db, email, oneTime, { operator: role === 'operator' });
        if (shop && role !== 'operator') await setMembership(db, user.id, shop, role as 'admin' | 'member');
        io.out(`User: ${user.email}${role === 'operator' ? ' (operator)' : ` (${role} of ${shop?.slug})`}`);
        if (!created) io.out('The account already existed: its password is unchanged (reset it with reset-password).');
        else if (!chosen)
          io.out(`One-time password (shown once; change it in the portal after signing in): ${oneTime}`);
        return 0;
      }
      case 'reset-password': {
        const user = await findUserByEmail(db, email);
        if (!user) {
          io.err(`No account "${subject}".`);
          return 1;
        }
        const password = chosen ?? generatePassword();
        await db.transaction(async (tx) => {
          await setPassword(tx, user.id, password);
          await revokeOtherSessions(tx, user.id, null);
        });
        io.out(`User: ${user.email}: password reset, every session ended.`);
        if (!chosen) io.out(`One-time password (shown once): ${password}`);
        return 0;
      }
      default:
        return usage(io);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(error.message);
    return 2;
  }
}

class UsageError extends Error {}

const COMMANDS = ['create-shop', 'create-api-key', 'create-user', 'reset-password'];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      shop: { type: 'string' },
      role: { type: 'string' },
      integrations: { type: 'string' },
      trusted: { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
    },
  });
}

function usage(io: CliIo): number {
  io.err(USAGE);
  return 2;
}

function validEmail(value: string): string {
  const parsed = z.safeParse(emailSchema, value.trim());
  if (!parsed.success) throw new UsageError(`"${value}" is not an email address.`);
  return parsed.data;
}

function integrationList(value: string | undefined): IntegrationProvider[] {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(INTEGRATION_PROVIDERS as readonly string[]).includes(name))
      throw new UsageError(`Unknown integration "${name}" (gorgias, dixa).`);
  }
  return names as IntegrationProvider[];
}
