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
  roles: mocha('out/test/roles/**/*.test.js', 30000),
  interop: mocha('out/test/interop/**/*.test.js', 30000),
  // The inspector webview's bundle in headless Chromium, fed real sessions' captures.
  webview: mocha('out/test/webview/**/*.test.js', 60000),
  // Faults, bad input, floods, odd payloads and the collector's token (network namespaces need root).
  reliability: mocha('out/test/reliability/**/*.test.js', 30000),
  // In the extension host of a real VS Code, oldest supported and latest (scripts/vscode-host/).
  'integration-min': ['node', 'out/test/integration/runTest.js', 'min'],
  'integration-latest': ['node', 'out/test/integration/runTest.js', 'latest'],
  ui: mocha('out/test/ui/**/*.test.js', 120000),
  // The seven platform VSIXs (npm run package -- --all) and what each holds.
  package: mocha('out/test/vsix/contents.test.js', 240000),
  // Last: it packages the extension (minified bundles in dist/) and tests the installed VSIX.
  vsix: ['node', 'out/test/vsix/run.js'],
};
// The VS Code test hosts each suite needs, installed into the cache before the suites run (reused
// when present). A host that fails to install fails its suites, which still run and count.
const HOSTS = { 'integration-min': ['min'], 'integration-latest': ['latest'], ui: ['min', 'latest'], vsix: ['min'] };

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

// With VSCODE_TEST_HOST=desktop the integration suites run in a downloaded desktop VS Code instead.
const desktop = process.env.VSCODE_TEST_HOST === 'desktop';
const hosts = [...new Set(selected.flatMap((name) => (desktop && name.startsWith('integration') ? [] : HOSTS[name] ?? [])))];
if (hosts.length) spawnSync('node', ['scripts/vscode-host/install.mjs', ...hosts], { stdio: 'inherit' });

const resultsDir = join('out', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
for (const name of selected) {
  const [command, ...args] = SUITES[name];
  const file = join(resultsDir, `${name}.json`);
  console.log(`\n== ${name} ==`);
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, TEST_RESULTS_FILE: file } });
  const counts = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { passed: 0, failed: 1, skipped: 0 };
  if (run.status !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
  for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
  if (counts.failed) failures.push(...(counts.failures?.length ? counts.failures : ['(no test titles: the suite crashed or timed out)']).map((title) => `${name}: ${title}`));
}

if (failures.length) console.log(`\nFailed:\n${failures.map((line) => `  ${line}`).join('\n')}`);

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
