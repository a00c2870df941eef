import { isValidShopSlug } from '../core/shop-slug.js';
import { optionsFromEnv } from './config.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './index.js';
import { createApiKey, ensureShop, findShop } from './shops.js';

const USAGE = `Usage (same environment as npm run api: DATA_DIR or DATABASE_URL):
  npm run cli -- create-shop <slug> [--name "Shop name"]   create a shop (idempotent) and print an API key
  npm run cli -- create-api-key <slug>                     print a new API key for an existing shop`;

async function main(argv: string[]): Promise<number> {
  const [command, slug, ...rest] = argv;
  if (!command || !slug || !['create-shop', 'create-api-key'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  if (!isValidShopSlug(slug)) {
    console.error(`"${slug}" is not a valid shop slug (lower-case letters, digits, single hyphens; 1–63 characters).`);
    return 2;
  }
  const nameIndex = rest.indexOf('--name');
  const name = nameIndex >= 0 ? rest[nameIndex + 1] ?? slug : slug;
  const db = await openDatabase(optionsFromEnv());
  try {
    await migrate(db);
    const shop = command === 'create-shop' ? await ensureShop(db, slug, name) : await findShop(db, slug);
    if (!shop) {
      console.error(`No shop "${slug}". Create it first: npm run cli -- create-shop ${slug}`);
      return 1;
    }
    const key = await createApiKey(db, shop);
    console.log(`Shop: ${shop.slug} (${shop.name})`);
    console.log(`API key (shown once; use HTTP Basic "${shop.slug}:<key>"): ${key}`);
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Operator-facing: the message (data directory in use, database unreachable), not a stack.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
