import { strict as assert } from 'node:assert';
import * as zmq from 'zeromq';
import { ROLE_NAMES } from '../../src/shared/role-events';
import { guarded } from '../../src/extension/launch/guard';
import { ChildRole } from '../../src/roles/child';
import { CLI, Roles, tempDir, WAITING_ARGS } from '../helpers/cli';
import { descendants, isRunning } from '../helpers/processes';
import { waitFor } from '../helpers/wait';

describe('role lifecycle', () => {
  const roles = new Roles();
  afterEach(() => roles.stopAll());

  for (const role of ROLE_NAMES) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`${role} exits 0 within a second of ${signal}`, async () => {
        const handle = roles.start(role, WAITING_ARGS[role]);
        await handle.ready;
        await new Promise((resolve) => setTimeout(resolve, 100));
        const sent = Date.now();
        handle.child.kill(signal);
        const exit = await handle.exited;
        const ms = Date.now() - sent;
        assert.deepEqual([exit.code, exit.signal], [0, null]);
        assert.ok(ms < 1000, `exited after ${ms} ms`);
        assert.deepEqual(handle.events.at(-1), { event: 'done', reason: 'signal' });
      });
    }
  }

  it('a role that is done still delivers what it queued, within its --linger, to peers that come later', async () => {
    // Everything this ventilator sends stays queued in it: nothing listens where it connects yet.
    const temp = tempDir();
    const [tasks, sink] = [`ipc://${temp.dir}/tasks`, `ipc://${temp.dir}/sink`];
    const pulls = [new zmq.Pull({ receiveTimeout: 5000 }), new zmq.Pull({ receiveTimeout: 5000 })];
    try {
      const ventilator = roles.start('ventilator', ['--connect', tasks, '--sink', sink, '--tasks', '3', '--workload', '7-7', '--no-wait', '--linger', '20000']);
      await ventilator.until((event) => event.event === 'batch-sent');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(ventilator.running, 'the ventilator ended with its messages undelivered');
      const [sinkPull, tasksPull] = pulls;
      await sinkPull.bind(sink);
      await tasksPull.bind(tasks);
      assert.equal(String(await sinkPull.receive()), '0');
      for (let n = 0; n < 3; n++) assert.equal(String(await tasksPull.receive()), '7');
      assert.equal((await ventilator.exited).code, 0);
    } finally {
      for (const pull of pulls) pull.close();
      temp.remove();
    }
  });
});

describe('roles and their launcher', function () {
  this.timeout(20_000);
  const started: ChildRole[] = [];
  afterEach(async () => {
    for (const child of started.splice(0)) await child.stop(500);
  });

  it('stopping a role stops every process it started, however deep', async () => {
    // A wrapper script as custom roles often are: a shell whose programs run in the background.
    const wrapper = new ChildRole('sh', ['-c', 'sleep 300 & (sleep 301 & wait) & wait']);
    started.push(wrapper);
    await wrapper.spawned;
    await waitFor(() => descendants(wrapper.child.pid!).length >= 3, 5000, () => `the wrapper's processes (${descendants(wrapper.child.pid!)})`);
    const tree = descendants(wrapper.child.pid!);
    await wrapper.stop();
    await waitFor(() => tree.every((pid) => !isRunning(pid)), 5000, () => `every process of the tree to end: ${tree.filter(isRunning)} still run`);
  });

  it('a role ends by itself when the process that started it dies', async () => {
    // A launcher (as the extension host is) that starts a REP and is then killed without a word.
    // The REP prints nothing while idle (no --json, whose counters would fail on the closed pipe).
    const script = `
      const { ChildRole } = require(${JSON.stringify(require.resolve('../../src/roles/child'))});
      const role = new ChildRole(process.execPath, [${JSON.stringify(CLI)}, 'rep', '--bind', 'tcp://127.0.0.1:*']);
      role.spawned.then(() => console.log(role.child.pid));`;
    const launcher = new ChildRole(process.execPath, ['-e', script]);
    started.push(launcher);
    let said = '';
    launcher.child.stdout!.on('data', (chunk) => (said += chunk));
    await waitFor(() => /^\d+\n/.test(said), 10_000, () => `the launcher to print its role's pid (it said: ${said})`);
    const role = Number(said.trim());
    assert.ok(isRunning(role));
    // Up and idle, its sockets bound.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.ok(isRunning(role));
    launcher.child.kill('SIGKILL');
    await waitFor(() => !isRunning(role), 5000, `the orphaned rep ${role} to end`);
  });
});

describe('a custom role under its guard', function () {
  this.timeout(20_000);

  it('ends, with everything it started, when the process that started it dies', async () => {
    // The extension host's part: a launcher that runs `sh` (with a background sleep) guarded, then is killed.
    const script = `
      const { ChildRole } = require(${JSON.stringify(require.resolve('../../src/roles/child'))});
      const { guarded } = require(${JSON.stringify(require.resolve('../../src/extension/launch/guard'))});
      const role = new ChildRole(...guarded('sh', ['-c', 'sleep 300 & sleep 301; wait'], undefined));
      role.spawned.then(() => console.log(role.child.pid));`;
    const launcher = new ChildRole(process.execPath, ['-e', script]);
    try {
      let said = '';
      launcher.child.stdout!.on('data', (chunk) => (said += chunk));
      await waitFor(() => /^\d+\n/.test(said), 10_000, () => `the launcher to print its role's pid (it said: ${said})`);
      const guard = Number(said.trim());
      await waitFor(() => descendants(guard).length >= 3, 5000, () => `sh and its two sleeps (${descendants(guard)})`);
      const tree = [guard, ...descendants(guard)];
      launcher.child.kill('SIGKILL');
      await waitFor(() => tree.every((pid) => !isRunning(pid)), 5000, () => `the guarded tree to end: ${tree.filter(isRunning)} still run`);
    } finally {
      await launcher.stop(500);
    }
  });

  it('passes the program\'s exit code and output through, and a missing command fails at once', async () => {
    const role = new ChildRole(...guarded('sh', ['-c', 'echo out; echo "boom: bad" >&2; exit 3'], undefined));
    const exit = await role.exited;
    assert.deepEqual([exit.code, exit.lastError], [3, 'boom: bad']);
    const missing = new ChildRole(...guarded('no-such-program-zmq', [], undefined));
    await assert.rejects(missing.spawned);
    assert.equal((await missing.exited).lastError, 'command not found: no-such-program-zmq');
  });
});
