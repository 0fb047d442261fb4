// Pipeline figures per batch, computed at report time from what PipelineAnalytics keeps, so that
// events arriving late from any source count wherever they belong.
//
//   expectedCostMs  the ventilator's batch-sent figure (the sum of the workloads), else the sum of
//                   the workloads it was seen sending, else of those the workers were seen receiving
//   elapsedMs       the sink's batch-done figure; while running, now (or the sink's end) - its batch-start
//   workers         those that took tasks in the batch, and those connected and ready at its start
//                   that took none; busyMs = sum of their tasks' processing (receive to result)
//   idealMs = expectedCostMs / workers, speedUp = expectedCostMs / elapsedMs,
//   efficiency = speedUp / workers (as expectedCostMs / (elapsedMs * workers)), utilization = busyMs / elapsedMs
import { CLOCK_SKEW_MS, Folded, PipelineAnalytics, SinkBatch, Task, VentBatch } from './pipeline';
import { reaches } from './sources';

/** Tasks listed in detail per batch (the totals count them all). */
export const TASKS_LISTED = 500;

export interface TaskReport {
  worker: string;
  workload: number | null;
  /** The worker's receive and result times (ms since the epoch). */
  start: number;
  end: number | null;
  processingMs: number | null;
  /** The worker's receive time - the ventilator's batch-start time. */
  waitMs: number;
  running: boolean;
  /** Present, true, when its worker was killed while it held it: its result will never come. */
  lost?: true;
}

export interface WorkerBatchReport {
  worker: string;
  tasks: number;
  busyMs: number;
  utilization: number | null;
  meanWaitMs: number | null;
  meanProcessingMs: number | null;
}

export interface BatchReport {
  ventilator: string;
  sink: string | null;
  batch: number;
  state: 'sending' | 'running' | 'done';
  startedAt: number;
  sentAt: number | null;
  doneAt: number | null;
  tasks: number | null;
  expectedCostMs: number | null;
  expectedCostFrom: 'batch-sent' | 'ventilator' | 'workers' | null;
  elapsedMs: number | null;
  /** From the sink's batch-start to its last result. */
  computedElapsedMs: number | null;
  results: number;
  /** results / tasks, 0 to 1. */
  progress: number | null;
  workers: WorkerBatchReport[];
  idealMs: number | null;
  speedUp: number | null;
  efficiency: number | null;
  taskDetails: TaskReport[];
  /** Tasks counted in the totals but not in taskDetails (over TASKS_LISTED, folded, or sampled out). */
  tasksNotListed: number;
  /** Some figures are scaled over sampled-out message events, or a task's end was sampled out. */
  estimated: boolean;
  /** Tasks lost with a worker killed while it held them (in taskDetails with lost: true). */
  lostTasks: number;
  /**
   * Tasks the ventilator sent that no worker took: queued in the workers' sockets while the batch
   * runs; once the live workers are idle, those that went with a killed worker. Null before the
   * batch is sent.
   */
  notTaken: number | null;
}

export interface PipelineInfo {
  ventilator: string;
  bound: string[];
  sinks: string[];
  workers: string[];
  waitingForEnter: number | null;
}

export interface PipelineReport {
  pipelines: PipelineInfo[];
  /** Every kept batch of every pipeline, by start time. */
  batches: BatchReport[];
  /** Worker tasks before any batch of their ventilators. */
  unassignedTasks: number;
  /** Sink results before any batch start. */
  strayResults: number;
}

/** A batch's tasks still kept in detail, by worker. */
type Placed = Map<string, Task[]>;

export function buildPipelineReport(p: PipelineAnalytics, now: number): PipelineReport {
  const placed = new Map<string, Placed>();
  let unassignedTasks = p.unassignedFolded;
  for (const [worker, state] of p.workers) {
    const vents = p.ventsOf(worker);
    state.tasks.forEach((task) => {
      const home = p.assign(worker, task.start, vents);
      if (!home) return void (unassignedTasks += task.w);
      const byWorker = placed.get(home.batch.key) ?? new Map<string, Task[]>();
      placed.set(home.batch.key, byWorker);
      const list = byWorker.get(worker) ?? [];
      byWorker.set(worker, list);
      list.push(task);
    });
  }
  const pipelines: PipelineInfo[] = [];
  const batches: BatchReport[] = [];
  for (const [ventilator, vent] of p.vents) {
    const info = p.registry.get(ventilator);
    const workers = [...p.workers.keys()].filter((w) => reaches(p.registry.get(w)?.connected ?? [], info?.bound ?? []));
    const sinks = [...p.sinks.keys()].filter((s) => reaches(info?.connected ?? [], p.registry.get(s)?.bound ?? []));
    pipelines.push({ ventilator, bound: info?.bound ?? [], sinks, workers, waitingForEnter: vent.waiting ?? null });
    vent.batches.forEach((batch, i) => {
      const sink = findSinkBatch(p, sinks, batch, vent.batches[i + 1]);
      batches.push(batchReport(p, ventilator, batch, sink, workers, placed.get(batch.key) ?? new Map(), now));
    });
  }
  batches.sort((a, b) => a.startedAt - b.startedAt);
  const strayResults = [...p.sinks.values()].reduce((sum, sink) => sum + sink.stray, 0);
  return { pipelines, batches, unassignedTasks, strayResults };
}

function findSinkBatch(p: PipelineAnalytics, sinks: string[], batch: VentBatch, next?: VentBatch): { sink: string; batch: SinkBatch } | undefined {
  for (const sink of sinks) {
    for (const candidate of p.sinks.get(sink)?.batches ?? []) {
      if (candidate.startT >= batch.startT - CLOCK_SKEW_MS && (!next || candidate.startT < next.startT - CLOCK_SKEW_MS)) return { sink, batch: candidate };
    }
  }
  return undefined;
}

function batchReport(p: PipelineAnalytics, ventilator: string, batch: VentBatch, sink: { sink: string; batch: SinkBatch } | undefined, linked: string[], placed: Placed, now: number): BatchReport {
  const perWorker = new Map<string, Folded>();
  for (const [worker, folded] of p.folded.get(batch.key) ?? []) perWorker.set(worker, { ...folded });
  const taskDetails: TaskReport[] = [];
  let workerCost = 0;
  let completed = 0;
  let kept = 0;
  let lostTasks = 0;
  for (const [worker, tasks] of placed) {
    const totals = perWorker.get(worker) ?? { tasks: 0, busyMs: 0, waitMs: 0, estimated: false };
    perWorker.set(worker, totals);
    const open = p.registry.get(worker)?.endT === undefined ? p.workers.get(worker)?.open : undefined;
    for (const task of tasks) {
      const running = task === open;
      const processing = task.end !== undefined ? task.end - task.start : running ? Math.max(0, now - task.start) : task.workload ?? 0;
      const waitMs = task.start - batch.startT;
      totals.tasks += task.w;
      totals.busyMs += processing * task.w;
      totals.waitMs += waitMs * task.w;
      totals.estimated ||= task.w > 1 || (task.end === undefined && !running && !task.lost);
      if (task.lost) lostTasks += task.w;
      workerCost += (task.workload ?? 0) * task.w;
      if (task.end !== undefined) completed += task.w;
      kept++;
      if (taskDetails.length < TASKS_LISTED) {
        const end = task.end ?? null;
        taskDetails.push({ worker, workload: task.workload ?? null, start: task.start, end, processingMs: end === null ? null : end - task.start, waitMs, running, ...(task.lost ? { lost: true as const } : {}) });
      }
    }
  }
  for (const worker of linked) {
    const info = p.registry.get(worker);
    const present = info?.readyT !== undefined && info.readyT <= batch.startT && (info.endT === undefined || info.endT >= batch.startT);
    if (present && !perWorker.has(worker)) perWorker.set(worker, { tasks: 0, busyMs: 0, waitMs: 0, estimated: false });
  }

  const sinkBatch = sink?.batch;
  const done = sinkBatch?.doneT !== undefined;
  // While running, up to now, or to the sink's end if it ended without finishing the batch.
  const until = Math.min(now, p.registry.get(sink?.sink ?? '')?.endT ?? now);
  const elapsedMs = !sinkBatch ? null : done ? sinkBatch.elapsedMs ?? null : Math.max(0, until - sinkBatch.startT);
  const lastResultT = done && sinkBatch.sampled ? sinkBatch.doneT : sinkBatch?.lastResultT;
  const computedElapsedMs = sinkBatch && lastResultT !== undefined ? lastResultT - sinkBatch.startT : null;
  const workerTasks = [...perWorker.values()].reduce((sum, w) => sum + w.tasks, 0);
  const tasks = batch.tasks ?? sinkBatch?.reported ?? (workerTasks || null);
  const [expectedCostMs, expectedCostFrom] =
    batch.expectedCostMs !== undefined ? [batch.expectedCostMs, 'batch-sent' as const]
    : batch.sentTasks > 0 ? [batch.sentCostMs, 'ventilator' as const]
    : kept > 0 ? [workerCost, 'workers' as const]
    : [null, null];
  const results = sinkBatch ? (done ? sinkBatch.reported ?? sinkBatch.results : sinkBatch.results) : completed;
  const n = perWorker.size;
  const per = (value: number, by: number | null) => (by ? value / by : null);
  const workers = [...perWorker]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([worker, w]) => ({ worker, tasks: w.tasks, busyMs: w.busyMs, utilization: per(w.busyMs, elapsedMs), meanWaitMs: per(w.waitMs, w.tasks), meanProcessingMs: per(w.busyMs, w.tasks) }));
  const speedUp = expectedCostMs === null ? null : per(expectedCostMs, elapsedMs);
  return {
    ventilator,
    sink: sink?.sink ?? null,
    batch: batch.batch,
    state: done ? 'done' : batch.sentT === undefined ? 'sending' : 'running',
    startedAt: batch.startT,
    sentAt: batch.sentT ?? null,
    doneAt: sinkBatch?.doneT ?? null,
    tasks,
    expectedCostMs,
    expectedCostFrom,
    elapsedMs,
    computedElapsedMs,
    results,
    progress: tasks ? Math.min(1, results / tasks) : null,
    workers,
    idealMs: expectedCostMs === null ? null : per(expectedCostMs, n),
    speedUp,
    efficiency: expectedCostMs === null || elapsedMs === null ? null : per(expectedCostMs, elapsedMs * n),
    taskDetails,
    tasksNotListed: Math.max(0, workerTasks - taskDetails.length),
    estimated: [...perWorker.values()].some((w) => w.estimated) || (expectedCostFrom === 'ventilator' && batch.sampled) || !!sinkBatch?.sampled,
    lostTasks,
    notTaken: batch.sentT === undefined ? null : Math.max(0, (batch.tasks ?? batch.sentTasks) - workerTasks),
  };
}
