// The Sessions view's warning on the roles a diagnosis names: each role item carries a resource
// URI (roleUri), and this provider decorates it with a badge, the warning or error colour and the
// findings' summaries. The findings come from the capture's analytics, looked at once a second
// while roles run or events came, so that a REQ that becomes stuck is marked without a new event.
import * as vscode from 'vscode';
import { Capture } from '../collector/capture';
import type { Diagnosis } from '../shared/analytics';
import { Disposable } from './dispose';
import { SessionRegistry } from './sessions/registry';

const SCHEME = 'zeromq-role';
const INTERVAL_MS = 1000;

/** The URI that stands for a role instance in the Sessions view, for its decoration. */
export function roleUri(instanceId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/${encodeURIComponent(instanceId)}` });
}

export class DiagnosisDecorations extends Disposable implements vscode.FileDecorationProvider {
  private readonly changes = this._register(new vscode.EventEmitter<vscode.Uri[]>());
  readonly onDidChangeFileDecorations = this.changes.event;
  private findings = new Map<string, Diagnosis[]>();
  private dirty = true;

  constructor(
    private readonly capture: Capture,
    private readonly registry: SessionRegistry,
  ) {
    super();
    this._register(capture.onAdded(() => (this.dirty = true)));
    this._register(capture.onCleared(() => (this.dirty = true)));
    this._register(vscode.window.registerFileDecorationProvider(this));
    const timer = setInterval(() => this.refresh(), INTERVAL_MS);
    this._register({ dispose: () => clearInterval(timer) });
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== SCHEME) return undefined;
    const found = this.findings.get(decodeURIComponent(uri.path.slice(1)));
    if (!found?.length) return undefined;
    const error = found.some((d) => d.severity === 'error');
    const tooltip = found.map((d) => `${d.kind}: ${d.summary}`).join('\n');
    return new vscode.FileDecoration(String(Math.min(found.length, 9)), tooltip, new vscode.ThemeColor(error ? 'list.errorForeground' : 'list.warningForeground'));
  }

  private refresh(): void {
    if (!this.dirty && this.registry.liveRoles.length === 0) return;
    this.dirty = false;
    const next = new Map<string, Diagnosis[]>();
    for (const d of this.capture.analytics.report(Date.now()).diagnoses) {
      if (d.severity === 'info') continue;
      for (const source of d.sources) next.set(source, [...(next.get(source) ?? []), d]);
    }
    const changed = [...new Set([...next.keys(), ...this.findings.keys()])].filter((source) => summaries(next.get(source)) !== summaries(this.findings.get(source)));
    this.findings = next;
    if (changed.length) this.changes.fire(changed.map(roleUri));
  }
}

function summaries(found: Diagnosis[] | undefined): string {
  return (found ?? []).map((d) => d.summary).join('\n');
}
