// The workspace's own roles, from .vscode/zeromq.json: read when it changes, its problems shown
// in the Problems panel at the text they are about, its valid roles offered beside the built-in ones.
import * as vscode from 'vscode';
import { CustomRole, parseWorkspaceConfig } from '../shared/workspace-config';
import { Disposable } from './dispose';

export const CUSTOM_ROLES_FILE = '.vscode/zeromq.json';

const TEMPLATE = `{
  // Your own programs as roles of a pattern; they appear in the ZeroMQ view beside the built-in ones.
  "roles": [
    {
      "name": "hwserver (Python)",
      "pattern": "reqrep",
      "role": "rep",
      "command": "python3",
      // Windows has python.org's launcher \`py\` (or \`python\` from the Microsoft Store or conda).
      "windows": { "command": "py" },
      "args": ["hwserver.py"],
      "endpoints": ["tcp://*:5555"]
    }
  ]
}
`;

export class CustomRoles extends Disposable {
  private current: CustomRole[] = [];
  private readonly changes = this._register(new vscode.EventEmitter<void>());
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('zeromq'));

  readonly onDidChange = this.changes.event;

  constructor() {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(`**/${CUSTOM_ROLES_FILE}`));
    for (const event of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete, vscode.workspace.onDidChangeWorkspaceFolders]) this._register(event(() => this.reload()));
    void this.reload();
  }

  get roles(): readonly CustomRole[] {
    return this.current;
  }

  /** The folder the file belongs to: where custom roles run by default. */
  get folder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.[0];
  }

  get file(): vscode.Uri | undefined {
    return this.folder && vscode.Uri.joinPath(this.folder.uri, CUSTOM_ROLES_FILE);
  }

  async reload(): Promise<void> {
    const file = this.file;
    this.diagnostics.clear();
    let text: string | undefined;
    try {
      text = file && new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch {
      text = undefined; // no file: no custom roles
    }
    if (file && text !== undefined) {
      const parsed = parseWorkspaceConfig(text);
      this.current = parsed.roles;
      this.diagnostics.set(
        file,
        parsed.problems.map((problem) => {
          const range = new vscode.Range(positionAt(text!, problem.offset), positionAt(text!, problem.offset + problem.length));
          const diagnostic = new vscode.Diagnostic(range, problem.message, vscode.DiagnosticSeverity.Error);
          diagnostic.source = 'ZeroMQ Sessions';
          return diagnostic;
        }),
      );
    } else {
      this.current = [];
    }
    this.changes.fire();
  }

  /** Opens the file, made from a template first when there is none. */
  async open(): Promise<void> {
    const file = this.file;
    if (!file) {
      void vscode.window.showWarningMessage(`Open a folder first: custom roles live in ${CUSTOM_ROLES_FILE} of a workspace folder.`);
      return;
    }
    try {
      await vscode.workspace.fs.stat(file);
    } catch {
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(TEMPLATE));
    }
    await vscode.window.showTextDocument(file);
  }
}

// From the text just read: an open document of the file may not have caught up with the disk yet.
function positionAt(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}
