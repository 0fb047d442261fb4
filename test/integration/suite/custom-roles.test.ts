// .vscode/zeromq.json in a real VS Code: the seed's programs listed, problems shown in the
// Problems panel at the text they are about, and the valid roles kept while the file is broken.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, until } from './helpers';

describe('custom roles in VS Code', function () {
  this.timeout(30_000);
  let file: vscode.Uri;
  let original: Uint8Array;

  before(async () => {
    file = (await api()).customRoles.file!;
    original = await vscode.workspace.fs.readFile(file);
  });
  after(async () => {
    await vscode.workspace.fs.writeFile(file, original);
    await (await api()).customRoles.reload();
  });

  it('lists the seed workspace\'s seven Python programs as roles', async () => {
    const { customRoles } = await api();
    await customRoles.reload();
    assert.deepEqual(customRoles.roles.map((role) => role.name), ['hwserver', 'hwclient', 'wuserver', 'wuclient', 'taskvent', 'taskwork', 'tasksink']);
    assert.deepEqual(vscode.languages.getDiagnostics(file), []);
  });

  it('reports what is wrong where it is, and keeps the valid roles', async () => {
    const { customRoles } = await api();
    const text = JSON.stringify({
      roles: [
        { name: 'good', pattern: 'reqrep', role: 'rep', command: '/usr/bin/python3', args: ['hwserver.py'] },
        { name: 'bad', pattern: 'pubsub', role: 'rep', command: 'python3' },
      ],
    }, null, 2);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    await customRoles.reload();
    await until(() => vscode.languages.getDiagnostics(file).length > 0, 'the problem is in the Problems panel');
    assert.deepEqual(customRoles.roles.map((role) => role.name), ['good']);
    const [problem] = vscode.languages.getDiagnostics(file);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem.message, /^Role "bad": "role" must be one of pub, sub for pattern "pubsub"/);
    const document = await vscode.workspace.openTextDocument(file);
    assert.equal(document.getText(problem.range), '"rep"');
  });

  it('offers a schema for the file in the JSON editor', () => {
    const manifest = vscode.extensions.getExtension('zeromq-sessions.zeromq-sessions')!.packageJSON;
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.vscode/zeromq.json', url: './schemas/zeromq.schema.json' }]);
  });
});
