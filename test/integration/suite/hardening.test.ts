// What a careful review found (issue 13), each in the real extension host: double removes and
// restarts, a role that never reports ready, a wildcard collector endpoint, values that start
// with "-", the req behind Send Request, restarts and tasks that take the settings as they are now.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Collector } from '../../../src/collector/collector';
import type { RoleInstance } from '../../../src/extension/sessions/model';
import { Launcher } from '../../../src/extension/launch/launcher';
import { Starter } from '../../../src/extension/launch/starter';
import { SessionRegistry } from '../../../src/extension/sessions/registry';
import { DEFAULT_PORTS, roleArgs, RoleSettings } from '../../../src/shared/catalog';
import { api, EXTENSION_ID, freePort, isAlive, recordEvents, roleProcesses, until, useFreePorts } from './helpers';

const start = (role: string) => vscode.commands.executeCommand('zeromq.role.startInBackground', { kind: 'builtin', role }) as Thenable<RoleInstance>;
const cli = () => path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');

/** A rep's launch on a free port, for a registry of the test's own. */
async function repSpec() {
  const settings: RoleSettings = { bindAddress: '127.0.0.1', ports: { ...DEFAULT_PORTS, reqrep: await freePort() }, repDelayMs: 0, subFilter: '', pubIntervalMs: 0, pipelineTasks: 1 };
  return { source: 'builtin' as const, role: 'rep' as const, pattern: 'reqrep' as const, label: 'rep', mode: 'background' as const, args: roleArgs('rep', settings) };
}

describe('hardening in VS Code', function () {
  this.timeout(60_000);
  beforeEach(() => useFreePorts());
  afterEach(async () => {
    const { registry } = await api();
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    for (const session of [...registry.all]) await vscode.commands.executeCommand('zeromq.session.remove', session);
  });

  it('a second Remove of a session leaves the other sessions, and their processes, in its care', async () => {
    const { registry } = await api();
    const removed = await start('rep');
    const kept = await start('pub');
    const [first] = registry.all.filter((session) => session.id === removed.sessionId);
    await Promise.all([vscode.commands.executeCommand('zeromq.session.remove', first), vscode.commands.executeCommand('zeromq.session.remove', first)]);
    assert.ok(registry.all.some((session) => session.id === kept.sessionId), 'the other session is still there');
    assert.equal(kept.state.kind, 'running');
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    assert.equal(isAlive(kept.pid), false, 'Stop All reached it');
  });

  it('a second Restart of the same role starts nothing more and removes nothing else', async () => {
    const { registry } = await api();
    const rep = await start('rep');
    const session = registry.sessionOf(rep)!;
    const restarted = await Promise.all([vscode.commands.executeCommand('zeromq.role.restart', rep), vscode.commands.executeCommand('zeromq.role.restart', rep)]);
    assert.equal(restarted.filter(Boolean).length, 1, 'one restart');
    assert.equal(session.roles.length, 1);
    assert.equal(session.roles[0].state.kind, 'running');
    assert.deepEqual(roleProcesses(), [session.roles[0].pid]);
  });

  it('fails a built-in role that does not report ready in time, saying why, and stops it', async () => {
    // A collector that is gone: the role's reports reach no one.
    const gone = Collector.open();
    gone.dispose();
    await gone.ready.catch(() => undefined);
    const registry = new SessionRegistry(gone, 1500);
    const starter = new Starter(registry, new Launcher(gone, cli()), (await api()).curve);
    try {
      const rep = starter.start(registry.createSession('rep', 'reqrep'), await repSpec());
      await assert.rejects(registry.whenRunning(rep), /did not report ready within 1\.5 s/);
      assert.equal(rep.state.kind, 'failed');
      await until(() => !isAlive(rep.pid), 'the role stopped');
    } finally {
      await registry.dispose();
    }
  });

  it('runs built-in roles when the collector binds all interfaces (tcp://*:PORT)', async () => {
    const collector = await Collector.start(`tcp://*:${await freePort()}`, { token: 'a-token-of-this-test' });
    const registry = new SessionRegistry(collector);
    const starter = new Starter(registry, new Launcher(collector, cli()), (await api()).curve);
    try {
      const rep = starter.start(registry.createSession('rep', 'reqrep'), await repSpec());
      await registry.whenRunning(rep);
      assert.match(collector.connectEndpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await registry.dispose();
      collector.dispose();
    }
  });

  it('passes a subscription and a request text that start with "-" as they are', async () => {
    await useFreePorts({ 'sub.filter': '-1' });
    const { registry } = await api();
    const events = recordEvents(registry);
    try {
      const sub = await start('sub');
      assert.equal(sub.state.kind, 'running', JSON.stringify(sub.state));
      await until(() => events.of(sub).some((event) => event.event === 'subscribed'), 'the subscription');
      const subscribed = events.of(sub).find((event) => event.event === 'subscribed');
      assert.deepEqual(subscribed?.event === 'subscribed' && subscribed.filters, ['-1']);
    } finally {
      events.dispose();
    }
    const rep = await start('rep');
    assert.deepEqual(await vscode.commands.executeCommand('zeromq.request.send', rep, '-ping'), { ok: true, text: 'World' });
  });

  it('stops the req behind Send Request with Stop All', async () => {
    await useFreePorts({ 'rep.delay': 4000 });
    const rep = await start('rep');
    const reply = vscode.commands.executeCommand<{ ok: boolean }>('zeromq.request.send', rep, 'slow');
    await until(() => roleProcesses().length === 2, 'the rep and the req');
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    assert.deepEqual(roleProcesses(), [], 'no process left, the req included');
    assert.equal((await reply).ok, false);
  });

  it('restarts a built-in role with the settings as they are now', async () => {
    const rep = await start('rep');
    await vscode.workspace.getConfiguration('zeromq').update('rep.delay', 7, vscode.ConfigurationTarget.Global);
    const restarted = (await vscode.commands.executeCommand('zeromq.role.restart', rep)) as RoleInstance;
    assert.ok(restarted.spec.args.includes('--delay=7'), restarted.spec.args.join(' '));
    assert.equal(restarted.state.kind, 'running');
  });

  it('runs a task that reports to the window\'s collector, with its token', async () => {
    const { capture } = await api();
    const [task] = (await vscode.tasks.fetchTasks({ type: 'zeromq' })).filter((candidate) => candidate.definition.role === 'rep');
    const execution = await vscode.tasks.executeTask(task);
    try {
      await until(() => capture.kept().events.some((event) => event.source === 'task rep' && event.event === 'ready'), 'the task\'s ready in the capture');
    } finally {
      execution.terminate();
    }
  });
});
