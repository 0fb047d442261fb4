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

/** The sink batch matched to a ventilator batch, and its sink. */
interface SinkMatch {
  sink: string;
  batch: SinkBatch;
}

/** A ventilator's batch and what the report joins to it. */
interface BatchSources {
  ventilator: string;
  batch: VentBatch;
  sink: SinkMatch | undefined;
  /** The workers connected to the ventilator. */
  linked: string[];
  placed: Placed;
}

export function buildPipelineReport(pipeline: PipelineAnalytics, now: number): PipelineReport {
  const placed = new Map<string, Placed>();
  let unassignedTasks = pipeline.unassignedFolded;
  for (const [worker, state] of pipeline.workers) {
    const vents = pipeline.ventsOf(worker);
    state.tasks.forEach((task) => {
      const home = pipeline.assign(worker, task.start, vents);
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
  for (const [ventilator, vent] of pipeline.vents) {
    const info = pipeline.registry.get(ventilator);
    const workers = [...pipeline.workers.keys()].filter((worker) => reaches(pipeline.registry.get(worker)?.connected ?? [], info?.bound ?? []));
    const sinks = [...pipeline.sinks.keys()].filter((sink) => reaches(info?.connected ?? [], pipeline.registry.get(sink)?.bound ?? []));
    pipelines.push({ ventilator, bound: info?.bound ?? [], sinks, workers, waitingForEnter: vent.waiting ?? null });
    vent.batches.forEach((batch, i) => {
      const sink = findSinkBatch(pipeline, sinks, batch, vent.batches[i + 1]);
      batches.push(batchReport(pipeline, { ventilator, batch, sink, linked: workers, placed: placed.get(batch.key) ?? new Map() }, now));
    });
  }
  batches.sort((a, b) => a.startedAt - b.startedAt);
  const strayResults = [...pipeline.sinks.values()].reduce((sum, sink) => sum + sink.stray, 0);
  return { pipelines, batches, unassignedTasks, strayResults };
}

function findSinkBatch(pipeline: PipelineAnalytics, sinks: string[], batch: VentBatch, next?: VentBatch): SinkMatch | undefined {
  for (const sink of sinks) {
    for (const candidate of pipeline.sinks.get(sink)?.batches ?? []) {
      if (candidate.startT >= batch.startT - CLOCK_SKEW_MS && (!next || candidate.startT < next.startT - CLOCK_SKEW_MS)) return { sink, batch: candidate };
    }
  }
  return undefined;
}

function batchReport(pipeline: PipelineAnalytics, sources: BatchSources, now: number): BatchReport {
  const { ventilator, batch, sink } = sources;
  const totals = workerTotals(pipeline, sources, now);
  const { perWorker, taskDetails } = totals;
  const { done, elapsedMs, computedElapsedMs } = batchTiming(pipeline, sink, now);
  const sinkBatch = sink?.batch;
  const workerTasks = [...perWorker.values()].reduce((sum, worker) => sum + worker.tasks, 0);
  const tasks = batch.tasks ?? sinkBatch?.reported ?? (workerTasks || null);
  const [expectedCostMs, expectedCostFrom] = expectedCost(batch, totals);
  const results = sinkBatch ? (done ? sinkBatch.reported ?? sinkBatch.results : sinkBatch.results) : totals.completed;
  const workerCount = perWorker.size;
  const per = (value: number, by: number | null) => (by ? value / by : null);
  const workers = [...perWorker]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([worker, folded]) => ({ worker, tasks: folded.tasks, busyMs: folded.busyMs, utilization: per(folded.busyMs, elapsedMs), meanWaitMs: per(folded.waitMs, folded.tasks), meanProcessingMs: per(folded.busyMs, folded.tasks) }));
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
    idealMs: expectedCostMs === null ? null : per(expectedCostMs, workerCount),
    speedUp,
    efficiency: expectedCostMs === null || elapsedMs === null ? null : per(expectedCostMs, elapsedMs * workerCount),
    taskDetails,
    tasksNotListed: Math.max(0, workerTasks - taskDetails.length),
    estimated: [...perWorker.values()].some((worker) => worker.estimated) || (expectedCostFrom === 'ventilator' && batch.sampled) || !!sinkBatch?.sampled,
    lostTasks: totals.lostTasks,
    notTaken: batch.sentT === undefined ? null : Math.max(0, (batch.tasks ?? batch.sentTasks) - workerTasks),
  };
}

/** What the workers did in a batch: the folded totals plus the tasks kept in detail. */
interface WorkerTotals {
  perWorker: Map<string, Folded>;
  taskDetails: TaskReport[];
  /** The sum of the workloads of the tasks kept in detail (weighted). */
  workerCost: number;
  completed: number;
  /** Tasks kept in detail (unweighted). */
  kept: number;
  lostTasks: number;
}

/** Per worker totals of a batch; a worker connected and ready at its start that took nothing counts with zeros. */
function workerTotals(pipeline: PipelineAnalytics, { batch, linked, placed }: BatchSources, now: number): WorkerTotals {
  const perWorker = new Map<string, Folded>();
  for (const [worker, folded] of pipeline.folded.get(batch.key) ?? []) perWorker.set(worker, { ...folded });
  const result: WorkerTotals = { perWorker, taskDetails: [], workerCost: 0, completed: 0, kept: 0, lostTasks: 0 };
  for (const [worker, tasks] of placed) {
    const totals = perWorker.get(worker) ?? { tasks: 0, busyMs: 0, waitMs: 0, estimated: false };
    perWorker.set(worker, totals);
    const open = pipeline.registry.get(worker)?.endT === undefined ? pipeline.workers.get(worker)?.open : undefined;
    for (const task of tasks) {
      const running = task === open;
      const processing = task.end !== undefined ? task.end - task.start : running ? Math.max(0, now - task.start) : task.workload ?? 0;
      const waitMs = task.start - batch.startT;
      totals.tasks += task.w;
      totals.busyMs += processing * task.w;
      totals.waitMs += waitMs * task.w;
      totals.estimated ||= task.w > 1 || (task.end === undefined && !running && !task.lost);
      if (task.lost) result.lostTasks += task.w;
      result.workerCost += (task.workload ?? 0) * task.w;
      if (task.end !== undefined) result.completed += task.w;
      result.kept++;
      if (result.taskDetails.length < TASKS_LISTED) {
        const end = task.end ?? null;
        result.taskDetails.push({ worker, workload: task.workload ?? null, start: task.start, end, processingMs: end === null ? null : end - task.start, waitMs, running, ...(task.lost ? { lost: true as const } : {}) });
      }
    }
  }
  for (const worker of linked) {
    const info = pipeline.registry.get(worker);
    const present = info?.readyT !== undefined && info.readyT <= batch.startT && (info.endT === undefined || info.endT >= batch.startT);
    if (present && !perWorker.has(worker)) perWorker.set(worker, { tasks: 0, busyMs: 0, waitMs: 0, estimated: false });
  }
  return result;
}

/** The batch's elapsed time as the sink saw it. */
function batchTiming(pipeline: PipelineAnalytics, sink: SinkMatch | undefined, now: number): { done: boolean; elapsedMs: number | null; computedElapsedMs: number | null } {
  const sinkBatch = sink?.batch;
  const done = sinkBatch?.doneT !== undefined;
  // While running, up to now, or to the sink's end if it ended without finishing the batch.
  const until = Math.min(now, pipeline.registry.get(sink?.sink ?? '')?.endT ?? now);
  const elapsedMs = !sinkBatch ? null : done ? sinkBatch.elapsedMs ?? null : Math.max(0, until - sinkBatch.startT);
  const lastResultT = done && sinkBatch.sampled ? sinkBatch.doneT : sinkBatch?.lastResultT;
  const computedElapsedMs = sinkBatch && lastResultT !== undefined ? lastResultT - sinkBatch.startT : null;
  return { done, elapsedMs, computedElapsedMs };
}

/** The sum of the batch's workloads, from the best source at hand (see the top of this file). */
function expectedCost(batch: VentBatch, totals: WorkerTotals): [number, 'batch-sent' | 'ventilator' | 'workers'] | [null, null] {
  if (batch.expectedCostMs !== undefined) return [batch.expectedCostMs, 'batch-sent'];
  if (batch.sentTasks > 0) return [batch.sentCostMs, 'ventilator'];
  if (totals.kept > 0) return [totals.workerCost, 'workers'];
  return [null, null];
}
