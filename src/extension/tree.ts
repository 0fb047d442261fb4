// The sidebar: the Patterns view (the catalog of built-in and custom roles, with start actions)
// and the Sessions view (what runs, with its state). contextValues are compound strings that
// package.json's menus match with `viewItem =~ /.../`.
import * as vscode from 'vscode';
import { PATTERNS, roleIn, rolesOf } from '../shared/catalog';
import { compact } from '../shared/format';
import { RoleName } from '../shared/role-events';
import { CustomRole, PATTERN_NAMES, PatternName } from '../shared/workspace-config';
import { Coalesced } from './coalesce';
import { CustomRoles } from './customRoles';
import { Disposable } from './dispose';
import { roleUri } from './diagnosisDecorations';
import { endpointOf, isLive, isWaitingForEnter, RoleInstance, RoleState, Session } from './sessions/model';
import { SessionRegistry } from './sessions/registry';
import { inspectionOfRole, inspectionText } from './sessions/userPrograms';
import { WireCapture, WireCaptures } from './wire/captures';

/** A built-in role plays in `pattern` when given (a broker's worker connects), else in its own. */
export type CatalogNode = { kind: 'pattern'; pattern: PatternName } | { kind: 'builtin'; role: RoleName; pattern?: PatternName } | { kind: 'custom'; role: CustomRole };

export class CatalogTree extends Disposable implements vscode.TreeDataProvider<CatalogNode> {
  private readonly changes = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changes.event;

  constructor(private readonly custom: CustomRoles) {
    super();
    this._register(custom.onDidChange(() => this.changes.fire()));
  }

  getChildren(node?: CatalogNode): CatalogNode[] {
    if (!node) return PATTERN_NAMES.map((pattern) => ({ kind: 'pattern', pattern }));
    if (node.kind !== 'pattern') return [];
    const builtin: CatalogNode[] = rolesOf(node.pattern).map((role) => ({ kind: 'builtin', role, pattern: node.pattern }));
    const custom: CatalogNode[] = this.custom.roles.filter((role) => role.pattern === node.pattern).map((role) => ({ kind: 'custom', role }));
    return [...builtin, ...custom];
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    if (node.kind === 'pattern') {
      // The seed's three patterns open; the extended ones (brokers, forwarders, pairs) one click away.
      const open = PATTERN_NAMES.indexOf(node.pattern) < 3;
      const item = new vscode.TreeItem(PATTERNS[node.pattern].label, open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.description = node.pattern;
      item.tooltip = PATTERNS[node.pattern].description;
      item.accessibilityInformation = { label: `${PATTERNS[node.pattern].label}: ${PATTERNS[node.pattern].description}` };
      item.contextValue = 'pattern';
      item.iconPath = new vscode.ThemeIcon('symbol-interface');
      return item;
    }
    if (node.kind === 'builtin') {
      const info = roleIn(node.role, node.pattern);
      const item = new vscode.TreeItem(info.label);
      item.description = info.description;
      item.contextValue = 'catalogRole.builtin';
      item.iconPath = new vscode.ThemeIcon(info.binds ? 'server-process' : 'plug');
      return item;
    }
    const item = new vscode.TreeItem(node.role.name);
    item.description = node.role.description ?? `${node.role.role} · ${[node.role.command, ...node.role.args].join(' ')}`;
    item.tooltip = new vscode.MarkdownString(`Custom role from \`.vscode/zeromq.json\`\n\n\`${[node.role.command, ...node.role.args].join(' ')}\``);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '.';
    item.tooltip.appendText(`\n\n${inspectionText(inspectionOfRole(node.role, node.role.cwd?.replace(/\$\{workspaceFolder\}/g, folder) ?? folder))}`);
    item.contextValue = 'catalogRole.custom';
    item.iconPath = new vscode.ThemeIcon('file-code');
    return item;
  }
}

export type SessionNode = Session | RoleInstance | WireCapture;

const isInstance = (node: SessionNode): node is RoleInstance => 'spec' in node;
const isCapture = (node: SessionNode): node is WireCapture => 'kind' in node && node.kind === 'wire-capture';

/** Counts tick every second: their rows are redrawn at most this often. */
const COUNTS_EVERY_MS = 1000;

/**
 * Redraws only what changed (the elements are the registry's and the captures' own objects, stable
 * for their lifetime); what there is (sessions, roles, captures added or removed) redraws it all.
 */
export class SessionsTree extends Disposable implements vscode.TreeDataProvider<SessionNode> {
  private readonly changes = this._register(new vscode.EventEmitter<SessionNode[] | undefined>());
  private readonly counts = this._register(new Coalesced<SessionNode>(COUNTS_EVERY_MS, (nodes) => this.changes.fire(nodes)));
  readonly onDidChangeTreeData = this.changes.event;

  constructor(
    private readonly registry: SessionRegistry,
    private readonly captures: WireCaptures,
  ) {
    super();
    this._register(registry.onDidChange(({ role, counts }) => this.changed(role, counts)));
    this._register(
      captures.onDidChange(({ capture, counts }) => {
        // A role's own capture shows in the role's tooltip (nowhere once the role is removed).
        const node = capture?.roleId ? this.registry.find(capture.roleId) : capture;
        if (node || !capture) this.changed(node, counts);
      }),
    );
  }

  private changed(node: RoleInstance | WireCapture | undefined, counts = false): void {
    if (!node) {
      this.counts.drop();
      this.changes.fire(undefined);
    } else if (counts) {
      this.counts.add(node);
    } else {
      // A role's state shows in its session's "n of m running" too.
      const session = isInstance(node) ? this.registry.sessionOf(node) : undefined;
      this.counts.drop(node);
      this.changes.fire(session ? [node, session] : [node]);
    }
  }

  getChildren(node?: SessionNode): SessionNode[] {
    if (!node) return [...this.captures.standalone, ...this.registry.all];
    return isInstance(node) || isCapture(node) ? [] : node.roles;
  }

  getParent(node: SessionNode): SessionNode | undefined {
    return isInstance(node) ? this.registry.sessionOf(node) : undefined;
  }

  getTreeItem(node: SessionNode): vscode.TreeItem {
    if (isCapture(node)) return captureItem(node);
    return isInstance(node) ? this.instanceItem(node) : this.sessionItem(node);
  }

  private sessionItem(session: Session): vscode.TreeItem {
    const item = new vscode.TreeItem(session.label, vscode.TreeItemCollapsibleState.Expanded);
    const live = session.roles.filter((role) => role.state.kind === 'running').length;
    item.description = `${live} of ${session.roles.length} running`;
    item.contextValue = live > 0 || session.roles.some((role) => role.state.kind === 'starting') ? 'session.live' : 'session.ended';
    item.iconPath = new vscode.ThemeIcon('layers');
    return item;
  }

  private instanceItem(instance: RoleInstance): vscode.TreeItem {
    const item = new vscode.TreeItem(instance.spec.label);
    // For DiagnosisDecorations: a warning on the roles a diagnosis names.
    item.resourceUri = roleUri(instance.id);
    const endpoint = endpointOf(instance);
    const { sent, received } = instance.messages;
    const counts = sent || received ? `↑${compact(sent)} ↓${compact(received)}` : undefined;
    const pid = isLive(instance.state) && instance.pid ? `pid ${instance.pid}` : undefined;
    item.description = [stateText(instance.state), counts, endpoint, pid].filter(Boolean).join(' · ');
    item.iconPath = stateIcon(instance.state);
    const tooltip = new vscode.MarkdownString(`**${instance.spec.label}** (${instance.spec.role}, ${instance.spec.mode})\n\n${stateText(instance.state)}`);
    if (instance.state.kind === 'failed') tooltip.appendMarkdown(`: ${instance.state.reason}`);
    if (endpoint) tooltip.appendMarkdown(`\n\nEndpoint: \`${endpoint}\``);
    if (counts) tooltip.appendMarkdown(`\n\nMessages: ${sent} sent, ${received} received`);
    const inspection = this.wireText(instance) ?? inspectionText(instance.spec.source === 'custom' ? instance.spec.inspection : undefined);
    if (inspection) tooltip.appendText(`\n\n${inspection}`);
    item.tooltip = tooltip;
    const waiting = isWaitingForEnter(instance) ? '.waiting' : '';
    item.contextValue = `role.${instance.state.kind}.${instance.spec.role}.${instance.spec.source}${waiting}`;
    item.command = { command: 'zeromq.role.showOutput', title: 'Show Output', arguments: [instance] };
    return item;
  }

  /** For a role inspected on the wire: its capture's state, or why it is not captured. */
  private wireText(instance: RoleInstance): string | undefined {
    const capture = instance.spec.source === 'custom' && instance.spec.inspection?.kind === 'wire' ? this.captures.forRole(instance.id) : undefined;
    if (!capture) return undefined;
    if (capture.state.kind === 'failed') return `Not inspected on the wire: ${capture.state.reason}`;
    return `Inspected on the wire: ports ${capture.ports.join(', ')} on ${capture.iface} (${capture.state.kind}, ${capture.counts.messages} messages decoded).`;
  }
}

/** A capture of "Capture Traffic…": what it listens to, its state and counts, Stop. */
function captureItem(capture: WireCapture): vscode.TreeItem {
  const item = new vscode.TreeItem(capture.label);
  const { packets, connections, messages } = capture.counts;
  const counts = `${compact(messages)} messages · ${compact(connections)} connections`;
  item.description = [capture.state.kind, counts].join(' · ');
  const tooltip = new vscode.MarkdownString(`**Wire capture** on \`${capture.iface}\`, TCP ports ${capture.ports.join(', ')}\n\n${capture.state.kind}`);
  if (capture.state.kind === 'failed') tooltip.appendText(`: ${capture.state.reason}`);
  tooltip.appendMarkdown(`\n\n${messages} messages decoded on ${connections} connections, from ${packets} packets.`);
  item.tooltip = tooltip;
  item.iconPath =
    capture.state.kind === 'capturing' ? new vscode.ThemeIcon('record', new vscode.ThemeColor('testing.iconFailed'))
    : capture.state.kind === 'failed' ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
    : capture.state.kind === 'stopped' ? new vscode.ThemeIcon('circle-outline')
    : new vscode.ThemeIcon('loading~spin');
  item.contextValue = `wireCapture.${capture.state.kind}`;
  item.command = { command: 'zeromq.wire.showOutput', title: 'Show Output' };
  return item;
}

function stateText(state: RoleState): string {
  switch (state.kind) {
    case 'exited':
      return `exited (${state.code ?? 'signal'})`;
    case 'failed':
      return 'failed';
    default:
      return state.kind;
  }
}

function stateIcon(state: RoleState): vscode.ThemeIcon {
  switch (state.kind) {
    case 'starting':
    case 'stopping':
      return new vscode.ThemeIcon('loading~spin');
    case 'running':
      return new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'exited':
      return new vscode.ThemeIcon('circle-outline');
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  }
}

