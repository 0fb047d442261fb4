// Quick picks shared by the commands: which role, which running instance, which launch mode.
import * as vscode from 'vscode';
import { LaunchMode } from '../../shared/workspace-config';
import { endpointOf, RoleInstance } from '../sessions/model';
import { SessionRegistry } from '../sessions/registry';
import { launchMode } from '../settings';

/**
 * The running instance a command acts on: the tree item it was invoked on, the only candidate,
 * or the user's pick. Undefined (after telling the user what to do) when there is none.
 */
export async function pickInstance(
  registry: SessionRegistry,
  given: RoleInstance | undefined,
  matches: (instance: RoleInstance) => boolean,
  what: string,
  howToStart: string,
): Promise<RoleInstance | undefined> {
  if (given) return given;
  const candidates = registry.liveRoles.filter((instance) => instance.state.kind === 'running' && matches(instance));
  if (candidates.length === 0) {
    void vscode.window.showWarningMessage(`No ${what} is running. ${howToStart}`);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((instance) => ({ label: instance.spec.label, description: endpointOf(instance), detail: registry.sessionOf(instance)?.label, instance })),
    { placeHolder: `Which ${what}?` },
  );
  return picked?.instance;
}

export async function pickMode(): Promise<LaunchMode | undefined> {
  const preferred = launchMode();
  const items = [
    { label: '$(terminal) In a terminal', description: 'see its output, type into it', mode: 'terminal' as const },
    { label: '$(server-process) In the background', description: 'its output in the Output panel', mode: 'background' as const },
  ];
  // The preferred mode (zeromq.launchMode) first, so that Enter takes it.
  if (items[0].mode !== preferred) items.reverse();
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Start it how?' }))?.mode;
}
