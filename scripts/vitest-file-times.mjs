// A vitest reporter for `npm test`'s "Where the time went": each test file's whole time (environment,
// import, setup files, and its tests with their hooks), which the JSON reporter's per-file times
// leave out (they span the tests only, so a file that starts servers in `beforeAll` looked quick).
// Writes test-results/vitest-files.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default class FileTimesReporter {
  onTestRunEnd(testModules) {
    const files = testModules.map((module) => {
      const d = module.diagnostic();
      const importSeconds =
        (d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration) / 1000;
      const testSeconds = d.duration / 1000;
      return {
        file: relative(process.cwd(), module.moduleId),
        project: module.project.name,
        importSeconds,
        testSeconds,
        seconds: importSeconds + testSeconds,
      };
    });
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/vitest-files.json', JSON.stringify(files, null, 2));
  }
}
