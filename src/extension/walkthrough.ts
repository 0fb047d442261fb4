// The getting-started walkthrough's steps are done when the user has run each pattern: context keys
// `zeromq.ran.<pattern>` turn true once a session of it has a role that ran (the steps' completion
// events). The inspector's step completes on its command (onCommand in package.json).
import * as vscode from 'vscode';
import { SessionRegistry } from './sessions/registry';

export function trackWalkthrough(registry: SessionRegistry): vscode.Disposable {
  const ran = new Set<string>();
  const update = () => {
    for (const session of registry.all) {
      if (ran.has(session.pattern)) continue;
      if (!session.roles.some((role) => role.state.kind === 'running' || role.state.kind === 'exited')) continue;
      ran.add(session.pattern);
      void vscode.commands.executeCommand('setContext', `zeromq.ran.${session.pattern}`, true);
    }
  };
  return registry.onDidChange(update);
}
