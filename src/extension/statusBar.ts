// The status bar item: how many roles run; a click reveals the ZeroMQ view.
import * as vscode from 'vscode';
import { SessionRegistry } from './sessions/registry';

export function createStatusBar(registry: SessionRegistry): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('zeromq.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'ZeroMQ Sessions';
  item.command = 'workbench.view.extension.zeromq';
  const update = () => {
    const running = registry.liveRoles.filter((role) => role.state.kind === 'running').length;
    item.text = `$(radio-tower) ${running}`;
    item.tooltip = `${running} ZeroMQ role${running === 1 ? '' : 's'} running. Click to show the ZeroMQ view.`;
  };
  update();
  item.show();
  const subscription = registry.onDidChange(update);
  return vscode.Disposable.from(item, subscription);
}
