// The webview's one handle on VS Code: messages to the host, and the state kept across reloads
// (vscode.setState survives a hidden panel and a window reload; the serializer reads fileUri).
import type { WebviewMessage } from '../../src/shared/inspector-protocol';
import type { MessageFilter } from '../../src/shared/message-filter';

export interface SavedState {
  fileUri?: string;
  tab?: number;
  filter?: MessageFilter;
}

const vscode = acquireVsCodeApi<SavedState>();

export function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

export function savedState(): SavedState {
  return vscode.getState() ?? {};
}

export function saveState(change: Partial<SavedState>): void {
  vscode.setState({ ...savedState(), ...change });
}
