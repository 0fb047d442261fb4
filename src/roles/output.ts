// Where a role's words go: the seed's human text by default, or with --json one RoleEvent per
// line that carries the same text as `output` events. Writes to pipes and terminals are
// synchronous on Linux, so a slow reader slows the role rather than growing a buffer. Text is
// gathered for up to FLUSH_MS or a few KiB: a progress dot per message at full speed was a system
// call per message, a quarter of a sink's time (and still one per 64 KiB task when gathered only
// until the next turn of the event loop, each task arriving in a turn of its own).
import { RoleEvent } from '../shared/role-events';
import { Telemetry } from './telemetry';

/** Text is held back at most this long, in ms and in characters. */
const FLUSH_MS = 50;
const MAX_PENDING = 4096;

export class Output {
  private pending = '';
  private flushing?: NodeJS.Timeout;

  constructor(
    private readonly json: boolean,
    private readonly quiet: boolean,
    private readonly telemetry?: Telemetry,
    /** Whether --json prints each message's event (--no-messages leaves them to the telemetry). */
    private readonly jsonMessages = true,
  ) {}

  /** Human text, verbatim; the caller supplies newlines (the seed's progress dots have none). */
  text(text: string): void {
    if (!this.json && this.quiet) return;
    this.pending += text;
    if (this.pending.length >= MAX_PENDING) this.flush();
    else this.flushing ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  line(text: string): void {
    this.text(`${text}\n`);
  }

  /** A machine-readable event: --json prints it and --inspect sends it (but for text, seen already). */
  event(event: RoleEvent, at?: number): void {
    const message = event.event === 'sent' || event.event === 'received';
    if (this.json && (this.jsonMessages || !message)) {
      this.flush();
      process.stdout.write(`${JSON.stringify(event)}\n`);
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

  /** Writes the text held back, so that what comes next (an event, stderr) keeps its order. */
  private flush(): void {
    clearTimeout(this.flushing);
    this.flushing = undefined;
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    process.stdout.write(this.json ? `${JSON.stringify({ event: 'output', text })}\n` : text);
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
