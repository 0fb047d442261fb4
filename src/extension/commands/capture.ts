// Export and clear the window's capture: every event the roles reported, as JSON Lines.
import * as vscode from 'vscode';
import { Capture } from '../../collector/capture';

export function registerCaptureCommands(capture: Capture): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zeromq.capture.export', (target?: vscode.Uri) => exportCapture(capture, target)),
    vscode.commands.registerCommand('zeromq.capture.clear', () => capture.clear()),
  ];
}

/** Writes a capture to a file the user picks (or `target`); resolves with it, if any. */
export async function exportCapture(capture: Capture, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (capture.size === 0) {
    void vscode.window.showInformationMessage('The capture is empty: start a role or a session, and what it does is captured.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = target ?? (await vscode.window.showSaveDialog({
    title: 'Export the ZeroMQ capture',
    defaultUri: folder && vscode.Uri.joinPath(folder, 'zeromq-capture.jsonl'),
    filters: { 'JSON Lines': ['jsonl'] },
  }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(capture.toJsonLines()));
  const { evicted } = capture.lost;
  const note = evicted ? ` (the ${evicted} oldest were let go: raise zeromq.capture.capacity to keep more)` : '';
  void vscode.window.showInformationMessage(`Exported ${capture.size} events to ${vscode.workspace.asRelativePath(uri)}${note}. Read them with zmq-sessions report, or open them with "ZeroMQ: Import Capture…".`);
  return uri;
}
