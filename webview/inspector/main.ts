// The inspector webview's entry (being built): says it is ready, so the host sends its state.
import type { WebviewMessage } from '../../src/shared/inspector-protocol';

const vscode = acquireVsCodeApi();
vscode.postMessage({ type: 'ready' } satisfies WebviewMessage);
