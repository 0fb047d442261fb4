import { strict as assert } from 'node:assert';
import { BatchReport } from '../../../src/shared/analytics';
import { TASKS_LISTED } from '../../../src/shared/analytics/pipeline-report';
import { analyse, interleavings, Source } from './events';

interface Pipeline {
  vent: Source;
  sink: Source;
  workers: Map<string, Source>;
  /** Next seq per source and socket/direction. */
  seq: Map<string, number>;
}

function pipeline(port: number, workerIds: string[], suffix = ''): Pipeline {
  const tasks = `tcp://127.0.0.1:${port}`;
  const results = `tcp://127.0.0.1:${port + 1}`;
  const p: Pipeline = {
    vent: new Source(`vent${suffix}`).ready(0, 'ventilator', [tasks], [`tcp://localhost:${port + 1}`]),
    sink: new Source(`sink${suffix}`).ready(0, 'sink', [results], []),
    workers: new Map(workerIds.map((id) => [id, new Source(id).ready(1, 'worker', [], [`tcp://localhost:${port}`, `tcp://localhost:${port + 1}`])])),
    seq: new Map(),
  };
  return p;
}

function next(p: Pipeline, key: string): number {
  const seq = (p.seq.get(key) ?? 0) + 1;
  p.seq.set(key, seq);
  return seq;
}

/** The ventilator starts a batch at t: batch-start, "0" to the sink (which starts at t + 0.5), the workloads, batch-sent. */
function startBatch(p: Pipeline, batch: number, t: number, workloads: number[]): void {
  p.vent.event(t, { event: 'batch-start', batch, tasks: workloads.length }).sent(t + 0.1, 'sink', next(p, 'vent sink'), '0');
  workloads.forEach((w) => p.vent.sent(t + 0.2, 'push', next(p, 'vent push'), String(w)));
  p.vent.event(t + 0.3, { event: 'batch-sent', batch, tasks: workloads.length, expectedCostMs: workloads.reduce((a, b) => a + b, 0) });
  p.sink.received(t + 0.5, 'pull', next(p, 'sink pull'), '0').event(t + 0.5, { event: 'batch-start', batch });
}

/** A worker does a task from `start`, taking exactly its workload; the sink gets the result 0.5 ms later unless `open`. */
function task(p: Pipeline, worker: string, start: number, workload: number, open = false): void {
  const source = p.workers.get(worker)!;
  source.received(start, 'pull', next(p, `${worker} pull`), String(workload));
  if (open) return;
  source.sent(start + workload, 'push', next(p, `${worker} push`));
  p.sink.received(start + workload + 0.5, 'pull', next(p, 'sink pull'));
}

function streams(...pipelines: Pipeline[]) {
  return pipelines.flatMap((p) => [p.vent.events, p.sink.events, ...[...p.workers.values()].map((w) => w.events)]);
}

/**
 * Batch 1 at 10000: workloads 10..60; w1 does 10 then 40, w2 20 then 50, w3 (late) 30 then 60:
 * busy 50, 70, 90 ms; the last result at 10100.5, 100 ms after the sink's start at 10000.5.
 * Batch 2 at 20000: three 5 ms tasks, w1 two, w3 one still running at 20020.5, w2 none.
 */
function threeWorkers(): Pipeline {
  const p = pipeline(5557, ['w1', 'w2', 'w3']);
  startBatch(p, 1, 10000, [10, 20, 30, 40, 50, 60]);
  task(p, 'w1', 10002, 10);
  task(p, 'w2', 10002, 20);
  task(p, 'w3', 10010, 30);
  task(p, 'w1', 10012, 40);
  task(p, 'w2', 10022, 50);
  task(p, 'w3', 10040, 60);
  p.sink.event(10100.5, { event: 'batch-done', batch: 1, results: 6, elapsedMs: 100 });
  startBatch(p, 2, 20000, [5, 5, 5]);
  task(p, 'w1', 20001, 5);
  task(p, 'w3', 20001, 5, true);
  task(p, 'w1', 20006, 5);
  return p;
}

const summary = (b: BatchReport) => ({
  ventilator: b.ventilator, sink: b.sink, batch: b.batch, state: b.state, tasks: b.tasks, expectedCostMs: b.expectedCostMs, elapsedMs: b.elapsedMs,
  computedElapsedMs: b.computedElapsedMs, results: b.results, progress: b.progress, idealMs: b.idealMs, speedUp: b.speedUp, efficiency: b.efficiency, estimated: b.estimated,
});

describe('analytics: pipeline', () => {
  it('computes a batch of 3 workers by hand: busy, utilization, ideal, speed-up, efficiency, waits', () => {
    const p = threeWorkers();
    for (const [name, events] of interleavings(streams(p))) {
      const [first] = analyse(events, 20020.5).pipeline.batches;
      assert.deepEqual(summary(first), {
        ventilator: 'vent', sink: 'sink', batch: 1, state: 'done', tasks: 6, expectedCostMs: 210, elapsedMs: 100,
        computedElapsedMs: 100, results: 6, progress: 1, idealMs: 70, speedUp: 2.1, efficiency: 0.7, estimated: false,
      }, name);
      assert.deepEqual(first.workers, [
        { worker: 'w1', tasks: 2, busyMs: 50, utilization: 0.5, meanWaitMs: 7, meanProcessingMs: 25 },
        { worker: 'w2', tasks: 2, busyMs: 70, utilization: 0.7, meanWaitMs: 12, meanProcessingMs: 35 },
        { worker: 'w3', tasks: 2, busyMs: 90, utilization: 0.9, meanWaitMs: 25, meanProcessingMs: 45 },
      ], name);
      const w3 = first.taskDetails.filter((t) => t.worker === 'w3');
      assert.deepEqual(w3, [
        { worker: 'w3', workload: 30, start: 10010, end: 10040, processingMs: 30, waitMs: 10, running: false },
        { worker: 'w3', workload: 60, start: 10040, end: 10100, processingMs: 60, waitMs: 40, running: false },
      ], name);
    }
  });

  it('shows a running batch with its progress, a running task and an idle worker', () => {
    const { pipeline: report } = analyse(streams(threeWorkers()).flat(), 20020.5);
    const second = report.batches[1];
    assert.deepEqual(summary(second), {
      ventilator: 'vent', sink: 'sink', batch: 2, state: 'running', tasks: 3, expectedCostMs: 15, elapsedMs: 20,
      computedElapsedMs: 11, results: 2, progress: 2 / 3, idealMs: 5, speedUp: 0.75, efficiency: 0.25, estimated: false,
    });
    assert.deepEqual(second.workers.map((w) => [w.worker, w.tasks, w.busyMs]), [['w1', 2, 10], ['w2', 0, 0], ['w3', 1, 19.5]]);
    assert.deepEqual(second.taskDetails.find((t) => t.worker === 'w3'), { worker: 'w3', workload: 5, start: 20001, end: null, processingMs: null, waitMs: 1, running: true });
    assert.deepEqual(report.pipelines, [{ ventilator: 'vent', bound: ['tcp://127.0.0.1:5557'], sinks: ['sink'], workers: ['w1', 'w2', 'w3'], waitingForEnter: null }]);
  });

  it('keeps two pipelines on different endpoints apart while their batches overlap in time', () => {
    const one = threeWorkers();
    const two = pipeline(6557, ['w4'], '2');
    startBatch(two, 1, 10050, [30]);
    task(two, 'w4', 10051, 30);
    two.sink.event(10081.5, { event: 'batch-done', batch: 1, results: 1, elapsedMs: 31 });
    for (const [name, events] of interleavings(streams(one, two))) {
      const batches = analyse(events, 20020.5).pipeline.batches;
      assert.deepEqual(batches.map((b) => [b.ventilator, b.sink, b.batch, b.tasks, b.elapsedMs, b.workers.map((w) => `${w.worker}:${w.tasks}`).join(' ')]), [
        ['vent', 'sink', 1, 6, 100, 'w1:2 w2:2 w3:2'],
        ['vent2', 'sink2', 1, 1, 31, 'w4:1'],
        ['vent', 'sink', 2, 3, 20, 'w1:2 w2:0 w3:1'],
      ], name);
      assert.equal(batches[1].speedUp, 30 / 31, name);
    }
  });

  it('scales a worker\'s sampled tasks by their seq gaps and estimates a lost end by the workload', () => {
    const p = pipeline(5557, ['w1']);
    startBatch(p, 1, 1000, [10, 10, 10, 10]);
    const w1 = p.workers.get('w1')!;
    w1.received(1001, 'pull', 1, '10').sent(1011, 'push', 1); // tasks 2 sampled out
    w1.received(1021, 'pull', 3, '10').sent(1031, 'push', 3);
    w1.received(1031, 'pull', 4, '10').counters(1100, { push: 4 }, { pull: 4 }, 3); // its end sampled out
    p.sink.received(1042, 'pull', 5).event(1042, { event: 'batch-done', batch: 1, results: 4, elapsedMs: 41 });
    const [batch] = analyse(streams(p).flat(), 2000).pipeline.batches;
    assert.deepEqual(batch.workers.map((w) => [w.worker, w.tasks, w.busyMs]), [['w1', 4, 40]]);
    assert.deepEqual([batch.estimated, batch.results, batch.tasks], [true, 4, 4]);
  });

  it('keeps totals of tasks beyond the detail it keeps, and lists a bounded number of tasks', () => {
    const p = pipeline(5557, ['w1']);
    const n = 5000;
    startBatch(p, 1, 1000, Array.from({ length: n }, () => 1));
    for (let i = 0; i < n; i++) task(p, 'w1', 1001 + i, 1);
    const [batch] = analyse(streams(p).flat(), 1e6).pipeline.batches;
    assert.deepEqual([batch.workers[0].tasks, batch.workers[0].busyMs, batch.results, batch.expectedCostMs], [n, n, n, n]);
    assert.deepEqual([batch.taskDetails.length, batch.tasksNotListed], [TASKS_LISTED, n - TASKS_LISTED]);
  });

  it('reports a ventilator waiting for Enter, and a batch still being sent from the tasks sent so far', () => {
    const p = pipeline(5557, ['w1']);
    p.vent.event(500, { event: 'waiting', for: 'enter', batch: 1 });
    assert.equal(analyse(p.vent.events, 600).pipeline.pipelines[0].waitingForEnter, 1);
    p.vent.event(1000, { event: 'batch-start', batch: 1, tasks: 4 }).sent(1000.2, 'push', 1, '7').sent(1000.3, 'push', 2, '8');
    const { pipeline: report } = analyse(p.vent.events, 1001);
    assert.equal(report.pipelines[0].waitingForEnter, null);
    assert.deepEqual([report.batches[0].state, report.batches[0].expectedCostMs, report.batches[0].expectedCostFrom, report.batches[0].elapsedMs], ['sending', 15, 'ventilator', null]);
  });

  it('counts a result the sink read before its batch\'s "0" toward that batch, as the sink does', () => {
    const p = pipeline(5557, ['w1']);
    p.vent.event(1000, { event: 'batch-start', batch: 1, tasks: 2 }).sent(1000.1, 'sink', 1, '0').sent(1000.2, 'push', 1, '10').sent(1000.3, 'push', 2, '10');
    p.workers.get('w1')!.received(1001, 'pull', 1, '10').sent(1011, 'push', 1).received(1011, 'pull', 2, '10').sent(1021, 'push', 2);
    // A sink held up past the first task reads that result first, then the "0".
    p.sink.received(1030, 'pull', 1).received(1030.1, 'pull', 2, '0').event(1030.1, { event: 'batch-start', batch: 1 });
    p.sink.received(1030.2, 'pull', 3).event(1030.2, { event: 'batch-done', batch: 1, results: 2, elapsedMs: 0 });
    for (const [name, events] of interleavings(streams(p))) {
      const { batches, strayResults } = analyse(events, 1040).pipeline;
      assert.deepEqual([batches[0].results, batches[0].state, strayResults], [2, 'done', 0], name);
    }
    // One more with no batch to start after it stays stray.
    p.sink.received(1050, 'pull', 4);
    assert.equal(analyse(streams(p).flat(), 1060).pipeline.strayResults, 1);
  });
});
