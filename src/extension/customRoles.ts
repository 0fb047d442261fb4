// The workspace's own roles, from .vscode/zeromq.json: read when it changes, its problems shown
// in the Problems panel at the text they are about, its valid roles offered beside the built-in ones.
import * as vscode from 'vscode';
import { CustomRole, parseWorkspaceConfig } from '../shared/workspace-config';

export const CUSTOM_ROLES_FILE = '.vscode/zeromq.json';

export class CustomRoles implements vscode.Disposable {
  private current: CustomRole[] = [];
  private readonly changes = new vscode.EventEmitter<void>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('zeromq');
  private readonly disposables: vscode.Disposable[] = [this.changes, this.diagnostics];

  readonly onDidChange = this.changes.event;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CUSTOM_ROLES_FILE}`);
    this.disposables.push(watcher, watcher.onDidChange(() => this.reload()), watcher.onDidCreate(() => this.reload()), watcher.onDidDelete(() => this.reload()));
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()));
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

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

// From the text just read: an open document of the file may not have caught up with the disk yet.
function positionAt(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}
