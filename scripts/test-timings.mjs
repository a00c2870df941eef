// Where `npm test`'s time goes: the wall time of each step, then per vitest project and the slowest
// files, read from the JSON reports the steps already write. Printed at the end of every run (CI
// included) and saved to test-results/timings.json, so a slow suite shows up in the log that made it.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const steps = [];

/** Times one step of the run. */
export function timed(label, action) {
  const started = performance.now();
  try {
    return action();
  } finally {
    steps.push({ label, seconds: (performance.now() - started) / 1000 });
  }
}

/** Times one step that is a promise. */
export async function timedAsync(label, action) {
  const started = performance.now();
  try {
    return await action();
  } finally {
    steps.push({ label, seconds: (performance.now() - started) / 1000 });
  }
}

/**
 * Times a group of steps that run side by side: the group's wall time counts towards the total,
 * and each step inside it is listed under it with its own wall time (these overlap).
 */
export async function timedGroup(label, action) {
  const group = { label, seconds: 0 };
  steps.push(group);
  const started = performance.now();
  try {
    return await action((innerLabel, innerAction) => timedInner(innerLabel, innerAction));
  } finally {
    group.seconds = (performance.now() - started) / 1000;
  }
}

async function timedInner(label, action) {
  const started = performance.now();
  try {
    return await action();
  } finally {
    steps.push({ label, seconds: (performance.now() - started) / 1000, overlapped: true });
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** test/server/delivery/x.test.ts → "server/delivery"; test/core/x.test.ts → "core". */
function folderOf(file) {
  const parts = relative(process.cwd(), file).split('/');
  if (parts[0] !== 'test') return parts[0];
  return parts[1] === 'server' && parts[2] === 'delivery' ? 'server/delivery' : parts[1];
}

/**
 * Seconds per test file, from scripts/vitest-file-times.mjs: import and set-up plus tests and hooks
 * (files run in parallel, so these overlap).
 */
function vitestFiles(path, suite) {
  const files = readJson(path) ?? [];
  return files.map((entry) => ({
    suite,
    folder: folderOf(entry.file),
    file: entry.file,
    seconds: entry.seconds,
    importSeconds: entry.importSeconds,
  }));
}

/** Seconds per spec file in a Playwright JSON report (sum of its tests' attempts). */
function playwrightFiles(path) {
  const report = readJson(path);
  const byFile = new Map();
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        for (const result of test.results ?? []) {
          byFile.set(spec.file, (byFile.get(spec.file) ?? 0) + (result.duration ?? 0) / 1000);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report?.suites ?? []) walk(suite);
  return [...byFile].map(([file, seconds]) => ({ suite: 'e2e', folder: 'e2e', file: `test/e2e/${file}`, seconds }));
}

const pad = (text, width) => String(text).padEnd(width);
const secs = (seconds) => `${seconds.toFixed(1).padStart(7)} s`;

/** Prints the summary and writes test-results/timings.json. */
export function reportTimings({ vitest, e2e }) {
  const files = [...vitestFiles(vitest, 'vitest'), ...playwrightFiles(e2e)];
  const folders = new Map();
  const imports = new Map();
  for (const file of files) {
    const key = `${file.suite} ${file.folder}`;
    folders.set(key, (folders.get(key) ?? 0) + file.seconds);
    if (file.importSeconds !== undefined) imports.set(key, (imports.get(key) ?? 0) + file.importSeconds);
  }
  const total = steps.filter((step) => !step.overlapped).reduce((sum, step) => sum + step.seconds, 0);
  console.log('\nWhere the time went (wall time per step; ∥ marks steps that ran side by side):');
  for (const step of steps)
    console.log(`  ${pad(step.overlapped ? `  ∥ ${step.label}` : step.label, 44)}${secs(step.seconds)}`);
  console.log(`  ${pad('total', 44)}${secs(total)}`);
  console.log('Test time per folder (file times added up; parallel files overlap, so more than wall time):');
  for (const [key, seconds] of [...folders].sort((a, b) => b[1] - a[1])) {
    const imported = imports.has(key) ? `   of which import and set-up ${imports.get(key).toFixed(1)} s` : '';
    console.log(`  ${pad(key, 44)}${secs(seconds)}${imported}`);
  }
  const slowest = [...files].sort((a, b) => b.seconds - a.seconds).slice(0, 10);
  console.log('Slowest files:');
  for (const file of slowest) console.log(`  ${pad(`${file.file} (${file.suite})`, 72)}${secs(file.seconds)}`);
  writeFileSync(
    'test-results/timings.json',
    JSON.stringify({ steps, folders: Object.fromEntries(folders), files }, null, 2),
  );
}
