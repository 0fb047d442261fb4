// Built-in roles as tasks (type "zeromq" in tasks.json), run by the same CLI in a task terminal.
import * as vscode from 'vscode';
import { ROLES, roleArgs } from '../shared/catalog';
import { isRoleName, ROLE_NAMES, RoleName } from '../shared/role-events';
import { NODE, RUN_AS_NODE } from './node';
import { roleSettings } from './settings';

interface ZeromqTaskDefinition extends vscode.TaskDefinition {
  type: 'zeromq';
  role: RoleName;
  /** Extra CLI options, after those from the settings (later ones win, e.g. a second --count). */
  args?: string[];
}

export function registerTaskProvider(cli: string): vscode.Disposable {
  const toTask = (definition: ZeromqTaskDefinition, scope: vscode.TaskScope | vscode.WorkspaceFolder = vscode.TaskScope.Workspace) => {
    const args = [cli, definition.role, ...roleArgs(definition.role, roleSettings()), ...(definition.args ?? [])];
    const execution = new vscode.ProcessExecution(NODE, args, { env: RUN_AS_NODE });
    const task = new vscode.Task(definition, scope, definition.role, 'zeromq', execution);
    task.detail = ROLES[definition.role].description;
    task.isBackground = ROLES[definition.role].binds;
    return task;
  };
  return vscode.tasks.registerTaskProvider('zeromq', {
    provideTasks: () => ROLE_NAMES.map((role) => toTask({ type: 'zeromq', role })),
    resolveTask: (task) => {
      const definition = task.definition as ZeromqTaskDefinition;
      if (!isRoleName(definition.role)) return undefined;
      return toTask(definition, task.scope as vscode.WorkspaceFolder);
    },
  });
}
