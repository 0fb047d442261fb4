// The desktop-CLI launcher (scripts/vscode-host/launch.mjs) on every way a run ends: the tests
// pass, fail, outlast the time-out, or the run is interrupted (SIGINT). Each time it must exit with
// the right code and leave no process behind: none of those that carry the run's id survives.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { hostModule, launcher, root } from './host';
import { waitFor } from '../helpers/wait';

const HOST = (process.env.VSCODE_TEST_UI_HOSTS ?? 'min').split(',')[0];
const PAYLOAD = join(root, 'out', 'test', 'ui', 'fixtures', 'payload.js');

interface Run {
  child: ChildProcess;
  runId: string;
  /** stdout and stderr so far. */
  output: () => string;
  exit: Promise<number | null>;
}

async function launch(mode: 'pass' | 'fail' | 'hang', env: Record<string, string> = {}): Promise<Run> {
  const { RUN_ID_VARIABLE } = await hostModule();
  const runId = randomUUID();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, VSCODE_TEST_HOST: HOST, HOST_FIXTURE_MODE: mode, [RUN_ID_VARIABLE]: runId, ...env };
  // The fixture's run must not write this suite's counts.
  delete childEnv.TEST_RESULTS_FILE;
  // Started as runTests starts it: the launcher itself is the executable.
  const child = spawn(launcher, [`--extensionDevelopmentPath=${root}`, `--extensionTestsPath=${PAYLOAD}`], { env: childEnv });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, runId, output: () => output, exit };
}

/** Asserts that no process of the run is left; a killed one may take a moment to be reaped. */
async function assertNoSurvivors(runId: string): Promise<void> {
  const { processesOfRun } = await hostModule();
  await waitFor(() => processesOfRun(runId).length === 0, 3000, 'no process of the run to be left', 100).catch(() => undefined);
  const left = processesOfRun(runId);
  assert.deepEqual(left, [], `processes of the run survived: ${left.join(', ')}`);
}

describe(`test host launcher (${HOST} VS Code)`, function () {
  this.timeout(90_000);

  it('exits 0 when the tests pass, relaying the extension host console', async () => {
    const run = await launch('pass');
    assert.equal(await run.exit, 0, run.output());
    assert.match(run.output(), /host fixture: pass/);
    await assertNoSurvivors(run.runId);
  });

  it('exits 1 when the tests fail', async () => {
    const run = await launch('fail');
    assert.equal(await run.exit, 1, run.output());
    assert.match(run.output(), /failing on purpose/);
    await assertNoSurvivors(run.runId);
  });

  it('stops a run that outlasts its time-out', async () => {
    const run = await launch('hang', { TEST_HOST_TIMEOUT_MS: '15000' });
    assert.equal(await run.exit, 1, run.output());
    assert.match(run.output(), /took longer than 15 s/);
    await assertNoSurvivors(run.runId);
  });

  it('stops on SIGINT, with everything it started', async () => {
    const { processesOfRun } = await hostModule();
    const run = await launch('hang');
    await waitFor(() => /host fixture: hang/.test(run.output()), 60_000, 'the tests to run', 100);
    // The server, its extension host and Chromium's processes, besides the launcher: the check
    // below would prove nothing if it could not see them.
    assert.ok(processesOfRun(run.runId).length >= 4, `only ${processesOfRun(run.runId).length} processes carry the run id`);
    run.child.kill('SIGINT');
    assert.equal(await run.exit, 130, run.output());
    await assertNoSurvivors(run.runId);
  });
});
