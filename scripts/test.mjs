#!/usr/bin/env node
// `npm test`: every test on a fresh machine with only Node and npm. Installs the dependencies and
// a browser when missing, type-checks, builds the bundle against its size budget, runs the unit,
// component and server suites (each server suite on PGlite and, when one can be started, on a
// throwaway PostgreSQL) and the E2E suites in real Chromium, then prints one summary line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { reportTimings, timed, timedAsync, timedGroup } from './test-timings.mjs';

const root = new URL('..', import.meta.url).pathname;
process.chdir(root);
const failures = [];
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const result = timed(label, () => spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }));
  if (result.status !== 0) failures.push(label);
  return result.status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function countVitest(path, label) {
  const report = readJson(path);
  if (!report) return failures.includes(label) || failures.push(`${label} (no report)`);
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function countPlaywright(path, label) {
  const report = readJson(path);
  if (!report?.stats) return failures.includes(label) || failures.push(`${label} (no report)`);
  totals.passed += (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
  totals.failed += report.stats.unexpected ?? 0;
  totals.skipped += report.stats.skipped ?? 0;
}

// 1. Dependencies.
if (!existsSync('node_modules/.package-lock.json')) {
  if (!run('install dependencies', 'npm', ['ci', '--no-audit', '--no-fund'])) process.exit(1);
}
// 2. Browser.
const { ensureBrowser } = await import('./ensure-browser.mjs');
try {
  process.env.CHROMIUM_PATH ||= await ensureBrowser();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

// 3. Types, lint, layer rules, bundle and its budget: four independent steps, each mostly one thread,
// run two at a time on the 2-core machine (longest first). Each one's output is printed when it ends.
/** Runs one step with its output held back, so overlapping steps do not interleave their lines. */
function runBuffered(label, command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    let finished = false;
    const done = (ok, note = '') => {
      if (finished) return; // 'error' may be followed by 'close'
      finished = true;
      console.log(`\n▶ ${label}: ${command} ${args.join(' ')}${note}`);
      process.stdout.write(Buffer.concat(output));
      if (!ok) failures.push(label);
      resolve(ok);
    };
    child.on('error', (error) => done(false, ` (${error.message})`));
    child.on('close', (code) => done(code === 0));
  });
}
const checks = [
  ['build', 'npm', ['run', 'build']],
  ['type-check', 'npx', ['tsc', '-p', 'tsconfig.json']],
  // Lint and layer rules (eslint.config.js, .dependency-cruiser.cjs).
  ['lint', 'npm', ['run', 'lint']],
  ['type-check (browser code, no Node types)', 'npx', ['tsc', '-p', 'tsconfig.browser.json']],
];
await timedGroup('type-checks, lint, build (two at a time)', async (timedStep) => {
  const lane = async () => {
    for (let step = checks.shift(); step; step = checks.shift()) {
      const [label, command, args] = step;
      await timedStep(label, () => runBuffered(label, command, args));
    }
  };
  await Promise.all([lane(), lane()]);
});

// 4. Unit, component and server suites. With a PostgreSQL server (TEST_DATABASE_URL, or a throwaway
// one from scripts/postgres.mjs) each server suite runs on PGlite and on PostgreSQL in the same file.
let postgres;
if (process.env.TEST_DATABASE_URL) {
  postgres = { url: process.env.TEST_DATABASE_URL, stop: async () => {} };
} else if (existsSync('scripts/postgres.mjs')) {
  try {
    const { startTemporaryPostgres } = await import('./postgres.mjs');
    postgres = await timedAsync('start PostgreSQL', () => startTemporaryPostgres());
  } catch (error) {
    const message = `PostgreSQL suites not run: ${error.message}`;
    if (process.env.CI) failures.push(message);
    console.warn(`\n⚠ ${message}`);
  }
}
// The JSON report counts tests; vitest-file-times.mjs times each file whole (import, hooks, tests).
const vitestReporters = [
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
  '--reporter=./scripts/vitest-file-times.mjs',
];
try {
  run('vitest', 'npx', ['vitest', 'run', ...vitestReporters], postgres ? { TEST_DATABASE_URL: postgres.url } : {});
  countVitest('test-results/vitest.json', 'vitest');
} finally {
  await postgres?.stop();
}

// 5. E2E in real Chromium against the demo stack.
run('e2e', 'npx', ['playwright', 'test'], { E2E_SKIP_BUILD: '1' });
countPlaywright('test-results/e2e.json', 'e2e');

reportTimings({
  vitest: 'test-results/vitest-files.json',
  e2e: 'test-results/e2e.json',
});
console.log('');
if (failures.length) console.log(`Failed steps: ${failures.join(', ')}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length || totals.failed ? 1 : 0);
