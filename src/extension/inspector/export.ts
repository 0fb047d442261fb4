// Export Capture…: the capture as JSON Lines, in a file the user picks, saying what was let go.
import * as vscode from 'vscode';
import { Capture } from '../../collector/capture';

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
