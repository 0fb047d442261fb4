// The inspector in the extension host: the live panel and its focus, the analytics behind it, and
// capture files opened in panels of their own (what the webview draws is tested in test/ui and
// test/webview).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Session } from '../../../src/extension/sessions/model';
import { api, until, useFreePorts } from './helpers';

describe('the inspector in VS Code', () => {
  before(() => useFreePorts());
  afterEach(async () => {
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one live panel, focused on a role from its context menu', async () => {
    const { inspectors } = await api();
    const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'reqrep' }, 'background')) as Session;
    const [rep] = session.roles;
    await vscode.commands.executeCommand('zeromq.inspector.open');
    await vscode.commands.executeCommand('zeromq.inspector.open', rep);
    assert.equal(inspectors.panels.length, 1, 'the live panel is reused');
    const [panel] = inspectors.panels;
    assert.equal(panel.panel.title, 'ZeroMQ Inspector');
    assert.equal(panel.panel.viewType, 'zeromq.inspector');
    assert.equal(panel.file, undefined);
    await until(() => panel.panel.visible, 'the panel shows');
  });

  it('keeps the analytics of the live capture: a request-reply session\'s pairs', async () => {
    const { capture } = await api();
    await vscode.commands.executeCommand('zeromq.capture.clear');
    const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'reqrep' }, 'background')) as Session;
    const req = session.roles[1];
    await until(() => req.state.kind === 'exited', 'the client is done');
    await until(() => capture.analytics.report(Date.now()).reqrep.clients.some((client) => client.source === req.id && client.pairs === 10), 'ten pairs reported');
    assert.ok(capture.messages >= 40, `requests and replies, sent and received: ${capture.messages}`);
  });

  it('opens an exported capture in a panel of its own, and says what is wrong with a file that is not one', async () => {
    const { capture, inspectors } = await api();
    const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'reqrep' }, 'background')) as Session;
    await until(() => session.roles[1].state.kind === 'exited', 'the client is done');
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(folder, 'inspected.jsonl');
    await vscode.commands.executeCommand('zeromq.capture.export', file);
    const opened = await vscode.commands.executeCommand<{ file?: vscode.Uri; panel: vscode.WebviewPanel } | undefined>('zeromq.capture.import', file);
    assert.ok(opened);
    assert.equal(opened.file?.toString(), file.toString());
    assert.equal(opened.panel.title, 'ZeroMQ Inspector: inspected.jsonl');
    const before = inspectors.panels.length;
    const bad = vscode.Uri.joinPath(folder, 'not-a-capture.jsonl');
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode('{"event":"sent"}\n'));
    assert.equal(await vscode.commands.executeCommand('zeromq.capture.import', bad), undefined);
    assert.equal(inspectors.panels.length, before, 'no panel for a bad file');
    assert.ok(capture.size > 0, 'the live capture is untouched');
  });
});
