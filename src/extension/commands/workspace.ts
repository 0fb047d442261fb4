// The workspace's side: its custom roles file (open it, read it again), the collector's token for
// roles the user starts elsewhere.
import * as vscode from 'vscode';
import { Collector } from '../../collector/collector';
import { CustomRoles } from '../customRoles';
import { copyToken } from '../windowCollector';

export function registerWorkspaceCommands(custom: CustomRoles, collector: Collector): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zeromq.sessions.refresh', () => custom.reload()),
    vscode.commands.registerCommand('zeromq.customRoles.open', () => custom.open()),
    vscode.commands.registerCommand('zeromq.collector.copyToken', () => copyToken(collector)),
  ];
}
