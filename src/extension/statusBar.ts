// The status bar item: how many roles run and how many messages they passed; a click opens the inspector.
import * as vscode from 'vscode';
import { SessionRegistry } from './sessions/registry';
import { compact } from '../shared/format';

export function createStatusBar(registry: SessionRegistry): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('zeromq.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'ZeroMQ Sessions';
  item.command = 'zeromq.inspector.open';
  const update = () => {
    const running = registry.liveRoles.filter((role) => role.state.kind === 'running');
    const messages = running.reduce((sum, role) => sum + role.messages.sent + role.messages.received, 0);
    item.text = `$(pulse) ${running.length}${messages ? ` · ${compact(messages)} msgs` : ''}`;
    item.accessibilityInformation = { label: `ZeroMQ: ${running.length} role${running.length === 1 ? '' : 's'} running, ${messages} messages` };
    item.tooltip = `${running.length} ZeroMQ role${running.length === 1 ? '' : 's'} running, ${messages} messages sent and received. Click to open the inspector.`;
  };
  update();
  item.show();
  const subscription = registry.onDidChange(update);
  return vscode.Disposable.from(item, subscription);
}
