// The inspector panels of a window: one on the live capture (opened from the palette, the Sessions
// view's title, a role's context menu focused on it, the status bar), and one per imported capture
// file. Panels come back after a window reload through the serializer.
import * as vscode from 'vscode';
import { Capture } from '../../collector/capture';
import { SourceLabel } from '../../shared/inspector-protocol';
import { CaptureError } from '../../shared/telemetry';
import { parseAnyCapture } from '../../shared/wire';
import { exportCapture } from './export';
import { RoleInstance } from '../sessions/model';
import { SessionRegistry } from '../sessions/registry';
import { Disposable } from '../dispose';
import { captureCapacity } from '../settings';
import { InspectorPanel } from './panel';

export const INSPECTOR_VIEW_TYPE = 'zeromq.inspector';

/** What the webview keeps with vscode.setState that the host reads back after a reload. */
interface SavedState {
  fileUri?: string;
}

export class Inspectors extends Disposable {
  private live?: InspectorPanel;
  private readonly files = new Set<InspectorPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly capture: Capture,
    private readonly registry: SessionRegistry,
  ) {
    super();
    this._register(
      vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state?: SavedState) => {
          if (state?.fileUri) await this.showFile(vscode.Uri.parse(state.fileUri), panel);
          else this.attachLive(panel);
        },
      }),
    );
  }

  /** The live panel, revealed, created if need be; a role (or its id) focuses it on that role. */
  open(target?: RoleInstance | string): InspectorPanel {
    const focus = typeof target === 'string' ? target : target?.id;
    if (this.live) {
      this.live.reveal(focus ?? undefined);
      return this.live;
    }
    const panel = vscode.window.createWebviewPanel(INSPECTOR_VIEW_TYPE, 'ZeroMQ Inspector', vscode.ViewColumn.Active, { enableScripts: true });
    return this.attachLive(panel, focus ?? null);
  }

  get panels(): InspectorPanel[] {
    return [...(this.live ? [this.live] : []), ...this.files];
  }

  override dispose(): void {
    for (const panel of this.panels) panel.dispose();
    super.dispose();
  }

  private attachLive(panel: vscode.WebviewPanel, focus: string | null = null): InspectorPanel {
    panel.title = 'ZeroMQ Inspector';
    const inspector = new InspectorPanel(panel, this.extensionUri, {
      capture: this.capture,
      labels: () => liveLabels(this.registry),
      onLabelsChanged: this.registry.onDidChange,
      exportCapture: () => exportCapture(this.capture),
      importCapture: () => this.importFile(),
      clear: () => this.capture.clear(),
    }, focus);
    this.live = inspector;
    inspector.onDidDispose(() => {
      if (this.live === inspector) this.live = undefined;
    });
    return inspector;
  }

  /** Opens a capture file (JSON Lines, pcap, pcapng) in a panel of its own; asks which when not given. */
  async importFile(uri?: vscode.Uri): Promise<InspectorPanel | undefined> {
    const target = uri ?? (await vscode.window.showOpenDialog({
      title: 'Open a ZeroMQ capture',
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { 'Captures': ['jsonl', 'pcap', 'pcapng'], 'All files': ['*'] },
    }))?.[0];
    if (!target) return undefined;
    return this.showFile(target);
  }

  private async showFile(uri: vscode.Uri, restored?: vscode.WebviewPanel): Promise<InspectorPanel | undefined> {
    const name = uri.path.split('/').pop() ?? uri.path;
    let capture: Capture;
    try {
      capture = Capture.of(parseAnyCapture(await vscode.workspace.fs.readFile(uri)), Math.max(captureCapacity(), 1));
    } catch (error) {
      const where = error instanceof CaptureError && error.line ? `, line ${error.line}` : '';
      const reason = error instanceof vscode.FileSystemError ? 'it cannot be read' : (error as Error).message;
      void vscode.window.showErrorMessage(`Cannot open ${name}${where} as a ZeroMQ capture: ${reason} Export one with "ZeroMQ: Export Capture…" or write one with zmq-sessions record.`);
      restored?.dispose();
      return undefined;
    }
    const panel = restored ?? vscode.window.createWebviewPanel(INSPECTOR_VIEW_TYPE, '', vscode.ViewColumn.Active, { enableScripts: true });
    panel.title = `ZeroMQ Inspector: ${name}`;
    const inspector = new InspectorPanel(panel, this.extensionUri, {
      capture,
      file: uri,
      labels: () => fileLabels(capture, name),
      exportCapture: () => exportCapture(capture),
      importCapture: () => this.importFile(),
      clear: () => capture.clear(),
    });
    this.files.add(inspector);
    inspector.onDidDispose(() => {
      this.files.delete(inspector);
      capture.dispose();
    });
    return inspector;
  }
}

function liveLabels(registry: SessionRegistry): SourceLabel[] {
  return registry.all.flatMap((session) => session.roles.map((role) => ({ source: role.id, session: session.label, label: role.spec.label })));
}

/** A file's sources are named by their ids (the --inspect-id they reported under). */
function fileLabels(capture: Capture, name: string): SourceLabel[] {
  return capture.analytics.report(0).sources.map(({ source }) => ({ source, session: name, label: source }));
}
