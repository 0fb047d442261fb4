// The composition root: one collector per window, the session registry, the views, the commands.
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Capture } from '../collector/capture';
import { Collector } from '../collector/collector';
import { reachableFrom } from '../shared/endpoint';
import { LOOPBACK_ANY_PORT } from '../shared/platform';
import { registerAttachCommands } from './commands/attach';
import { CurveKeys } from './curve';
import { registerCaptureCommands } from './commands/capture';
import { registerActionCommands } from './commands/actions';
import { registerControlCommands } from './commands/control';
import { registerStartCommands } from './commands/start';
import { registerWireCommands } from './commands/wire';
import { WireCaptures } from './wire/captures';
import { captureBeforeStart, stopWithRoles } from './wire/roles';
import { CUSTOM_ROLES_FILE, CustomRoles } from './customRoles';
import { Inspectors } from './inspector/inspectors';
import { SessionRegistry } from './sessions/registry';
import { Starter } from './sessions/starter';
import { captureCapacity, collectorEndpoint } from './settings';
import { createStatusBar } from './statusBar';
import { registerTaskProvider } from './tasks';
import { CatalogTree, SessionsTree } from './tree';
import { DiagnosisDecorations } from './diagnosisDecorations';
import { trackWalkthrough } from './walkthrough';

let registry: SessionRegistry | undefined;
let collector: Collector | undefined;
let captures: WireCaptures | undefined;

/** What the extension offers its tests and other extensions. */
export interface ZeromqSessionsApi {
  registry: SessionRegistry;
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
  registry = new SessionRegistry(windowCollector, cli, undefined, (instance) => captureBeforeStart(wire, instance));
  const capture = new Capture(captureCapacity(), collector);
  const curve = await CurveKeys.create(context.secrets);
  const starter = new Starter(registry, curve);
  const custom = new CustomRoles();
  const sessionsTree = new SessionsTree(registry, starter, wire);
  const catalogTree = new CatalogTree(custom);
  const inspectors = new Inspectors(context.extensionUri, capture, registry);
  context.subscriptions.push(
    wire,
    stopWithRoles(wire, registry),
    ...registerWireCommands(wire, inspectors, { registry, starter, custom }),
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
    ...registerCaptureCommands(capture),
    ...registerAttachCommands(starter),
    vscode.window.createTreeView('zeromq.sessions', { treeDataProvider: sessionsTree, showCollapseAll: true }),
    vscode.window.createTreeView('zeromq.catalog', { treeDataProvider: catalogTree }),
    createStatusBar(registry),
    registerTaskProvider(cli, windowCollector, curve),
    ...registerStartCommands(starter, custom),
    ...registerControlCommands(registry, starter),
    ...registerActionCommands(registry, starter, cli),
    vscode.commands.registerCommand('zeromq.sessions.refresh', () => custom.reload()),
    vscode.commands.registerCommand('zeromq.customRoles.open', () => openCustomRoles(custom)),
    vscode.commands.registerCommand('zeromq.collector.copyToken', () => copyToken(windowCollector)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => custom.reload()),
  );
  return { registry, wire, customRoles: custom, capture, inspectors, curve, collectorEndpoint: collector.endpoint };
}

/** Stops every role and waits for it: no process outlives the window. */
export async function deactivate(): Promise<void> {
  await Promise.all([registry?.dispose(), captures?.stopAll()]);
  collector?.dispose();
  captures = undefined;
  registry = undefined;
  collector = undefined;
}

const TEMPLATE = `{
  // Your own programs as roles of a pattern; they appear in the ZeroMQ view beside the built-in ones.
  "roles": [
    {
      "name": "hwserver (Python)",
      "pattern": "reqrep",
      "role": "rep",
      "command": "python3",
      // Windows has python.org's launcher \`py\` (or \`python\` from the Microsoft Store or conda).
      "windows": { "command": "py" },
      "args": ["hwserver.py"],
      "endpoints": ["tcp://*:5555"]
    }
  ]
}
`;

/** For roles started elsewhere: the collector ignores reports without the window's token. */
async function copyToken(collector: Collector): Promise<void> {
  await vscode.env.clipboard.writeText(collector.token ?? '');
  const bound = collector.endpoint;
  const where = bound.startsWith('ipc://')
    ? `A role on this machine reports to this window with --inspect ${bound}; for roles on other machines, set zeromq.collector.endpoint to a tcp endpoint.`
    : `A role reports to this window with --inspect ${reachableFrom(bound, machineAddresses())}${isLoopback(bound) ? ' (loopback: from this machine only)' : ''}.`;
  void vscode.window.showInformationMessage(`Copied the collector's token: give it to the role in ZMQ_SESSIONS_INSPECT_TOKEN. ${where} The token travels in clear over tcp.`);
}

/** This machine's external addresses, IPv4 first: how other machines reach a wildcard bind. */
function machineAddresses(): string[] {
  const all = Object.values(networkInterfaces()).flatMap((entries) => entries ?? []).filter((entry) => !entry.internal);
  return [...all.filter((entry) => entry.family === 'IPv4'), ...all.filter((entry) => entry.family !== 'IPv4')].map((entry) => entry.address);
}

const isLoopback = (endpoint: string) => /^tcp:\/\/(127\.|\[::1\]|localhost)/.test(endpoint);

async function openCustomRoles(custom: CustomRoles): Promise<void> {
  const file = custom.file;
  if (!file) {
    void vscode.window.showWarningMessage(`Open a folder first: custom roles live in ${CUSTOM_ROLES_FILE} of a workspace folder.`);
    return;
  }
  try {
    await vscode.workspace.fs.stat(file);
  } catch {
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(TEMPLATE));
  }
  await vscode.window.showTextDocument(file);
}

/**
 * The window's collector: on a private ipc path, unless the user gives an endpoint for roles
 * elsewhere. It takes only reports with this window's token, which the roles it starts get in
 * their environment, so that another process that reaches the endpoint cannot inject events.
 */
async function startCollector(): Promise<Collector> {
  const token = randomBytes(16).toString('hex');
  const endpoint = collectorEndpoint();
  if (!endpoint) return privateCollector(token);
  try {
    return await Collector.start(endpoint, { token });
  } catch (error) {
    void vscode.window.showErrorMessage(`The collector cannot listen on ${endpoint} (zeromq.collector.endpoint): ${(error as Error).message}. Roles report to a private collector instead.`);
    return privateCollector(token);
  }
}

/**
 * On a private ipc path, not waited for: binding took 20-57 ms of activation in VS Code. Where
 * there is no ipc (Windows) it is loopback TCP, whose port is known only once bound.
 */
async function privateCollector(token: string): Promise<Collector> {
  const collector = Collector.open(undefined, { token });
  if (collector.endpoint === LOOPBACK_ANY_PORT) await collector.ready.catch(() => undefined);
  collector.ready.catch((error: Error) => {
    // Built-in roles become running when they report ready, which they cannot do now.
    void vscode.window.showErrorMessage(`The collector cannot listen on ${collector.endpoint}: ${error.message}. Built-in roles will fail to start (they cannot report to this window) and the inspector sees nothing; reload the window to try again.`);
  });
  return collector;
}
