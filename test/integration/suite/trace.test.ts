// Custom roles traced by `zmq-sessions trace` in a real VS Code: a Python REP server counted in the
// Sessions view as a built-in role is, its messages in the window's capture; and the setting
// zeromq.inspect.userPrograms turning it off.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CustomSpec, RoleInstance } from '../../../src/extension/sessions/model';
import { api, recordEvents, until } from './helpers';

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('traced custom roles in VS Code', function () {
  this.timeout(60_000);
  let dir: string;
  let events: ReturnType<typeof recordEvents>;
  const config = () => vscode.workspace.getConfiguration('zeromq');

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'zmq-trace-'));
    events = recordEvents((await api()).registry);
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    await config().update('inspect.userPrograms', undefined, vscode.ConfigurationTarget.Global);
  });
  after(() => {
    events.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startServer(): Promise<RoleInstance> {
    const port = await freePort();
    const file = path.join(dir, `server-${port}.py`);
    writeFileSync(file, `import zmq\ns = zmq.Context().socket(zmq.REP)\ns.bind("tcp://127.0.0.1:${port}")\nwhile True:\n    s.recv()\n    s.send(b"World")\n`);
    const role = { name: 'server', pattern: 'reqrep', role: 'rep', command: '/usr/bin/python3', args: [file], env: {}, endpoints: [`tcp://127.0.0.1:${port}`] };
    return (await vscode.commands.executeCommand('zeromq.role.startInBackground', { kind: 'custom', role })) as RoleInstance;
  }

  it('traces a Python custom role by default: its messages counted in the Sessions view and reported to the window', async () => {
    const server = await startServer();
    assert.equal((server.spec as CustomSpec).inspection?.kind, 'trace');
    await until(() => events.of(server).some((event) => event.event === 'ready'), 'the traced program is ready');
    for (const text of ['one', 'two']) {
      const reply = (await vscode.commands.executeCommand('zeromq.request.send', server, text)) as { ok: boolean; text: string };
      assert.deepEqual(reply, { ok: true, text: 'World' });
    }
    await until(() => server.messages.received === 2 && server.messages.sent === 2, `two requests and two replies counted, saw ${JSON.stringify(server.messages)}`);
    const received = events.of(server).flatMap((event) => (event.event === 'received' ? [event.frames[0].text] : []));
    assert.deepEqual(received, ['one', 'two']);
    assert.equal(events.of(server).find((event) => event.event === 'ready')?.event === 'ready' && (events.of(server).find((event) => event.event === 'ready') as { role: string }).role, 'rep');
  });

  it('runs it untraced with zeromq.inspect.userPrograms "off"', async () => {
    await config().update('inspect.userPrograms', 'off', vscode.ConfigurationTarget.Global);
    const server = await startServer();
    assert.equal((server.spec as CustomSpec).inspection?.kind, 'off');
    const reply = (await vscode.commands.executeCommand('zeromq.request.send', server, 'hi')) as { ok: boolean; text: string };
    assert.deepEqual(reply, { ok: true, text: 'World' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(server.messages, { sent: 0, received: 0 });
  });
});
