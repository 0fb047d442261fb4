// Where a role's words go: the seed's human text by default, or with --json one RoleEvent per
// line that carries the same text as `output` events. Writes to pipes and terminals are
// synchronous on Linux, so a slow reader slows the role rather than growing a buffer. What goes
// to stdout in one turn of the event loop is written at its end, in one write: a progress dot or
// an event per message at full speed was a system call each, a quarter of a sink's time. Later
// than that, and what a role printed before its reply could reach a reader after the reply.
// Progress marks alone wait up to PROGRESS_MS: a worker's dot per task still cost a write per
// task or two, 14% of its CPU time (docs/performance.md).
import { RoleEvent } from '../shared/role-events';
import { Telemetry } from './telemetry';

/** Past this many characters, what is held back is written at once. */
const MAX_PENDING = 4096;
/** How long progress marks may wait for company, in ms. */
const PROGRESS_MS = 50;

export class Output {
  /** Written as it is at the next flush. */
  private pending = '';
  /** With --json, text not yet made into an `output` event: consecutive text shares one. */
  private pendingText = '';
  private flushing?: NodeJS.Immediate;
  private progressTimer?: NodeJS.Timeout;

  constructor(
    private readonly json: boolean,
    private readonly quiet: boolean,
    private readonly telemetry?: Telemetry,
    /** Whether --json prints each message's event (--no-messages leaves them to the telemetry). */
    private readonly jsonMessages = true,
  ) {}

  /** Human text, verbatim; the caller supplies newlines (the seed's progress dots have none). */
  text(text: string): void {
    this.hold(text);
    this.schedule();
  }

  /** Text that marks progress (a dot per task): written with the next text, or within PROGRESS_MS. */
  progress(text: string): void {
    this.hold(text);
    if (this.pending.length + this.pendingText.length >= MAX_PENDING) this.flush();
    else this.progressTimer ??= setTimeout(() => this.flush(), PROGRESS_MS);
  }

  line(text: string): void {
    this.text(`${text}\n`);
  }

  /** A machine-readable event: --json prints it and --inspect sends it (but for text, seen already). */
  event(event: RoleEvent, at?: number): void {
    const message = event.event === 'sent' || event.event === 'received';
    if (this.json && (this.jsonMessages || !message)) {
      this.wrapText();
      this.pending += `${JSON.stringify(event)}\n`;
      this.schedule();
    }
    if (this.telemetry && event.event !== 'output') this.telemetry.emit(event, at);
  }

  get wantsEvents(): boolean {
    return this.json || this.telemetry !== undefined;
  }

  get wantsMessages(): boolean {
    return (this.json && this.jsonMessages) || this.telemetry !== undefined;
  }

  /** Lets the last events reach the collector. */
  async close(): Promise<void> {
    this.flush();
    await this.telemetry?.close();
  }

  /** Writes what is held back, so that what comes next (stderr, exit) keeps its order. */
  private flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    clearTimeout(this.progressTimer);
    this.flushing = undefined;
    this.progressTimer = undefined;
    this.wrapText();
    if (!this.pending) return;
    process.stdout.write(this.pending);
    this.pending = '';
  }

  private schedule(): void {
    if (this.pending.length + this.pendingText.length >= MAX_PENDING) this.flush();
    else if (this.pending || this.pendingText) this.flushing ??= setImmediate(() => this.flush());
  }

  private hold(text: string): void {
    if (this.quiet) return;
    if (this.json) this.pendingText += text;
    else this.pending += text;
  }

  private wrapText(): void {
    if (!this.pendingText) return;
    this.pending += `${JSON.stringify({ event: 'output', text: this.pendingText })}\n`;
    this.pendingText = '';
  }

  warn(message: string): void {
    this.event({ event: 'warning', message });
    this.flush();
    process.stderr.write(`Warning: ${message}\n`);
  }

  error(message: string, exitCode: number): void {
    this.event({ event: 'error', message, exitCode });
    this.flush();
    process.stderr.write(`Error: ${message}\n`);
  }
}
