// The composition root: one collector per window, the session registry, the views, the commands.
// What lives as long as the extension is owned by context.subscriptions; what lives as long as a
// role runs, by that role's run (launch/run.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Capture } from '../collector/capture';
import { Collector } from '../collector/collector';
import { registerActionCommands } from './commands/actions';
import { registerAttachCommands } from './commands/attach';
import { registerCaptureCommands } from './commands/capture';
import { registerControlCommands } from './commands/control';
import { registerCurveCommands } from './commands/curve';
import { registerInspectorCommands } from './commands/inspector';
import { registerStartCommands } from './commands/start';
import { registerWireCommands } from './commands/wire';
import { registerWorkspaceCommands } from './commands/workspace';
import { CurveKeys } from './curve';
import { CustomRoles } from './customRoles';
import { DiagnosisDecorations } from './diagnosisDecorations';
import { Inspectors } from './inspector/inspectors';
import { Launcher } from './launch/launcher';
import { Starter } from './launch/starter';
import { SessionRegistry } from './sessions/registry';
import { captureCapacity } from './settings';
import { createStatusBar } from './statusBar';
import { registerTaskProvider } from './tasks';
import { CatalogTree, SessionsTree } from './tree';
import { trackWalkthrough } from './walkthrough';
import { startCollector } from './windowCollector';
import { WireCaptures } from './wire/captures';
import { captureBeforeStart, stopWithRoles } from './wire/roles';

let registry: SessionRegistry | undefined;
let collector: Collector | undefined;
let captures: WireCaptures | undefined;

/** What the extension offers its tests and other extensions. */
export interface ZeromqSessionsApi {
  registry: SessionRegistry;
  starter: Starter;
  wire: WireCaptures;
  customRoles: CustomRoles;
  capture: Capture;
  inspectors: Inspectors;
  curve: CurveKeys;
  collectorEndpoint: string;
}

export async function activate(context: vscode.ExtensionContext): Promise<ZeromqSessionsApi> {
  const cli = path.join(context.extensionPath, 'dist', 'cli.js');
  const windowCollector = (collector = await startCollector());
  const wire = (captures = new WireCaptures(windowCollector, cli));
  registry = new SessionRegistry(windowCollector);
  const capture = new Capture(captureCapacity(), collector);
  const curve = await CurveKeys.create(context.secrets);
  const starter = new Starter(registry, new Launcher(windowCollector, cli), curve, (instance) => captureBeforeStart(wire, instance));
  const custom = new CustomRoles();
  const sessionsTree = new SessionsTree(registry, wire);
  const catalogTree = new CatalogTree(custom);
  const inspectors = new Inspectors(context.extensionUri, capture, registry);
  context.subscriptions.push(
    wire,
    stopWithRoles(wire, registry),
    curve,
    inspectors,
    trackWalkthrough(registry),
    custom,
    capture,
    new DiagnosisDecorations(capture, registry),
    sessionsTree,
    catalogTree,
    // What the launcher saw of a role's end goes into the capture: the analytics mark it killed.
    registry.onRoleEvent(({ instance, event }) => {
      if (event.event === 'exit') capture.add([{ ...event, source: instance.id, t: Date.now() }]);
    }),
    vscode.workspace.onDidChangeConfiguration((change) => {
      if (change.affectsConfiguration('zeromq.capture.capacity')) capture.resize(captureCapacity());
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => custom.reload()),
    vscode.window.createTreeView('zeromq.sessions', { treeDataProvider: sessionsTree, showCollapseAll: true }),
    vscode.window.createTreeView('zeromq.catalog', { treeDataProvider: catalogTree }),
    createStatusBar(registry),
    registerTaskProvider(cli, windowCollector, curve),
    ...registerStartCommands(starter, custom),
    ...registerControlCommands(registry, starter, wire),
    ...registerActionCommands(registry, starter, cli),
    ...registerAttachCommands(starter),
    ...registerCaptureCommands(capture, inspectors),
    ...registerInspectorCommands(inspectors),
    ...registerWireCommands(wire, inspectors, { registry, custom }),
    ...registerCurveCommands(curve),
    ...registerWorkspaceCommands(custom, windowCollector),
  );
  return { registry, starter, wire, customRoles: custom, capture, inspectors, curve, collectorEndpoint: collector.endpoint };
}

/** Stops every role and waits for it: no process outlives the window. */
export async function deactivate(): Promise<void> {
  await Promise.all([registry?.dispose(), captures?.stopAll()]);
  collector?.dispose();
  captures = undefined;
  registry = undefined;
  collector = undefined;
}
