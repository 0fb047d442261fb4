// Roles and sessions started through the extension's commands in a real VS Code, in both launch
// modes, with their results checked through the events the roles report to the window's collector.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RoleInstance, Session } from '../../../src/extension/sessions/model';
import { isWaitingForEnter } from '../../../src/extension/sessions/model';
import { ROLE_NAMES } from '../../../src/shared/role-events';
import { api, isAlive, recordEvents, roleProcesses, until, useFreePorts } from './helpers';

const MODES = ['terminal', 'background'] as const;

describe('sessions in VS Code', function () {
  this.timeout(60_000);
  let events: ReturnType<typeof recordEvents>;

  before(async () => {
    events = recordEvents((await api()).registry);
  });
  beforeEach(() => useFreePorts());
  afterEach(async () => {
    const { registry } = await api();
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    for (const session of [...registry.all]) await vscode.commands.executeCommand('zeromq.session.remove', session);
  });
  after(() => events.dispose());

  for (const mode of MODES) {
    it(`starts and stops each built-in role in the ${mode}`, async () => {
      for (const role of ROLE_NAMES) {
        const command = mode === 'terminal' ? 'zeromq.role.startInTerminal' : 'zeromq.role.startInBackground';
        const instance = (await vscode.commands.executeCommand(command, { kind: 'builtin', role })) as RoleInstance;
        assert.equal(instance.state.kind, 'running', `${role}: ${JSON.stringify(instance.state)}`);
        assert.ok(isAlive(instance.pid), `${role} has a live process`);
        if (mode === 'terminal') assert.ok(vscode.window.terminals.some((terminal) => terminal.name === role), `a terminal named ${role}`);
        await vscode.commands.executeCommand('zeromq.role.stop', instance);
        assert.deepEqual(instance.state, { kind: 'exited', code: 0 }, role);
        assert.equal(isAlive(instance.pid), false, `${role} stopped`);
      }
    });

    it(`runs a whole pipeline session in the ${mode}: every result reaches the sink`, async () => {
      const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'pipeline' }, mode, 3)) as Session;
      assert.deepEqual(session.roles.map((role) => role.spec.label), ['ventilator', 'sink', 'worker 1', 'worker 2', 'worker 3']);
      const sink = session.roles.find((role) => role.spec.role === 'sink')!;
      const ventilator = session.roles.find((role) => role.spec.role === 'ventilator')!;
      await until(() => events.of(sink).some((event) => event.event === 'batch-done'), 'the sink has its batch');
      const done = events.of(sink).find((event) => event.event === 'batch-done')!;
      const sent = events.of(ventilator).find((event) => event.event === 'batch-sent')!;
      assert.ok(done.event === 'batch-done' && sent.event === 'batch-sent');
      assert.equal(done.results, 20);
      assert.equal(sent.tasks, 20);
      assert.ok(done.elapsedMs < sent.expectedCostMs, `three workers beat one: ${done.elapsedMs} < ${sent.expectedCostMs} ms`);
      // The roles' exact counters reach the window's collector: "0" and 20 results at the sink.
      await until(() => sink.messages.received === 21 && ventilator.messages.sent === 21, 'the message counts arrive');
      // The ventilator waits for the next batch; Start Batch sends it.
      await until(() => isWaitingForEnter(ventilator), 'the ventilator waits for Enter');
      await vscode.commands.executeCommand('zeromq.batch.start', ventilator);
      await until(() => events.of(sink).filter((event) => event.event === 'batch-done').length === 2, 'the second batch is done');
    });
  }

  it('runs an extended request-reply session: the broker, then workers, then clients, every reply through the broker', async () => {
    // Two workers and three clients: the numbers are the user's, not one for the other.
    const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'broker' }, 'background', 2, 3)) as Session;
    assert.equal(session.label, 'Extended Request-Reply (2 workers, 3 clients)');
    assert.deepEqual(session.roles.map((role) => role.spec.label), ['broker', 'rep 1', 'rep 2', 'req 1', 'req 2', 'req 3']);
    const clients = session.roles.filter((role) => role.spec.role === 'req');
    await until(() => clients.every((client) => client.state.kind === 'exited'), 'the clients are done');
    for (const client of clients) {
      assert.deepEqual(client.state, { kind: 'exited', code: 0 });
      assert.equal(events.of(client).filter((event) => event.event === 'reply').length, 10);
    }
    const broker = session.roles[0];
    await until(() => broker.messages.received >= 60 && broker.messages.sent >= 60, 'the broker passed 30 requests and 30 replies');
    // Each worker's counters come once a second: together they took the thirty requests.
    const workers = session.roles.filter((role) => role.spec.role === 'rep');
    await until(() => workers.reduce((sum, worker) => sum + worker.messages.received, 0) === 30, 'the workers took thirty requests between them');
  });

  it('runs a publish-subscribe session through a forwarder: the subscriber gets its updates through it', async () => {
    // A publisher at a bounded pace, and a subscriber to everything: a full-speed one floods the
    // window with events for as long as a rare zipcode takes to come up.
    await useFreePorts({ 'pub.interval': 2, 'sub.filter': '' });
    const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'forwarder' }, 'background')) as Session;
    assert.deepEqual(session.roles.map((role) => role.spec.label), ['pub', 'forwarder', 'sub']);
    const [, forwarder, sub] = session.roles;
    await until(() => sub.state.kind === 'exited', 'the subscriber is done');
    assert.deepEqual(sub.state, { kind: 'exited', code: 0 });
    assert.ok(events.of(sub).some((event) => event.event === 'average'));
    assert.ok(events.of(forwarder).some((event) => event.event === 'subscription' && event.subscribe && event.topic.text === ''));
  });

  it('runs an exclusive pair session: the bound pair first, then the connected one, each getting the other\'s five messages', async () => {
    const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'pair' }, 'background')) as Session;
    assert.deepEqual(session.roles.map((role) => role.spec.label), ['pair 1', 'pair 2']);
    await until(() => session.roles.every((role) => role.state.kind === 'exited'), 'both pairs are done', 30_000);
    for (const pair of session.roles) {
      assert.deepEqual(pair.state, { kind: 'exited', code: 0 }, pair.spec.label);
      // What each received, as it reported it to the window's collector.
      const received = events.of(pair).flatMap((event) => (event.event === 'received' ? [event.frames[0]?.text] : []));
      assert.deepEqual(received, [1, 2, 3, 4, 5].map((n) => `Hello ${n}`), pair.spec.label);
    }
  });

  it('runs a request-reply session: the client gets its ten replies, and Send Request gets one', async () => {
    const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'reqrep' }, 'background')) as Session;
    const [rep, req] = session.roles;
    await until(() => req.state.kind === 'exited', 'the client is done');
    assert.deepEqual(req.state, { kind: 'exited', code: 0 });
    assert.equal(rep.state.kind, 'running');
    const reply = (await vscode.commands.executeCommand('zeromq.request.send', rep, 'ping')) as { ok: boolean; text: string };
    assert.deepEqual(reply, { ok: true, text: 'World' });
    // Every message the roles reported is in the window's capture (telemetry comes in batches,
    // up to 20 ms after the reply), exported as JSON Lines.
    const { capture } = await api();
    await until(() => capture.kept().events.filter((event) => event.source === rep.id && event.event === 'sent').length === 11, 'the reply to Send Request is captured');
    const target = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'capture.jsonl');
    await vscode.commands.executeCommand('zeromq.capture.export', target);
    const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(target)).trim().split('\n').map((line) => JSON.parse(line));
    const requests = lines.filter((event) => event.source === req.id && event.event === 'sent');
    assert.deepEqual(requests.map((event) => event.frames[0].text), Array(10).fill('Hello'));
    assert.equal(lines.filter((event) => event.source === rep.id && event.event === 'sent').length, 11, 'ten replies and the one to Send Request');
    await vscode.commands.executeCommand('zeromq.capture.clear');
    assert.equal((await api()).capture.size, 0);
  });

  it('runs a publish-subscribe session, and Publish Message reaches a subscriber', async () => {
    const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'pubsub' }, 'background')) as Session;
    const [pub, sub] = session.roles;
    await until(() => sub.state.kind === 'exited', 'the subscriber has its five updates');
    // Reports travel apart from the exit, and may be seen after it.
    await until(() => events.of(sub).some((event) => event.event === 'average' && event.updates === 5), 'the subscriber\'s average of five updates reported');
    // Its publisher, at full speed, has done its part: stopped, it no longer loads the window.
    await vscode.commands.executeCommand('zeromq.role.stop', pub);
    // A slow publisher and a subscriber to "77777": only what we publish matches.
    await useFreePorts({ 'pub.interval': 1000, 'sub.filter': '77777' });
    const slow = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'pubsub' }, 'background')) as Session;
    const [slowPub, slowSub] = slow.roles;
    await until(() => events.of(slowPub).some((event) => event.event === 'socket' && event.type === 'handshake'), 'the subscriber connected');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let n = 0; n < 5; n++) await vscode.commands.executeCommand('zeromq.message.publish', slowPub, `77777 ${60 + n} 20`);
    await until(() => slowSub.state.kind === 'exited', 'the subscriber has our five messages');
    // Its report can come after its exit is seen: the collector also takes the first publisher's flood.
    await until(() => events.of(slowSub).some((event) => event.event === 'average'), 'the subscriber\'s average reported');
    const average = events.of(slowSub).find((event) => event.event === 'average');
    assert.deepEqual(average && average.event === 'average' && [average.updates, average.temperature], [5, 62]);
    void pub;
  });

  it('fails a role whose port is in use, with the reason, and leaves the first one running', async () => {
    const first = (await vscode.commands.executeCommand('zeromq.role.startInBackground', { kind: 'builtin', role: 'rep' })) as RoleInstance;
    const second = (await vscode.commands.executeCommand('zeromq.role.startInBackground', { kind: 'builtin', role: 'rep' })) as RoleInstance;
    assert.equal(second.state.kind, 'failed');
    assert.match(second.state.kind === 'failed' ? second.state.reason : '', /^Address in use: tcp:\/\/127\.0\.0\.1:\d+ is already bound by another program/);
    assert.equal(first.state.kind, 'running');
    assert.ok(isAlive(first.pid));
  });

  it('restarts a role with a new process, and copies its endpoint', async () => {
    const first = (await vscode.commands.executeCommand('zeromq.role.startInBackground', { kind: 'builtin', role: 'sink' })) as RoleInstance;
    await vscode.commands.executeCommand('zeromq.role.copyEndpoint', first);
    assert.match(await vscode.env.clipboard.readText(), /^tcp:\/\/127\.0\.0\.1:\d+$/);
    await vscode.commands.executeCommand('zeromq.role.restart', first);
    const { registry } = await api();
    const restarted = registry.liveRoles.find((role) => role.spec.role === 'sink')!;
    assert.notEqual(restarted.pid, first.pid);
    assert.equal(restarted.state.kind, 'running');
    assert.equal(isAlive(first.pid), false);
  });

  it('runs a custom role, the seed\'s Python server, and answers a request', async () => {
    const { registry } = await api();
    const custom = (await vscode.commands.executeCommand('zeromq.role.startInBackground', {
      kind: 'custom',
      role: { name: 'hwserver', pattern: 'reqrep', role: 'rep', command: '/usr/bin/python3', args: ['hwserver.py'], env: { PYTHONUNBUFFERED: '1' }, endpoints: ['tcp://*:5555'] },
    })) as RoleInstance;
    assert.equal(custom.state.kind, 'running');
    const reply = (await vscode.commands.executeCommand('zeromq.request.send', custom, 'Hello')) as { ok: boolean; text: string };
    assert.deepEqual(reply, { ok: true, text: 'World' });
    await vscode.commands.executeCommand('zeromq.role.stop', custom);
    assert.equal(registry.liveRoles.length, 0);
  });

  it('fails a custom role whose command does not exist, saying so', async () => {
    const missing = (await vscode.commands.executeCommand('zeromq.role.startInBackground', {
      kind: 'custom',
      role: { name: 'nothing', pattern: 'reqrep', role: 'rep', command: 'no-such-program-zmq', args: [], env: {}, endpoints: [] },
    })) as RoleInstance;
    await until(() => missing.state.kind === 'failed', 'the role failed');
    assert.deepEqual(missing.state, { kind: 'failed', reason: 'command not found: no-such-program-zmq' });
  });

  it('marks a role exited when its terminal is closed, and a crash failed with its last error line', async () => {
    const sink = (await vscode.commands.executeCommand('zeromq.role.startInTerminal', { kind: 'builtin', role: 'sink' })) as RoleInstance;
    vscode.window.terminals.find((terminal) => terminal.name === 'sink')!.dispose();
    await until(() => sink.state.kind === 'exited', 'the sink exited');
    assert.equal(isAlive(sink.pid), false);
    const crash = (await vscode.commands.executeCommand('zeromq.role.startInBackground', {
      kind: 'custom',
      role: { name: 'crash', pattern: 'pipeline', role: 'worker', command: '/bin/sh', args: ['-c', 'echo starting; echo "boom: no tasks here" >&2; exit 3'], env: {}, endpoints: [] },
    })) as RoleInstance;
    await until(() => crash.state.kind === 'failed', 'the crash is seen');
    assert.deepEqual(crash.state, { kind: 'failed', reason: 'boom: no tasks here' });
  });

  it('attaches a passive tap to a publisher it did not start, and refuses a malformed endpoint', async () => {
    const pub = (await vscode.commands.executeCommand('zeromq.role.startInBackground', { kind: 'builtin', role: 'pub' })) as RoleInstance;
    const endpoint = pub.state.kind === 'running' ? pub.state.bound[0] : '';
    const tap = (await vscode.commands.executeCommand('zeromq.tap.attach', endpoint, 'pub')) as RoleInstance;
    assert.equal(tap.spec.label, `tap ${endpoint}`);
    assert.equal(tap.state.kind, 'running');
    // It subscribes to everything: all zipcodes reach it, where the default subscriber takes one.
    await until(() => tap.messages.received > 1000, 'the tap sees the publisher\'s traffic');
    // Restarted, it is the same tap on the same publisher: its arguments are its own, not the settings' subscriber's.
    const again = (await vscode.commands.executeCommand('zeromq.role.restart', tap)) as RoleInstance;
    assert.deepEqual(again.spec.args, tap.spec.args);
    await until(() => again.messages.received > 1000, 'the restarted tap sees the publisher\'s traffic');
    assert.equal(await vscode.commands.executeCommand('zeromq.tap.attach', 'tcp://*:5556', 'pub'), undefined);
  });

  it('puts an inspection proxy in front of a REP server it did not start, which sees both directions', async () => {
    const rep = (await vscode.commands.executeCommand('zeromq.role.startInBackground', { kind: 'builtin', role: 'rep' })) as RoleInstance;
    const server = rep.state.kind === 'running' ? rep.state.bound[0] : '';
    const proxy = (await vscode.commands.executeCommand('zeromq.tap.attach', server, 'rep', 'tcp://127.0.0.1:*')) as RoleInstance;
    assert.equal(proxy.state.kind, 'running');
    const reply = (await vscode.commands.executeCommand('zeromq.request.send', proxy, 'through the proxy')) as { ok: boolean; text: string };
    assert.deepEqual(reply, { ok: true, text: 'World' });
    await until(() => events.of(proxy).filter((event) => event.event === 'proxied').length === 2, 'the proxy reports the request and the reply');
    const passed = events.of(proxy).flatMap((event) => (event.event === 'proxied' ? [[event.direction, event.frames[0].text]] : []));
    assert.deepEqual(passed, [['request', 'through the proxy'], ['reply', 'World']]);
  });

  it('leaves no process running after Stop All', async () => {
    await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'pipeline' }, 'terminal', 2);
    await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'reqrep' }, 'background');
    assert.ok(roleProcesses().length >= 5, `role processes: ${roleProcesses()}`);
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    assert.deepEqual(roleProcesses(), []);
  });
});
