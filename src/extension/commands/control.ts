// Commands that act on what runs: stop, restart, show output, copy endpoint, remove; Stop All
// stops the wire captures too.
import * as vscode from 'vscode';
import { endpointOf, isLive, RoleInstance, Session } from '../sessions/model';
import { SessionRegistry } from '../sessions/registry';
import { Starter } from '../launch/starter';
import { WireCaptures } from '../wire/captures';
import { pickInstance } from './pick';

export function registerControlCommands(registry: SessionRegistry, starter: Starter, captures: WireCaptures): vscode.Disposable[] {
  const pick = (given: RoleInstance | undefined, what = 'role') =>
    pickInstance(registry, given, () => true, what, 'Start one from the ZeroMQ view or with "ZeroMQ: Start Role…".');
  return [
    vscode.commands.registerCommand('zeromq.role.stop', async (given?: RoleInstance) => {
      const instance = await pick(given);
      if (instance) await registry.stop(instance);
    }),
    // With the launch as the settings and keys are now: what changed since the start applies.
    vscode.commands.registerCommand('zeromq.role.restart', async (given?: RoleInstance) => {
      const instance = await pick(given);
      if (!instance) return undefined;
      let spec;
      try {
        spec = starter.relaunchSpec(instance.spec);
      } catch (error) {
        await starter.curve.explain(error);
        return undefined;
      }
      const restarted = await starter.restart(instance, spec);
      if (restarted) await registry.whenRunning(restarted).catch((error: Error) => vscode.window.showErrorMessage(`${restarted.spec.label} failed to restart: ${error.message}`));
      return restarted;
    }),
    vscode.commands.registerCommand('zeromq.role.showOutput', async (given?: RoleInstance) => {
      const instance = given ?? (await pickAny(registry));
      if (instance) registry.show(instance);
    }),
    vscode.commands.registerCommand('zeromq.role.copyEndpoint', async (instance: RoleInstance) => {
      const endpoint = endpointOf(instance);
      if (endpoint) await vscode.env.clipboard.writeText(endpoint);
    }),
    vscode.commands.registerCommand('zeromq.session.stop', (session: Session) => registry.stopSession(session)),
    vscode.commands.registerCommand('zeromq.session.remove', (session: Session) => registry.remove(session)),
    vscode.commands.registerCommand('zeromq.session.stopAll', async () => {
      const count = registry.liveRoles.length;
      const capturing = captures.standalone.filter((capture) => capture.state.kind === 'starting' || capture.state.kind === 'capturing').length;
      await Promise.all([registry.stopAll(), captures.stopAll()]);
      const also = capturing ? ` and ${capturing} capture${capturing === 1 ? '' : 's'}` : '';
      vscode.window.setStatusBarMessage(`ZeroMQ: stopped ${count} role${count === 1 ? '' : 's'}${also}`, 3000);
    }),
  ];
}

/** Any role, running or ended: its output stays readable after it exits. */
async function pickAny(registry: SessionRegistry): Promise<RoleInstance | undefined> {
  const all = registry.all.flatMap((session) => session.roles);
  if (all.length === 0) {
    void vscode.window.showInformationMessage('No role has been started yet. Start one from the ZeroMQ view or with "ZeroMQ: Start Role…".');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    all.map((instance) => ({ label: instance.spec.label, description: `${isLive(instance.state) ? instance.state.kind : 'ended'} · ${endpointOf(instance) ?? ''}`, instance })),
    { placeHolder: 'Show the output of which role?' },
  );
  return picked?.instance;
}
