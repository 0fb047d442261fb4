// Open Inspector: the live panel, focused on a role when given one (or its id).
import * as vscode from 'vscode';
import { Inspectors } from '../inspector/inspectors';
import { RoleInstance } from '../sessions/model';

export function registerInspectorCommands(inspectors: Inspectors): vscode.Disposable[] {
  return [vscode.commands.registerCommand('zeromq.inspector.open', (target?: RoleInstance | string) => inspectors.open(target))];
}
