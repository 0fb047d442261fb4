// The relay of `zmq-sessions trace`: the tracers inside the traced processes send it raw facts over
// a private ipc socket; it turns them into role events and forwards them to the collector, each
// process as a source of its own, with the collector's token.
//
// Why a relay rather than tracers that report to the collector themselves: the rule that makes a
// program's sockets a role, names them and derives its pattern events lives once, in TypeScript
// (src/shared/user-programs.ts), for traced and wire-captured programs alike; the tracers stay a
// few wrappers and a queue, the same for every language; the token never enters the traced
// program's environment; and the relay, as the program's parent, knows how it ended even when it
// could not say so (killed). The program still never waits on it: its tracer sends without
// blocking and counts what the relay could not take, and the relay forwards through Telemetry,
// whose queue is bounded and which never waits on the collector either.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { RoleEvent } from '../../shared/role-events';
import { parseTraceBatch, TraceBatch } from '../../shared/trace-facts';
import { Telemetry } from '../telemetry';
import { TracedProgram } from './program';

/** At the program's exit, how long the relay waits for its last batches: until QUIET_MS without one, at most DRAIN_MS. */
const QUIET_MS = 50;
const DRAIN_MS = 500;
/** Traced processes reported at once; a program that starts more has the rest left out. */
const MAX_PROGRAMS = 64;

interface Traced {
  program: TracedProgram;
  telemetry: Telemetry;
  /** Facts its tracer had dropped, as last reported. */
  dropped: number;
}

export interface RelayOptions {
  /** The collector's endpoint and token. */
  inspect: string;
  collectorToken?: string;
  /** How a process reports: its --inspect-id (the traced program itself) or NAME-PID. */
  sourceOf: (pid: number) => string;
}

export class Relay {
  readonly endpoint: string;
  /** Given to the tracers in their environment: the relay takes only batches that carry it. */
  readonly token = randomBytes(16).toString('hex');
  private readonly folder = mkdtempSync(path.join(tmpdir(), 'zmq-sessions-trace-'));
  private readonly socket = new zmq.Pull({ linger: 0 });
  private readonly traced = new Map<number, Traced>();
  private readonly receiving: Promise<void>;
  /** Messages that were not batches of a tracer with the token. */
  rejected = 0;
  private lastBatchAt = performance.now();

  constructor(private readonly options: RelayOptions) {
    this.endpoint = `ipc://${this.folder}/relay`;
    this.receiving = this.socket.bind(this.endpoint).then(() => this.receive());
  }

  /** How the traced program (pid) ended, as its parent saw it: added when its tracer could not say so. */
  async close(root: { pid?: number; code: number | null; signal: NodeJS.Signals | null }): Promise<void> {
    // The tracer's last batch (counters, exit), sent as the program exits, may still be queued.
    const deadline = performance.now() + DRAIN_MS;
    do await new Promise((resolve) => setTimeout(resolve, 10));
    while (performance.now() < deadline && performance.now() - this.lastBatchAt < QUIET_MS);
    this.socket.close();
    await this.receiving.catch(() => undefined);
    const t = performance.timeOrigin + performance.now();
    // Those still here did not say they exit: the program itself as its parent saw it end, the
    // processes it started (whose end the relay cannot see) as finished.
    for (const [pid, { program }] of this.traced) program.end(t, pid === root.pid ? root : undefined);
    await Promise.all([...this.traced.values()].map(({ telemetry }) => telemetry.close()));
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async receive(): Promise<void> {
    try {
      for await (const [message] of this.socket) {
        this.lastBatchAt = performance.now();
        const batch = parseTraceBatch(message.toString());
        if (!batch || !this.accepts(batch.token)) this.rejected++;
        else this.take(batch);
      }
    } catch {
      // Closed: the traced program has ended.
    }
  }

  private accepts(token: string): boolean {
    const [given, expected] = [Buffer.from(token), Buffer.from(this.token)];
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private take(batch: TraceBatch): void {
    let traced = this.traced.get(batch.pid);
    if (!traced) {
      if (this.traced.size >= MAX_PROGRAMS) return;
      const telemetry = new Telemetry(this.options.inspect, this.options.sourceOf(batch.pid), this.options.collectorToken);
      // Events carry the tracer's own times (ms since the epoch): Telemetry stamps performance.now()'s.
      const emit = ({ t, ...event }: RoleEvent & { t: number }) => telemetry.emit(event as RoleEvent, t - performance.timeOrigin);
      traced = { program: new TracedProgram(batch.pid, emit), telemetry, dropped: 0 };
      this.traced.set(batch.pid, traced);
    }
    if (batch.dropped > traced.dropped) {
      const lost = batch.dropped - traced.dropped;
      traced.dropped = batch.dropped;
      traced.telemetry.emit({ event: 'warning', message: `The tracer left out ${lost} events: the relay could not keep up. The message counters stay exact.` });
    }
    for (const fact of batch.facts) traced.program.take(fact);
  }
}
