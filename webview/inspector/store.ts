// What the webview holds of the capture: its message rows (as many as the capture keeps), the rows
// the filter lets through, the sources' names, the status and the latest analytics.
import type { AnalyticsReport } from '../../src/shared/analytics';
import type { CaptureStatus, HostMessage, MessageRow, SourceLabel } from '../../src/shared/inspector-protocol';
import { compileFilter, MessageFilter, NO_FILTER, RowTest } from '../../src/shared/message-filter';

export type Change = 'rows' | 'reset' | 'report' | 'sources' | 'focus' | 'filter';

export class Store {
  rows: MessageRow[] = [];
  /** The rows the filter lets through, in order. */
  shown: MessageRow[] = [];
  readonly labels = new Map<string, SourceLabel>();
  status: CaptureStatus = { rows: 0, evicted: 0, droppedAtRoles: 0, sampledOut: 0 };
  report: AnalyticsReport | null = null;
  filter: MessageFilter = NO_FILTER;
  filterError: string | null = null;
  private test: RowTest = () => true;
  private readonly listeners = new Set<(change: Change) => void>();

  onChange(listener: (change: Change) => void): void {
    this.listeners.add(listener);
  }

  apply(message: HostMessage): void {
    switch (message.type) {
      case 'reset':
        this.rows = [];
        this.shown = [];
        this.labels.clear();
        this.setSources(message.sources);
        this.report = message.report;
        // The host's focus (a role's Inspect action) wins; else the filter stays as the user left it.
        if (message.focus !== null) this.setFilter({ ...this.filter, source: message.focus }, false);
        this.append(message.rows, message.status);
        this.emit('reset');
        return;
      case 'rows':
        this.append(message.rows, message.status);
        this.emit('rows');
        return;
      case 'report':
        this.report = message.report;
        this.emit('report');
        return;
      case 'sources':
        this.setSources(message.sources);
        this.emit('sources');
        return;
      case 'focus':
        this.focus(message.source);
        return;
    }
  }

  /** Shows one source's messages (null: all), from the host's Inspect action or an insight's link. */
  focus(source: string | null): void {
    this.setFilter({ ...this.filter, source: source ?? '' });
    this.emit('focus');
  }

  /** A new filter; an invalid one keeps the rows shown by the last valid one, and says why. */
  setFilter(filter: MessageFilter, notify = true): void {
    this.filter = filter;
    const compiled = compileFilter(filter, this.labels);
    if ('error' in compiled) {
      this.filterError = compiled.error;
    } else {
      this.filterError = null;
      this.test = compiled.test;
      this.shown = this.rows.filter(this.test);
    }
    if (notify) this.emit('filter');
  }

  /** The built-in role a source plays, once the analytics know it. */
  roleOf(source: string): string | null {
    return this.report?.sources.find((info) => info.source === source)?.role ?? null;
  }

  /** The role's name in its session, e.g. "worker 2", else its source id. */
  label(source: string): string {
    return this.labels.get(source)?.label ?? source;
  }

  private setSources(sources: SourceLabel[]): void {
    for (const label of sources) this.labels.set(label.source, label);
    // A session filter depends on the names: test the rows again.
    if (this.filter.session) this.setFilter(this.filter, false);
  }

  private append(rows: MessageRow[], status: CaptureStatus): void {
    this.status = status;
    for (const row of rows) {
      this.rows.push(row);
      if (this.test(row)) this.shown.push(row);
    }
    // Keep what the capture keeps: its ring buffer let the oldest go.
    const excess = this.rows.length - status.rows;
    if (excess > 0) {
      const oldest = this.rows[excess].id;
      this.rows.splice(0, excess);
      let cut = 0;
      while (cut < this.shown.length && this.shown[cut].id < oldest) cut++;
      if (cut) this.shown.splice(0, cut);
    }
  }

  private emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}
