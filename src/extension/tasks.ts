// Built-in roles as tasks (type "zeromq" in tasks.json), run by the same CLI in a task terminal,
// reporting to the window's collector (with its token) as roles from the ZeroMQ view do, and with
// the CURVE keys when zeromq.curve.enabled is on.
import * as vscode from 'vscode';
import { Collector } from '../collector/collector';
import { option, ROLES, roleArgs, socketSides } from '../shared/catalog';
import { isRoleName, ROLE_NAMES, RoleName } from '../shared/role-events';
import { INSPECT_TOKEN_ENV } from '../shared/telemetry';
import { CurveKeys } from './curve';
import { NODE, RUN_AS_NODE } from './node';
import { roleSettings } from './settings';

interface ZeromqTaskDefinition extends vscode.TaskDefinition {
  type: 'zeromq';
  role: RoleName;
  /** Extra CLI options, after those from the settings (later ones win, e.g. a second --count). */
  args?: string[];
}

export function registerTaskProvider(cli: string, collector: Collector, curve: CurveKeys): vscode.Disposable {
  const toTask = (definition: ZeromqTaskDefinition, scope: vscode.TaskScope | vscode.WorkspaceFolder = vscode.TaskScope.Workspace) => {
    const roleArgsNow = [...roleArgs(definition.role, roleSettings()), ...(definition.args ?? [])];
    const inspect = [option('inspect', collector.connectEndpoint), option('inspect-id', `task ${definition.role}`)];
    const args = [cli, definition.role, ...roleArgsNow, ...inspect];
    const token: Record<string, string> = collector.token ? { [INSPECT_TOKEN_ENV]: collector.token } : {};
    const execution = new vscode.ProcessExecution(NODE, args, { env: { ...RUN_AS_NODE, ...token, ...curveEnv(curve, roleArgsNow) } });
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

/** CURVE on without a key pair: the task runs without CURVE, and its peers' handshake errors show why. */
function curveEnv(curve: CurveKeys, args: string[]): Record<string, string> {
  try {
    return curve.roleEnv(socketSides(args));
  } catch {
    return {};
  }
}
