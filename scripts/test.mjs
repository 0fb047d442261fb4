// Runs the test suites named on the command line (all by default) one after another, keeps going
// when one fails, and prints one closing line `N passed, N failed` over all of them.
// Each suite's mocha run writes its counts to $TEST_RESULTS_FILE through test/reporter.js; a suite
// that exits without writing them (crash, time-out) counts as one failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const mocha = (files, timeout) => ['node_modules/.bin/mocha', '--reporter', 'test/reporter.js', '--timeout', String(timeout), files];

const SUITES = {
  unit: mocha('out/test/unit/**/*.test.js', 5000),
  interop: mocha('out/test/interop/**/*.test.js', 30000),
};

const names = process.argv.slice(2);
const selected = names.length ? names : Object.keys(SUITES);
const unknown = selected.filter((name) => !SUITES[name]);
if (unknown.length) {
  console.error(`Unknown test suite: ${unknown.join(', ')}. Suites: ${Object.keys(SUITES).join(', ')}.`);
  process.exit(2);
}

const build = spawnSync('node', ['esbuild.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const resultsDir = join('out', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const name of selected) {
  const [command, ...args] = SUITES[name];
  const file = join(resultsDir, `${name}.json`);
  console.log(`\n== ${name} ==`);
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TEST_RESULTS_FILE: file } });
  const counts = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (run.status !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
