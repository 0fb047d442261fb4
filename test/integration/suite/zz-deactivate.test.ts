// Runs last (files run in name order): deactivation must stop every role and wait for it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, roleProcesses, useFreePorts } from './helpers';

describe('deactivation', function () {
  this.timeout(60_000);

  it('stops every role, so that no process outlives the window', async () => {
    await useFreePorts();
    await api();
    await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'pipeline' }, 'background', 2);
    await vscode.commands.executeCommand('zeromq.role.startInTerminal', { kind: 'builtin', role: 'pub' });
    assert.ok(roleProcesses().length >= 5);
    // The same module instance VS Code activated: deactivate() as VS Code calls it on shutdown.
    const main = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'extension.js');
    await (require(main) as { deactivate(): Promise<void> }).deactivate();
    assert.deepEqual(roleProcesses(), []);
  });
});
