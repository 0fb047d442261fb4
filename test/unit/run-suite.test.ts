// The test runner's step (scripts/run-suite.mjs) on each way a suite can end: finished with a
// handle left open, crashed half way, stuck. Real mocha runs of small test files in a temp folder.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor } from '../helpers/wait';

// out/test/unit -> repository root.
const root = resolve(__dirname, '..', '..', '..');

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
  crashed?: string;
}
interface RunSuiteModule {
  mochaArgs(files: string, timeoutMs: number): string[];
  runSuite(name: string, command: string, args: string[], options: { timeoutMs: number; resultsFile: string }): Promise<Counts>;
  suiteLine(name: string, counts: Counts): string;
}
const load = (): Promise<RunSuiteModule> => import(pathToFileURL(join(root, 'scripts', 'run-suite.mjs')).href);

/** Whether a process still runs: a zombie, which waits for init to reap it, does not. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe('test runner: a suite that does not end well', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'zmq-run-suite-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(name: string, source: string, timeoutMs: number): Promise<Counts> {
    const { mochaArgs, runSuite } = await load();
    const file = join(dir, `${name}.test.js`);
    writeFileSync(file, source);
    const [command, ...args] = mochaArgs(file, 0);
    return runSuite(name, command, args, { timeoutMs, resultsFile: join(dir, `${name}.json`) });
  }

  it('ends a suite whose passing test leaves a timer running (mocha --exit)', async () => {
    const counts = await run('open-handle', `it('passes', () => { setInterval(() => undefined, 1000); });`, 20_000);
    assert.equal(counts.crashed, undefined, `the suite did not end by itself: ${counts.crashed}`);
    assert.deepEqual([counts.passed, counts.failed], [1, 0]);
  });

  it('names a suite that crashed, and counts the tests it did not run as failed', async () => {
    const { suiteLine } = await load();
    const source = ["it('one', () => {});", "it('two', () => process.exit(7));", "it('three', () => {});", "it('four', () => {});"].join('\n');
    const counts = await run('exits', source, 20_000);
    assert.match(counts.crashed ?? '', /crashed \(exit 7\)/);
    assert.deepEqual([counts.passed, counts.failed], [1, 3], 'one passed; two, three and four never reported');
    assert.match(suiteLine('exits', counts), /^exits: 1 passed, 3 failed \(exits crashed \(exit 7\)\)$/);
    assert.ok(counts.failures.some((line) => line.includes('exits crashed') && line.includes('3 not run')), counts.failures.join('\n'));
  });

  it('stops a stuck suite at its time limit, with every process it started', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const source = `
      const { spawn } = require('node:child_process');
      it('hangs', () => {
        const child = spawn('sleep', ['600'], { stdio: 'ignore' });
        require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(child.pid));
        return new Promise(() => undefined);
      });`;
    const started = Date.now();
    const counts = await run('stuck', source, 3000);
    assert.ok(Date.now() - started < 20_000, 'the limit ended the run');
    assert.match(counts.crashed ?? '', /timed out after 3 s/);
    assert.equal(counts.failed, 1);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => !alive(grandchild), 5000, `the suite's child process ${grandchild} to end with it`);
  });
});
