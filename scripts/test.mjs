// Type-checks, then runs the test suites named on the command line (all by default) one after
// another, keeps going when one fails, and prints one closing line `N passed, N failed` over all.
// Each suite's mocha run writes its counts to $TEST_RESULTS_FILE through test/reporter.js; a suite
// that crashes or runs out of time is named with "crashed" or "timed out", and the tests it did
// not run count as failed (scripts/run-suite.mjs). Every step has a time limit.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mochaArgs as mocha, runStep, runSuite, suiteLine } from './run-suite.mjs';

const MINUTE = 60_000;
// Each suite's whole run, well above what it takes on a loaded 2-CPU machine.
const LIMITS = { unit: 5, roles: 20, interop: 10, wire: 10, trace: 10, webview: 15, reliability: 20, 'integration-min': 15, 'integration-latest': 15, 'integration-untrusted': 10, ui: 30, package: 10, vsix: 20 };

const SUITES = {
  unit: mocha('out/test/unit/**/*.test.js', 5000),
  roles: mocha('out/test/roles/**/*.test.js', 30000),
  interop: mocha('out/test/interop/**/*.test.js', 30000),
  // Real traffic captured by real tcpdump/dumpcap on lo (root, or capture permission), decoded.
  wire: mocha('out/test/wire/**/*.test.js', 60000),
  // Python (pyzmq) and Node (zeromq.js) programs run under `zmq-sessions trace`, the seed's among them.
  trace: mocha('out/test/trace/**/*.test.js', 60000),
  // The inspector webview's bundle in headless Chromium, fed real sessions' captures.
  webview: mocha('out/test/webview/**/*.test.js', 60000),
  // Faults, bad input, floods, odd payloads and the collector's token (network namespaces need root).
  reliability: mocha('out/test/reliability/**/*.test.js', 30000),
  // In the extension host of a real VS Code, oldest supported and latest (scripts/vscode-host/).
  'integration-min': ['node', 'out/test/integration/runTest.js', 'min'],
  'integration-latest': ['node', 'out/test/integration/runTest.js', 'latest'],
  // Workspace trust on, in a folder never trusted: custom roles refused, restricted settings ignored.
  'integration-untrusted': ['node', 'out/test/integration/runTest.js', 'min', '--untrusted'],
  ui: mocha('out/test/ui/**/*.test.js', 120000),
  // The seven platform VSIXs (npm run package -- --all) and what each holds.
  package: mocha('out/test/vsix/contents.test.js', 240000),
  // Last: it packages the extension (minified bundles in dist/) and tests the installed VSIX.
  vsix: ['node', 'out/test/vsix/run.js'],
};
// The VS Code test hosts each suite needs, installed into the cache before the suites run (reused
// when present). A host that fails to install fails its suites, which still run and count.
const HOSTS = { 'integration-min': ['min'], 'integration-latest': ['latest'], 'integration-untrusted': ['min'], ui: ['min', 'latest'], vsix: ['min'] };

const names = process.argv.slice(2);
const selected = names.length ? names : Object.keys(SUITES);
const unknown = selected.filter((name) => !SUITES[name]);
if (unknown.length) {
  console.error(`Unknown test suite: ${unknown.join(', ')}. Suites: ${Object.keys(SUITES).join(', ')}.`);
  process.exit(2);
}

const build = spawnSync('node', ['esbuild.mjs'], { stdio: 'inherit', timeout: 5 * MINUTE });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const crashed = [];

// esbuild strips types without checking them: the type check is a step of its own, and counts.
console.log('\n== type check (npm run check) ==');
const check = await runStep('npm', ['run', '--silent', 'check'], { timeoutMs: 10 * MINUTE });
if (check.code === 0) totals.passed++;
else {
  totals.failed++;
  failures.push(`type check: npm run check ${check.timedOut ? 'timed out' : `found errors (exit ${check.code ?? check.signal}), shown above`}`);
}
console.log(`type check: ${check.code === 0 ? 'passed' : 'failed'}`);

// With VSCODE_TEST_HOST=desktop the integration suites run in a downloaded desktop VS Code instead.
const desktop = process.env.VSCODE_TEST_HOST === 'desktop';
const hosts = [...new Set(selected.flatMap((name) => (desktop && name.startsWith('integration') ? [] : HOSTS[name] ?? [])))];
if (hosts.length) spawnSync('node', ['scripts/vscode-host/install.mjs', ...hosts], { stdio: 'inherit', timeout: 20 * MINUTE });

const resultsDir = join('out', 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

for (const name of selected) {
  const [command, ...args] = SUITES[name];
  console.log(`\n== ${name} ==`);
  const counts = await runSuite(name, command, args, { timeoutMs: LIMITS[name] * MINUTE, resultsFile: join(resultsDir, `${name}.json`) });
  console.log(suiteLine(name, counts));
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  failures.push(...counts.failures.map((title) => `${name}: ${title}`));
  if (counts.crashed) crashed.push(`${name} ${counts.crashed}`);
}

if (failures.length) console.log(`\nFailed:\n${failures.map((line) => `  ${line}`).join('\n')}`);

const ended = crashed.length ? ` (${crashed.join('; ')})` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}${ended}`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
