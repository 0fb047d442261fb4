// Against the copy that the VSIX installed: it activates from the extensions folder, loads zeromq's
// prebuilt addon for this platform only, runs a request-reply session, and opens the inspector.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Session } from '../../../src/extension/sessions/model';
import { api as activate, EXTENSION_ID as ID, until, useFreePorts } from '../../integration/suite/helpers';

describe('the installed VSIX', () => {
  it('is the copy in the extensions folder, with the prebuilt addons of linux-x64 only', () => {
    const extension = vscode.extensions.getExtension(ID);
    assert.ok(extension, 'installed');
    assert.ok(extension.extensionPath.startsWith(process.env.VSIX_EXTENSIONS_DIR!), extension.extensionPath);
    const build = join(extension.extensionPath, 'node_modules', 'zeromq', 'build');
    assert.ok(existsSync(join(build, 'linux', 'x64')));
    assert.ok(!existsSync(join(build, 'darwin')) && !existsSync(join(build, 'win32')), 'no other platform');
    assert.ok(existsSync(join(extension.extensionPath, 'dist', 'webview', 'inspector.js')));
    assert.ok(!existsSync(join(extension.extensionPath, 'src')), 'no sources');
  });

  it('runs a request-reply session and opens the inspector', async () => {
    const api = await activate();
    await useFreePorts({ launchMode: 'background' });
    const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'reqrep' }, 'background')) as Session;
    const req = session.roles[1];
    await until(() => req.state.kind === 'exited', 'the client is done');
    assert.deepEqual(req.state, { kind: 'exited', code: 0 });
    await until(() => api.capture.messages >= 40, 'the requests and replies are captured');
    await vscode.commands.executeCommand('zeromq.inspector.open');
    assert.equal(api.inspectors.panels.length, 1);
    await vscode.commands.executeCommand('zeromq.session.stopAll');
  });
});
