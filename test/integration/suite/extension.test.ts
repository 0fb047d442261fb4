// The extension inside a real VS Code: it is found, activates when its view is opened, and every
// command its manifest contributes is registered. Kept general: the extension grows under it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, until } from './helpers';

describe('extension in VS Code', () => {
  it('runs in the VS Code version under test', () => {
    // Printed so that a run's log says which host it exercised.
    console.log(`      VS Code ${vscode.version}, Node ${process.version}`);
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
  });

  it('is installed from the development path', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not among the extensions`);
  });

  it('opens the test workspace folder', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
  });

  it('shows the ZeroMQ view container and its Sessions view, which activates the extension', async () => {
    // VS Code generates these commands for contributed view containers and views.
    await vscode.commands.executeCommand('workbench.view.extension.zeromq');
    await vscode.commands.executeCommand('zeromq.sessions.focus');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await until(() => extension.isActive, 'the extension is active');
  });

  it('registers every command its manifest contributes', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const contributed: string[] = (manifest.contributes?.commands ?? []).map((command: { command: string }) => command.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });
});
