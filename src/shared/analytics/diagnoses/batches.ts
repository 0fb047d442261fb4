// Diagnoses of pipeline batches, from the pipeline analytics and the workers' connect times:
// - unbalanced-push: a batch went mostly to the workers connected while it was sent, while others
//   joined after, while enough of it was not started to give them a share: a PUSH deals tasks out
//   as it sends them, to the peers it has then (and waits for the first one when it has none: with
//   --no-wait that one gets them all);
// - idle-worker: a worker there while the batch was sent, or joined while there was work to share,
//   that took none of its tasks;
// - late-start-signal: a sink that got results before its batch's "0": its clock started late.
import type { AnalyticsReport } from '../report';
import type { BatchReport, PipelineInfo } from '../pipeline-report';
import { RingBuffer } from '../../ring-buffer';
import { CollectedEvent } from '../types';
import { Diagnosis, DiagnosisOptions, Figure } from './types';

/** Late starts remembered per sink. */
const LATE_STARTS_KEPT = 10;

interface Sink {
  open: number;
  lastSeq: number;
  early: number;
  firstEarlyT?: number;
  late: RingBuffer<{ batch: number; results: number; firstT: number; startT: number }>;
}

type Report = Omit<AnalyticsReport, 'diagnoses'>;

export class BatchWatch {
  /** When each worker's task socket connected (its first handshake, else connect). */
  private readonly joined = new Map<string, { handshake?: number; connect?: number }>();
  private readonly sinks = new Map<string, Sink>();

  add(event: CollectedEvent, role: string | undefined): void {
    if (event.event === 'ready') {
      if (event.role === 'worker') this.joined.delete(event.source);
      if (event.role === 'sink') this.sinks.delete(event.source);
    }
    if (role === 'worker' && event.event === 'socket' && event.socket === 'pull' && (event.type === 'handshake' || event.type === 'connect')) {
      const times = this.joined.get(event.source) ?? {};
      this.joined.set(event.source, times);
      times[event.type] ??= event.t;
    }
    if (role === 'sink') this.addSink(event);
  }

  forget(source: string): void {
    this.joined.delete(source);
    this.sinks.delete(source);
  }

  find(report: Report, options: Required<DiagnosisOptions>): Diagnosis[] {
    const found: Diagnosis[] = [];
    for (const batch of report.pipeline.batches) {
      const pipeline = report.pipeline.pipelines.find((p) => p.ventilator === batch.ventilator);
      if (pipeline) found.push(...this.split(report, batch, pipeline, options));
    }
    for (const [source, sink] of this.sinks) sink.late.forEach((late) => found.push(lateStart(source, late)));
    return found;
  }

  private addSink(event: CollectedEvent): void {
    const sink = this.sinks.get(event.source) ?? { open: 0, lastSeq: 0, early: 0, late: new RingBuffer(LATE_STARTS_KEPT) };
    this.sinks.set(event.source, sink);
    if (event.event === 'received' && event.socket === 'pull') {
      const w = Math.max(1, event.seq - sink.lastSeq);
      sink.lastSeq = event.seq;
      const [frame] = event.frames;
      if (event.frames.length === 1 && frame.size === 1 && frame.text === '0') return;
      if (sink.open > 0) return;
      sink.early += w;
      sink.firstEarlyT ??= event.t;
    } else if (event.event === 'batch-start') {
      if (sink.early > 0) sink.late.push({ batch: event.batch, results: sink.early, firstT: sink.firstEarlyT!, startT: event.t });
      sink.early = 0;
      sink.firstEarlyT = undefined;
      sink.open++;
    } else if (event.event === 'batch-done') sink.open = Math.max(0, sink.open - 1);
  }

  /** unbalanced-push and idle-worker for one batch. */
  private split(report: Report, batch: BatchReport, pipeline: PipelineInfo, options: Required<DiagnosisOptions>): Diagnosis[] {
    const taken = batch.workers.reduce((sum, w) => sum + w.tasks, 0);
    if (taken < options.batchMinTasks) return [];
    const end = batch.doneAt ?? report.now;
    const tasksOf = (worker: string) => batch.workers.find((w) => w.worker === worker)?.tasks ?? 0;
    // Tasks no worker had started by time t: what a fair dealer could still have given a newcomer.
    const scale = taken / Math.max(1, batch.taskDetails.length);
    const notStarted = (t: number) => batch.taskDetails.filter((task) => task.start > t).length * scale;
    const present = pipeline.workers
      .map((worker) => ({ worker, joinedAt: this.joinedAt(report, worker), endT: report.sources.find((s) => s.source === worker)?.endT ?? null }))
      .filter((w): w is { worker: string; joinedAt: number; endT: number | null } => w.joinedAt !== undefined && w.joinedAt < end && (w.endT === null || w.endT > end));
    // Until it is all sent, a worker that connects still gets its turn.
    const sentAt = batch.sentAt ?? end;
    const early = present.filter((w) => w.joinedAt <= sentAt);
    // A worker that came when little work was left could not have had much of it anyway.
    const late = present.filter((w) => w.joinedAt > sentAt && notStarted(w.joinedAt) >= present.length);
    const involved = [...early, ...late];
    const found: Diagnosis[] = [];
    const lateTasks = late.reduce((sum, w) => sum + tasksOf(w.worker), 0);
    const fairShare = late.reduce((sum, w) => sum + notStarted(w.joinedAt), 0) / Math.max(1, involved.length);
    // Times are from the batch's start.
    const figures: Figure[] = involved.flatMap((w) => [
      { name: `${w.worker} tasks`, value: tasksOf(w.worker) },
      { name: `${w.worker} joined after`, value: Math.round(w.joinedAt - batch.startedAt), unit: 'ms' },
    ]);
    const timing: Figure[] = [
      { name: 'all sent after', value: Math.round(sentAt - batch.startedAt), unit: 'ms' },
      { name: 'elapsed', value: batch.elapsedMs === null ? '—' : Math.round(batch.elapsedMs), unit: 'ms' },
      { name: 'expected cost', value: batch.expectedCostMs === null ? '—' : Math.round(batch.expectedCostMs), unit: 'ms' },
      { name: `ideal for ${involved.length} workers`, value: batch.expectedCostMs === null ? '—' : Math.round(batch.expectedCostMs / Math.max(1, involved.length)), unit: 'ms' },
    ];
    if (batch.sentAt !== null && early.length && late.length && lateTasks < fairShare / 2) {
      found.push({
        kind: 'unbalanced-push',
        severity: 'warning',
        sources: [batch.ventilator, ...involved.map((w) => w.worker)],
        summary: `Batch ${batch.batch} of ${batch.ventilator} gave ${taken - lateTasks} of ${taken} tasks to the ${early.length} worker${early.length === 1 ? '' : 's'} connected while it was sent; the ${late.length} that joined after got ${lateTasks}.`,
        evidence: [...figures, ...timing],
        advice: 'A PUSH deals its tasks out as it sends them, to the workers connected at that moment: start the batch after every worker has connected (the ventilator waits for Enter; the run command waits for the workers\' handshakes), or let workers ask for work with ROUTER and DEALER (zguide, Chapter 1, "Divide and Conquer", and Chapter 3, "The Load Balancing Pattern").',
        panel: 'pipeline',
        at: batch.startedAt,
      });
    }
    const minTasks = Math.max(options.batchMinTasks, 2 * involved.length);
    if (taken < minTasks) return found;
    for (const idle of involved.filter((w) => tasksOf(w.worker) === 0)) {
      found.push({
        kind: 'idle-worker',
        severity: 'info',
        sources: [idle.worker, batch.ventilator],
        summary: `${idle.worker} took none of the ${taken} tasks of batch ${batch.batch} of ${batch.ventilator}, though it ${idle.joinedAt <= batch.startedAt ? 'was there when the batch started' : `joined ${Math.round(idle.joinedAt - batch.startedAt)} ms into it, with ${Math.round(notStarted(idle.joinedAt))} tasks not yet started`}.`,
        evidence: [{ name: `${idle.worker} tasks`, value: 0 }, { name: 'batch tasks', value: taken }, ...figures.filter((f) => !f.name.startsWith(`${idle.worker} `))],
        advice: 'The tasks had been dealt out to the other workers before this one connected: a PUSH queues each task for a worker as it sends it. Start the batch once every worker is connected, or use the load-balancing pattern so that idle workers ask for work (zguide, Chapter 1, "Divide and Conquer", and Chapter 3, "The Load Balancing Pattern").',
        panel: 'pipeline',
        at: batch.startedAt,
      });
    }
    return found;
  }

  private joinedAt(report: Report, worker: string): number | undefined {
    const times = this.joined.get(worker);
    return times?.handshake ?? times?.connect ?? report.sources.find((s) => s.source === worker)?.readyT ?? undefined;
  }
}

function lateStart(source: string, late: { batch: number; results: number; firstT: number; startT: number }): Diagnosis {
  const early = Math.round(late.startT - late.firstT);
  return {
    kind: 'late-start-signal',
    severity: 'warning',
    sources: [source],
    summary: `${source} got ${late.results} result${late.results === 1 ? '' : 's'} before batch ${late.batch}'s "0", the first ${early} ms before it: its elapsed time starts late and comes out short.`,
    evidence: [
      { name: 'results before the "0"', value: late.results },
      { name: 'first result before it', value: early, unit: 'ms' },
      { name: 'batch', value: late.batch },
    ],
    advice: 'The ventilator\'s "0" must reach the sink before the first result: start the sink first, and start the batch only once the ventilator\'s connection to the sink is up (the run command waits for that handshake) (zguide, Chapter 1, "Divide and Conquer").',
    panel: 'pipeline',
    at: late.firstT,
  };
}
