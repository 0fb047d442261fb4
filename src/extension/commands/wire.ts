// Commands of the wire: capture any program's traffic on some ports (an item in the Sessions view,
// with its state, counts and Stop), and open a capture file (pcap, pcapng or our JSON Lines).
import * as vscode from 'vscode';
import { interfaceFor, interfaceProblem, parsePorts, portsNamed } from '../../shared/capture-ports';
import { CustomRoles } from '../customRoles';
import { Inspectors } from '../inspector/inspectors';
import { endpointOf, isLive } from '../sessions/model';
import { SessionRegistry } from '../sessions/registry';
import { WireCapture, WireCaptures } from '../wire/captures';

/** What programs (tests, tasks) may pass to skip the questions. */
export interface CaptureArgs {
  iface?: string;
  ports?: number[];
}

export function registerWireCommands(captures: WireCaptures, inspectors: Inspectors, context: { registry: SessionRegistry; custom: CustomRoles }): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zeromq.wire.capture', (args?: CaptureArgs) => captureTraffic(captures, context, args)),
    vscode.commands.registerCommand('zeromq.wire.stop', (capture?: WireCapture) => capture && captures.stop(capture)),
    vscode.commands.registerCommand('zeromq.wire.remove', (capture?: WireCapture) => capture && captures.remove(capture)),
    vscode.commands.registerCommand('zeromq.wire.showOutput', () => captures.showOutput()),
    vscode.commands.registerCommand('zeromq.wire.openFile', (uri?: vscode.Uri) => inspectors.importFile(uri)),
  ];
}

async function captureTraffic(captures: WireCaptures, context: { registry: SessionRegistry; custom: CustomRoles }, args: CaptureArgs = {}): Promise<WireCapture | undefined> {
  const known = knownEndpoints(context);
  const iface = args.iface ?? (await vscode.window.showInputBox({
    title: 'Capture ZeroMQ traffic (1/2)',
    prompt: 'The interface to capture on (lo is loopback; any is every interface, on Linux)',
    value: interfaceFor(known, process.platform),
    validateInput: (text) => interfaceProblem(text.trim()),
  }))?.trim();
  if (iface === undefined) return undefined;
  const typed = args.ports ? args.ports.join(',') : await vscode.window.showInputBox({
    title: 'Capture ZeroMQ traffic (2/2)',
    prompt: 'The TCP ports, separated by commas (prefilled from the running sessions and the custom roles)',
    value: portsNamed(known).join(', '),
    validateInput: (text) => portsProblem(parsePorts(text)),
  });
  if (typed === undefined) return undefined;
  const parsed = parsePorts(typed);
  // Given by a program, the questions' checks were not made.
  const problem = interfaceProblem(iface) ?? portsProblem(parsed);
  if (problem || !('ports' in parsed)) {
    void vscode.window.showErrorMessage(problem ?? 'No ports.');
    return undefined;
  }
  const capture = captures.start({ iface, ports: parsed.ports });
  await captures.settled(capture);
  if (capture.state.kind === 'failed') {
    void vscode.window.showErrorMessage(`The capture did not start: ${capture.state.reason}`, 'Show Output').then((choice) => choice && captures.showOutput());
  }
  return capture;
}

/** The endpoints of what runs now and of the workspace's custom roles: the ports worth capturing. */
function knownEndpoints({ registry, custom }: { registry: SessionRegistry; custom: CustomRoles }): string[] {
  const running = registry.all.flatMap((session) => session.roles).filter((role) => isLive(role.state));
  return [...running.map((role) => endpointOf(role) ?? ''), ...custom.roles.flatMap((role) => role.endpoints)].filter(Boolean);
}

const portsProblem = (parsed: ReturnType<typeof parsePorts>) => ('error' in parsed ? parsed.error : undefined);
