import { text } from 'node:stream/consumers';
import { runCli } from './cli-commands.js';
import { optionsFromEnv } from './config.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './index.js';

/** `npm run cli -- …`: shops, API keys and portal accounts on the store the API uses (see cli-commands.ts). */
async function main(argv: string[]): Promise<number> {
  let db: Database | undefined;
  const open = async () => {
    db = await openDatabase(optionsFromEnv());
    await migrate(db);
    return db;
  };
  try {
    return await runCli(argv, open, {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      readStdin: () => text(process.stdin),
    });
  } finally {
    await db?.close();
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
