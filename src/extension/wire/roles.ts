// Custom roles with `"inspect": "wire"`: the program runs unchanged while a capture of its ports,
// started first (to see its first connection), reports its processes under the role's id; the
// capture stops shortly after the role ends. A role that cannot be captured still runs, and says why.
import * as vscode from 'vscode';
import { interfaceFor, portsNamed } from '../../shared/capture-ports';
import { isLive, RoleInstance } from '../sessions/model';
import { SessionRegistry } from '../sessions/registry';
import { WireCaptures } from './captures';

/** After a role ends, its capture runs this long more: its last packets (the FIN, the final counters) are decoded. */
const LINGER_MS = 1000;

/** Before a wire-inspected role starts: its capture, listening (or failed, which the role's tooltip then tells). */
export async function captureBeforeStart(captures: WireCaptures, instance: RoleInstance): Promise<void> {
  const { spec } = instance;
  const endpoints = (spec.source === 'custom' && spec.endpoints) || [];
  const ports = portsNamed([...endpoints, ...spec.args]);
  if (ports.length === 0) {
    captures.unavailable(instance.id, `no TCP port is known: declare the role's "endpoints" in .vscode/zeromq.json (e.g. ["tcp://*:5555"]).`);
    return;
  }
  const capture = captures.start({ iface: interfaceFor(endpoints, process.platform), ports, roleId: instance.id });
  await captures.settled(capture);
  if (capture.state.kind === 'failed') {
    void vscode.window.showWarningMessage(`${spec.label} runs, but is not inspected on the wire: ${capture.state.reason}`, 'Show Output').then((choice) => choice && captures.showOutput());
  }
}

/** Stops each role's capture once the role has ended. */
export function stopWithRoles(captures: WireCaptures, registry: SessionRegistry): vscode.Disposable {
  const ending = new Set<string>();
  return registry.onDidChange(() => {
    for (const capture of captures.ofRoles()) {
      const role = registry.find(capture.roleId!);
      if ((role && isLive(role.state)) || ending.has(capture.id)) continue;
      ending.add(capture.id);
      setTimeout(() => void captures.stop(capture).finally(() => ending.delete(capture.id)), LINGER_MS);
    }
  });
}
