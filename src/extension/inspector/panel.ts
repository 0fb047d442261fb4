// One inspector panel: a webview that shows a capture (the window's live one, or a file's). The
// host posts only after the webview's `ready`, and only while the panel is visible: a hidden panel
// drops its queue and gets a full `reset` when it shows again (no retainContextWhenHidden).
// New rows go out at most every ROWS_EVERY_MS, the analytics at most every REPORT_EVERY_MS.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { Capture } from '../../collector/capture';
import { inspectorHtml } from '../../shared/inspector-html';
import { CaptureStatus, HostMessage, MessageRow, messageRowOf, SourceLabel, WebviewMessage } from '../../shared/inspector-protocol';
import { CollectedEvent } from '../../shared/telemetry';
import { Disposable } from '../dispose';

const ROWS_EVERY_MS = 100;
const REPORT_EVERY_MS = 500;
/** Rows per postMessage, so that a reset of 100k rows does not block either side for long. */
const CHUNK = 10_000;

/** What a panel shows and what it can do with it. */
export interface InspectorFeed {
  capture: Capture;
  /** The names of the sources known now (their sessions and roles). */
  labels(): SourceLabel[];
  onLabelsChanged?: vscode.Event<unknown>;
  /** The capture file shown, if not the live capture. */
  file?: vscode.Uri;
  exportCapture(): Thenable<unknown>;
  /** Opens a capture file the user picks in a panel of its own. */
  importCapture(): Thenable<unknown>;
  clear(): void;
}

export class InspectorPanel extends Disposable {
  private readonly labels = new Map<string, SourceLabel>();
  private ready = false;
  private stale = false;
  private reportDirty = false;
  private queued: MessageRow[] = [];
  private flushTimer?: NodeJS.Timeout;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly feed: InspectorFeed,
    private focused: string | null = null,
  ) {
    super();
    const assets = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [assets] };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'zeromq.svg');
    panel.webview.html = inspectorHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(assets, 'inspector.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(assets, 'inspector-style.css')).toString(),
    });
    this.rememberLabels();
    const { capture } = feed;
    this._register(capture.onAdded((batch) => this.added(batch)));
    this._register(capture.onCleared(() => this.reset()));
    this._register(panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.received(message)));
    this._register(
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.reset();
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
    if (feed.onLabelsChanged) this._register(feed.onLabelsChanged(() => this.labelsChanged()));
    const reportTimer = setInterval(() => this.postReport(), REPORT_EVERY_MS);
    this._register({ dispose: () => clearInterval(reportTimer) });
    this._register({ dispose: () => clearTimeout(this.flushTimer) });
  }

  /** Shows the panel, filtered to one source's messages (null: all). */
  reveal(focus?: string | null): void {
    this.panel.reveal(undefined, false);
    if (focus === undefined) return;
    // Delivered now if the webview can take it, else with the next reset.
    if (this.ready && this.panel.visible) this.post({ type: 'focus', source: focus });
    else this.focused = focus;
  }

  get file(): vscode.Uri | undefined {
    return this.feed.file;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }

  private received(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.reset();
        break;
      case 'export':
        void this.feed.exportCapture();
        break;
      case 'import':
        void this.feed.importCapture();
        break;
      case 'clear':
        void this.confirmClear();
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text).then(() => vscode.window.setStatusBarMessage('Copied to the clipboard', 2000));
        break;
    }
  }

  /** A button is easy to hit by mistake: what would be forgotten is said first, and can be saved. */
  private async confirmClear(): Promise<void> {
    const { size } = this.feed.capture;
    if (size === 0) return;
    const choice = await vscode.window.showWarningMessage(
      `Clear the capture? Its ${size.toLocaleString('en-US')} events and the analytics over them are forgotten.`,
      { modal: true },
      'Clear',
      'Export First…',
    );
    // An export cancelled in its save dialog keeps the capture.
    if (choice === 'Export First…' && !(await this.feed.exportCapture())) return;
    if (choice) this.feed.clear();
  }

  private added({ events, firstId }: { events: CollectedEvent[]; firstId: number }): void {
    this.reportDirty = true;
    if (!this.ready || !this.panel.visible) {
      this.stale = true;
      return;
    }
    this.queued.push(...rowsOf(events, firstId));
    this.flushTimer ??= setTimeout(() => this.flush(), ROWS_EVERY_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const rows = this.queued.splice(0);
    for (let start = 0; start < rows.length; start += CHUNK) this.post({ type: 'rows', rows: rows.slice(start, start + CHUNK), status: this.status() });
  }

  /** Everything again: on ready, after a clear, when shown after being hidden. */
  private reset(): void {
    if (!this.ready || !this.panel.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.reportDirty = false;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.queued = [];
    const { events, firstId } = this.feed.capture.kept();
    const rows = rowsOf(events, firstId);
    this.rememberLabels();
    this.post({
      type: 'reset',
      rows: rows.slice(0, CHUNK),
      sources: [...this.labels.values()],
      status: this.status(),
      report: this.feed.capture.analytics.report(Date.now()),
      focus: this.focused,
    });
    // Given once: a later reset (a clear, the panel shown again) keeps the filter the user chose.
    this.focused = null;
    for (let start = CHUNK; start < rows.length; start += CHUNK) this.post({ type: 'rows', rows: rows.slice(start, start + CHUNK), status: this.status() });
  }

  private postReport(): void {
    // A live capture's ages (outstanding requests, running batches) move on even without events.
    const live = !this.feed.file;
    if (!this.ready || !this.panel.visible || !(this.reportDirty || live)) return;
    this.reportDirty = false;
    const { capture } = this.feed;
    const last = this.feed.file ? capture.kept().events.reduce((latest, event) => Math.max(latest, event.t), 0) : Date.now();
    this.post({ type: 'report', report: capture.analytics.report(last) });
  }

  private labelsChanged(): void {
    if (this.rememberLabels()) this.post({ type: 'sources', sources: [...this.labels.values()] });
  }

  /** Keeps the names of sources that have gone (a removed session's rows still need them). */
  private rememberLabels(): boolean {
    let changed = false;
    for (const label of this.feed.labels()) {
      const known = this.labels.get(label.source);
      if (known?.session === label.session && known.label === label.label) continue;
      this.labels.set(label.source, label);
      changed = true;
    }
    return changed;
  }

  private status(): CaptureStatus {
    const { capture, file } = this.feed;
    return { rows: capture.messages, ...capture.lost, ...(file ? { file: vscode.workspace.asRelativePath(file), fileUri: file.toString() } : {}) };
  }

  private post(message: HostMessage): void {
    if (this.ready && this.panel.visible) void this.panel.webview.postMessage(message);
  }
}

function rowsOf(events: CollectedEvent[], firstId: number): MessageRow[] {
  const rows: MessageRow[] = [];
  events.forEach((event, index) => {
    const row = messageRowOf(event, firstId + index);
    if (row) rows.push(row);
  });
  return rows;
}
