// Wire captures in a real VS Code (real tcpdump): Capture Traffic… as a capture with its state and
// counts, stopped by its Stop and by Stop All; one on an interface that does not exist failing with
// what to do; and a custom role inspected on the wire with no port known, which runs and says why
// it is not captured.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import type { WireCapture } from '../../../src/extension/wire/captures';
import { api, freePort, until } from './helpers';

/** One process, a REP and a REQ on the port: three round trips, then a moment before it exits. */
const ROUND_TRIPS = `
import sys, time, zmq
c = zmq.Context()
rep = c.socket(zmq.REP); rep.bind('tcp://127.0.0.1:' + sys.argv[1])
req = c.socket(zmq.REQ); req.connect('tcp://127.0.0.1:' + sys.argv[1])
for i in range(3):
    req.send(b'ping'); rep.send(rep.recv() + b' back'); req.recv()
time.sleep(0.5)
`;

describe('wire captures in VS Code', function () {
  this.timeout(60_000);

  it('captures traffic on ports: capturing, its counts, then stopped', async () => {
    const port = await freePort();
    const capture = (await vscode.commands.executeCommand('zeromq.wire.capture', { iface: 'lo', ports: [port] })) as WireCapture;
    assert.equal(capture.state.kind, 'capturing', JSON.stringify(capture.state));
    const program = spawn('/usr/bin/python3', ['-c', ROUND_TRIPS, String(port)], { stdio: 'ignore' });
    await new Promise((resolve) => program.once('close', resolve));
    // Each message once on the wire: three requests, three replies.
    await until(() => capture.counts.messages === 6, `6 messages decoded (${JSON.stringify(capture.counts)})`);
    await vscode.commands.executeCommand('zeromq.wire.stop', capture);
    await until(() => capture.state.kind === 'stopped', `stopped (${JSON.stringify(capture.state)})`);
    assert.deepEqual([capture.counts.messages, capture.counts.connections], [6, 1]);
    await vscode.commands.executeCommand('zeromq.wire.remove', capture);
    assert.ok(!(await api()).wire.standalone.includes(capture), 'removed from the Sessions view');
  });

  it('stops a capture of Capture Traffic… on Stop All, as it stops the roles', async () => {
    const capture = (await vscode.commands.executeCommand('zeromq.wire.capture', { iface: 'lo', ports: [await freePort()] })) as WireCapture;
    assert.equal(capture.state.kind, 'capturing', JSON.stringify(capture.state));
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    assert.equal(capture.state.kind, 'stopped', JSON.stringify(capture.state));
    await vscode.commands.executeCommand('zeromq.wire.remove', capture);
  });

  it('fails on an interface that does not exist, saying what to do', async () => {
    const capture = (await vscode.commands.executeCommand('zeromq.wire.capture', { iface: 'nosuchif0', ports: [await freePort()] })) as WireCapture;
    assert.equal(capture.state.kind, 'failed');
    assert.match((capture.state as { reason: string }).reason, /cannot capture on nosuchif0: .*List the interfaces with 'tcpdump -D'/);
  });

  it('refuses a bad port given by a program, starting nothing', async () => {
    const before = (await api()).wire.standalone.length;
    assert.equal(await vscode.commands.executeCommand('zeromq.wire.capture', { iface: 'lo', ports: [70000] }), undefined);
    assert.equal((await api()).wire.standalone.length, before);
  });

  it('runs a custom role inspected on the wire with no port known, and says why it is not captured', async () => {
    const { registry, starter, wire } = await api();
    const session = registry.createSession('no port', 'reqrep');
    const instance = starter.start(session, {
      source: 'custom', role: 'rep', pattern: 'reqrep', label: 'no port', mode: 'background',
      command: '/usr/bin/python3', args: ['-c', 'import time; time.sleep(30)'], inspection: { kind: 'wire' },
    });
    await registry.whenRunning(instance);
    const capture = wire.forRole(instance.id);
    assert.equal(capture?.state.kind, 'failed');
    assert.match((capture!.state as { reason: string }).reason, /no TCP port is known: declare the role's "endpoints"/);
    await registry.remove(session);
  });
});
