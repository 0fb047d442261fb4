// The extension in a workspace that is not trusted, with workspace trust on (runTest.js
// --untrusted): the folder's custom roles do not run, and its settings cannot move what listens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RoleInstance } from '../../../src/extension/sessions/model';
import { api, freePort, roleProcesses } from '../suite/helpers';

describe('an untrusted workspace', function () {
  this.timeout(60_000);
  afterEach(() => vscode.commands.executeCommand('zeromq.session.stopAll'));

  it('is opened restricted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('refuses to run a custom role, and starts no process', async () => {
    const { registry } = await api();
    const started = await vscode.commands.executeCommand('zeromq.role.startInBackground', {
      kind: 'custom',
      role: { name: 'hwserver', pattern: 'reqrep', role: 'rep', command: '/usr/bin/python3', args: ['hwserver.py'], env: {}, endpoints: ['tcp://*:5555'] },
    });
    assert.equal(started, undefined);
    assert.deepEqual([registry.all.length, roleProcesses()], [0, []]);
  });

  it('ignores the folder\'s settings that would move where roles and the collector listen', async () => {
    const config = vscode.workspace.getConfiguration('zeromq');
    // The folder's settings file (runTest.ts) is read: a setting that opens nothing applies...
    assert.equal(config.get('rep.delay'), 4321);
    // ...and those that would move what listens do not.
    assert.deepEqual([config.get('bindAddress'), config.get('collector.endpoint')], ['127.0.0.1', '']);
    assert.notEqual(config.get('ports.requestReply'), 22);
    assert.match((await api()).collectorEndpoint, /^ipc:\/\//, 'the collector on its private ipc path');
  });

  it('still runs a built-in role, bound to loopback on the port of the user\'s settings', async () => {
    // User settings apply in any workspace.
    const port = await freePort();
    await vscode.workspace.getConfiguration('zeromq').update('ports.requestReply', port, vscode.ConfigurationTarget.Global);
    const rep = (await vscode.commands.executeCommand('zeromq.role.startInBackground', { kind: 'builtin', role: 'rep' })) as RoleInstance;
    assert.equal(rep.state.kind, 'running', JSON.stringify(rep.state));
    assert.equal(rep.state.kind === 'running' && rep.state.bound[0], `tcp://127.0.0.1:${port}`);
  });
});
