// Where a role's words go: the seed's human text by default, or with --json one RoleEvent per
// line that carries the same text as `output` events. Writes to pipes and terminals are
// synchronous on Linux, so a slow reader slows the role rather than growing a buffer.
import { RoleEvent } from '../shared/role-events';
import { Telemetry } from './telemetry';

export class Output {
  constructor(
    private readonly json: boolean,
    private readonly quiet: boolean,
    private readonly telemetry?: Telemetry,
    /** Whether --json prints each message's event (--no-messages leaves them to the telemetry). */
    private readonly jsonMessages = true,
  ) {}

  /** Human text, verbatim; the caller supplies newlines (the seed's progress dots have none). */
  text(text: string): void {
    if (this.json) this.event({ event: 'output', text });
    else if (!this.quiet) process.stdout.write(text);
  }

  line(text: string): void {
    this.text(`${text}\n`);
  }

  /** A machine-readable event: --json prints it and --inspect sends it (but for text, seen already). */
  event(event: RoleEvent, at?: number): void {
    const message = event.event === 'sent' || event.event === 'received';
    if (this.json && (this.jsonMessages || !message)) process.stdout.write(`${JSON.stringify(event)}\n`);
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
    await this.telemetry?.close();
  }

  warn(message: string): void {
    this.event({ event: 'warning', message });
    process.stderr.write(`Warning: ${message}\n`);
  }

  error(message: string, exitCode: number): void {
    this.event({ event: 'error', message, exitCode });
    process.stderr.write(`Error: ${message}\n`);
  }
}
