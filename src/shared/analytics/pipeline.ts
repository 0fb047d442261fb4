// Pipeline: what the ventilators, workers and sinks report, kept per source in bounded form, and
// the rules that join them. The per-batch figures are computed by pipeline-report.ts.
//
// - A pipeline is a ventilator with the workers connected to an endpoint it bound (its 'push') and
//   the sinks bound at the endpoint it connected to (its 'sink'): several can run side by side.
// - A worker's task starts with a `received` on 'pull' (the workload in frames[0]) and ends with the
//   `sent` on 'push' of the same number (the worker does one task at a time); the task belongs to
//   the batch of its ventilator that started last before it (within CLOCK_SKEW_MS).
// - The sink gives each result to its oldest batch not done, as the sink role does; a sink batch is
//   the ventilator batch whose start it follows, before the next one starts.
// - A worker killed while it held a task (its launcher's `exit` came, no `done`) lost it: the task is
//   listed as lost. Tasks still queued in its socket cannot be told apart from those queued in the
//   others': a batch counts the tasks its ventilator sent that no worker took.
// - Sampled message events: each reported one stands for itself and the ones sampled out just
//   before it (its seq minus the previous seq seen), and counts are scaled by that weight.
import { reaches, SourceInfo, SourceRegistry } from './sources';
import { RingBuffer } from '../ring-buffer';
import { CollectedEvent } from './types';

/** Batches kept per ventilator and per sink. */
export const BATCHES_KEPT = 100;
/** Tasks kept in detail per worker; older ones are folded into their batch's totals. */
export const TASKS_KEPT = 4096;
/** Times of different processes may disagree by this much. */
export const CLOCK_SKEW_MS = 1;

export interface VentBatch {
  /** Unique over restarts of the ventilator: its source and start time. */
  key: string;
  batch: number;
  startT: number;
  tasks?: number;
  sentT?: number;
  expectedCostMs?: number;
  /** From the ventilator's sent events on 'push' (weighted). */
  sentTasks: number;
  sentCostMs: number;
  sampled: boolean;
}

export interface Vent {
  batches: VentBatch[];
  lastPushSeq: number;
  waiting?: number;
}

export interface Task {
  /** The seq of the result that ends it on 'push'. */
  resultSeq: number;
  start: number;
  workload?: number;
  end?: number;
  /** Tasks it stands for (1 unless the ones before it were sampled out). */
  w: number;
  /** Its end was sampled out. */
  endLost: boolean;
  /** Its worker was killed while it held it: no result will come. */
  lost?: boolean;
}

export interface Worker {
  tasks: RingBuffer<Task>;
  open?: Task;
  lastSeq: number;
  invalid: number;
}

export interface SinkBatch {
  batch: number;
  startT: number;
  results: number;
  lastResultT?: number;
  doneT?: number;
  elapsedMs?: number;
  reported?: number;
  sampled: boolean;
}

export interface Sink {
  batches: SinkBatch[];
  open: SinkBatch[];
  lastSeq: number;
  /** Results read while no batch was open; like the sink, the next batch to start counts them. */
  stray: number;
}

/** Totals of the tasks folded out of a worker's ring, per batch. */
export interface Folded {
  tasks: number;
  busyMs: number;
  waitMs: number;
  estimated: boolean;
}

export class PipelineAnalytics {
  readonly vents = new Map<string, Vent>();
  readonly workers = new Map<string, Worker>();
  readonly sinks = new Map<string, Sink>();
  /** Folded totals by batch key, then worker. */
  readonly folded = new Map<string, Map<string, Folded>>();
  /** Tasks that left a worker's ring before any batch of its ventilators was known. */
  unassignedFolded = 0;

  constructor(readonly registry: SourceRegistry) {}

  add(event: CollectedEvent, info: SourceInfo): void {
    if (info.role === 'ventilator') this.addVent(event);
    else if (info.role === 'worker') this.addWorker(event);
    else if (info.role === 'sink') this.addSink(event);
  }

  forget(source: string): void {
    this.vents.get(source)?.batches.forEach((batch) => this.folded.delete(batch.key));
    for (const map of [this.vents, this.workers, this.sinks, ...this.folded.values()]) map.delete(source);
  }

  /** The ventilators a worker is connected to. */
  ventsOf(worker: string): string[] {
    const connected = this.registry.get(worker)?.connected ?? [];
    return [...this.vents.keys()].filter((vent) => reaches(connected, this.registry.get(vent)?.bound ?? []));
  }

  /** The ventilator batch a task of this worker belongs to. */
  assign(worker: string, start: number, vents = this.ventsOf(worker)): { vent: string; batch: VentBatch } | undefined {
    let best: { vent: string; batch: VentBatch } | undefined;
    for (const vent of vents) {
      const state = this.vents.get(vent)!;
      for (let i = state.batches.length - 1; i >= 0; i--) {
        const batch = state.batches[i];
        if (batch.startT - CLOCK_SKEW_MS > start) continue;
        if (!best || batch.startT > best.batch.startT) best = { vent, batch };
        break;
      }
    }
    return best;
  }

  private addVent(event: CollectedEvent): void {
    if (event.event === 'ready' || !this.vents.has(event.source)) this.vents.set(event.source, { batches: this.vents.get(event.source)?.batches ?? [], lastPushSeq: 0 });
    const vent = this.vents.get(event.source)!;
    const current = vent.batches[vent.batches.length - 1];
    if (event.event === 'waiting') vent.waiting = event.batch;
    else if (event.event === 'batch-start') {
      vent.waiting = undefined;
      vent.batches.push({ key: `${event.source}\u0000${event.t}`, batch: event.batch, startT: event.t, tasks: event.tasks, sentTasks: 0, sentCostMs: 0, sampled: false });
      for (const dropped of vent.batches.splice(0, Math.max(0, vent.batches.length - BATCHES_KEPT))) this.folded.delete(dropped.key);
    } else if (event.event === 'sent' && event.socket === 'push') {
      const w = Math.max(1, event.seq - vent.lastPushSeq);
      vent.lastPushSeq = event.seq;
      const workload = parseWorkload(event.frames[0]?.text);
      if (!current || workload === undefined) return;
      current.sentTasks += w;
      current.sentCostMs += workload * w;
      current.sampled ||= w > 1;
    } else if (event.event === 'batch-sent') {
      const batch = [...vent.batches].reverse().find((b) => b.batch === event.batch);
      if (batch) Object.assign(batch, { sentT: event.t, tasks: event.tasks, expectedCostMs: event.expectedCostMs });
    }
  }

  private addWorker(event: CollectedEvent): void {
    if (event.event === 'ready' || !this.workers.has(event.source)) {
      this.workers.set(event.source, { tasks: this.workers.get(event.source)?.tasks ?? new RingBuffer(TASKS_KEPT), lastSeq: 0, invalid: 0 });
    }
    const worker = this.workers.get(event.source)!;
    if (event.event === 'received' && event.socket === 'pull') {
      const w = Math.max(1, event.seq - worker.lastSeq);
      worker.lastSeq = event.seq;
      const workload = parseWorkload(event.frames[0]?.text);
      if (workload === undefined) {
        worker.invalid++;
        return;
      }
      if (worker.open) worker.open.endLost = true;
      worker.open = { resultSeq: event.seq - worker.invalid, start: event.t, workload, w, endLost: false };
      const evicted = worker.tasks.push(worker.open);
      if (evicted) this.fold(event.source, evicted);
    } else if (event.event === 'sent' && event.socket === 'push') {
      if (worker.open?.resultSeq === event.seq) worker.open.end = event.t;
      else if (worker.open) worker.open.endLost = true;
      worker.open = undefined;
    } else if (event.event === 'counters') {
      const received = event.received.pull ?? 0;
      // Tasks received after the last one reported were all sampled out: the last one stands for them.
      if (received > worker.lastSeq && worker.tasks.size > 0) {
        worker.tasks.last()!.w += received - worker.lastSeq;
        worker.lastSeq = received;
      }
      if (worker.open && (event.sent.push ?? 0) >= worker.open.resultSeq) {
        // Its result went out, but the event was sampled out.
        worker.open.endLost = true;
        worker.open = undefined;
      }
    } else if ((event.event === 'done' || event.event === 'error') && worker.open) {
      worker.open.endLost = true;
      worker.open = undefined;
    } else if (event.event === 'exit' && worker.open) {
      worker.open.lost = true;
      worker.open = undefined;
    }
  }

  private addSink(event: CollectedEvent): void {
    if (event.event === 'ready' || !this.sinks.has(event.source)) {
      this.sinks.set(event.source, { batches: this.sinks.get(event.source)?.batches ?? [], open: [], lastSeq: 0, stray: 0 });
    }
    const sink = this.sinks.get(event.source)!;
    if (event.event === 'received' && event.socket === 'pull') {
      const w = Math.max(1, event.seq - sink.lastSeq);
      sink.lastSeq = event.seq;
      const [frame] = event.frames;
      if (event.frames.length === 1 && frame.size === 1 && frame.text === '0') return; // a batch's start signal
      const batch = sink.open[0];
      if (!batch) sink.stray += w;
      else Object.assign(batch, { results: batch.results + w, lastResultT: event.t, sampled: batch.sampled || w > 1 });
    } else if (event.event === 'batch-start') {
      const batch: SinkBatch = { batch: event.batch, startT: event.t, results: sink.stray, sampled: false };
      sink.stray = 0;
      sink.batches.push(batch);
      sink.open.push(batch);
      sink.batches.splice(0, Math.max(0, sink.batches.length - BATCHES_KEPT));
      sink.open.splice(0, Math.max(0, sink.open.length - BATCHES_KEPT));
    } else if (event.event === 'batch-done') {
      const index = Math.max(0, sink.open.findIndex((b) => b.batch === event.batch));
      const [batch] = sink.open.splice(index, 1);
      if (batch) Object.assign(batch, { doneT: event.t, elapsedMs: event.elapsedMs, reported: event.results });
    }
  }

  /** Adds a task that leaves a worker's ring to its batch's totals. */
  private fold(worker: string, task: Task): void {
    const home = this.assign(worker, task.start);
    if (!home) return void (this.unassignedFolded += task.w);
    const byWorker = this.folded.get(home.batch.key) ?? new Map<string, Folded>();
    this.folded.set(home.batch.key, byWorker);
    const totals = byWorker.get(worker) ?? { tasks: 0, busyMs: 0, waitMs: 0, estimated: false };
    byWorker.set(worker, totals);
    const processing = task.end !== undefined ? task.end - task.start : task.workload ?? 0;
    totals.tasks += task.w;
    totals.busyMs += processing * task.w;
    totals.waitMs += (task.start - home.batch.startT) * task.w;
    totals.estimated ||= task.w > 1 || task.end === undefined;
  }
}

function parseWorkload(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}
