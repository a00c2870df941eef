/**
 * `npm run bench`: every benchmark, printed as numbers. Budgets are enforced elsewhere (the size
 * check in `npm run build`); this reports, it does not judge. `npm run bench -- embed api` runs a subset.
 */
import { benchApi } from './api.js';
import { benchApp } from './app.js';
import { benchClaims } from './claims.js';
import { benchClient } from './client.js';
import { benchEmbed } from './embed.js';
import { benchLoad } from './load.js';

type Bench = () => Promise<Record<string, number | string>>;

const benches: Record<string, { title: string; run: Bench }> = {
  embed: { title: 'Embed bundle (size, time to tile, long tasks)', run: benchEmbed },
  api: { title: 'Reference API: claim intake', run: benchApi },
  load: { title: 'Reference API under load: slow receivers, /healthz, memory, two processes', run: benchLoad },
  app: { title: 'Resolve flow: first load and time until the finder takes input', run: benchApp },
  client: { title: 'Claim-submission client: five phone photos over a throttled uplink', run: benchClient },
  claims: {
    title: 'Merchant Claims view: 100 000 claims of one shop (list, filters, search, summary, export)',
    run: benchClaims,
  },
};

const wanted = process.argv.slice(2).filter((arg) => arg !== '--');
const selected = wanted.length ? wanted : Object.keys(benches);
let failed = false;

for (const name of selected) {
  const bench = benches[name];
  if (!bench) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(benches).join(', ')}`);
    failed = true;
    continue;
  }
  console.log(`\n## ${bench.title}`);
  try {
    const results = await bench.run();
    const width = Math.max(...Object.keys(results).map((key) => key.length));
    for (const [key, value] of Object.entries(results)) {
      console.log(`  ${key.padEnd(width)}  ${typeof value === 'number' ? formatNumber(value) : value}`);
    }
  } catch (error) {
    failed = true;
    console.error(`  failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
}

process.exit(failed ? 1 : 0);
