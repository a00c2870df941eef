import { optionsFromEnv } from './config.js';
import { startApiServer } from './index.js';

/** `npm run api`: the API on its own, configured by the environment (see config.ts / README). */
const options = optionsFromEnv();
const api = await startApiServer(options);
console.log(`Resolve API listening on ${options.host}:${api.port} (public origin ${api.origin}, store ${api.db.kind})`);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing in-flight requests…`);
  api.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
