import { strict as assert } from 'node:assert';
import { Analytics, Diagnosis } from '../../../src/shared/analytics';
import { analyse, Source } from './events';

const diagnose = (sources: Source[], now: number, analytics?: Analytics) => analyse(sources.flatMap((s) => s.events), now, analytics).diagnoses;
const kinds = (found: Diagnosis[]) => found.map((d) => d.kind).sort();
const TASKS = 'tcp://127.0.0.1:6002';
const RESULTS = 'tcp://127.0.0.1:6003';
const figure = (d: Diagnosis, name: string) => d.evidence.find((f) => f.name === name)?.value;

/** A batch of `tasks` 10 ms tasks started at 1000, all sent at 1001; worker i joins at joins[i] and does the tasks dealt to it. */
function batch(tasks: number, joins: number[], deal: (task: number) => number): Source[] {
  const vent = new Source('vent').ready(900, 'ventilator', [TASKS], [RESULTS]);
  vent.event(1000, { event: 'batch-start', batch: 1, tasks }).event(1001, { event: 'batch-sent', batch: 1, tasks, expectedCostMs: tasks * 10 });
  const sink = new Source('sink').ready(800, 'sink', [RESULTS], []).received(1000.5, 'pull', 1, '0').event(1000.5, { event: 'batch-start', batch: 1 });
  const workers = joins.map((t, i) => new Source(`worker-${i + 1}`).ready(t - 1, 'worker', [], [TASKS, RESULTS]).socket(t, 'pull', 'handshake', TASKS));
  const clock = joins.map((t) => Math.max(t, 1001));
  for (let task = 0; task < tasks; task++) {
    const w = deal(task);
    workers[w].received(clock[w], 'pull', workers[w].events.filter((e) => e.event === 'received').length + 1, '10');
    clock[w] += 10;
    workers[w].sent(clock[w], 'push', workers[w].events.filter((e) => e.event === 'sent').length + 1);
    sink.received(clock[w] + 0.1, 'pull', task + 2);
  }
  sink.event(Math.max(...clock) + 1, { event: 'batch-done', batch: 1, results: tasks, elapsedMs: Math.max(...clock) - 1000 });
  return [vent, sink, ...workers];
}

describe('diagnoses: pipeline', () => {
  it('unbalanced-push and idle-worker: all 60 tasks to the one worker there, two that joined 500 ms in got none', () => {
    const found = diagnose(batch(60, [999, 1500, 1500], () => 0), 3000);
    assert.deepEqual(kinds(found), ['idle-worker', 'idle-worker', 'unbalanced-push']);
    const unbalanced = found.find((d) => d.kind === 'unbalanced-push')!;
    assert.deepEqual(unbalanced.sources, ['vent', 'worker-1', 'worker-2', 'worker-3']);
    assert.deepEqual([figure(unbalanced, 'worker-1 tasks'), figure(unbalanced, 'worker-2 tasks'), figure(unbalanced, 'worker-2 joined after'), figure(unbalanced, 'elapsed')], [60, 0, 500, 601]);
  });

  it('no finding for a batch dealt round robin to workers all there, nor for a worker that came when little was left', () => {
    assert.deepEqual(kinds(diagnose(batch(60, [990, 995, 999], (task) => task % 3), 3000)), []);
    // Joined at 1595 of 1601: fewer tasks left to start than workers.
    assert.deepEqual(kinds(diagnose(batch(60, [999, 1595], () => 0), 3000)), []);
  });

  it('no split is judged on fewer than 10 tasks', () => {
    assert.deepEqual(kinds(diagnose(batch(9, [999, 1020], () => 0), 3000)), []);
  });

  it('late-start-signal: results before the batch\'s "0", none when the "0" comes first', () => {
    const sink = new Source('sink').ready(0, 'sink', [RESULTS], []).received(100, 'pull', 1).received(110, 'pull', 2).received(150, 'pull', 3, '0').event(150, { event: 'batch-start', batch: 1 });
    const [late] = diagnose([sink], 200);
    assert.deepEqual([late.kind, figure(late, 'results before the "0"'), figure(late, 'first result before it')], ['late-start-signal', 2, 50]);
    const fine = new Source('sink').ready(0, 'sink', [RESULTS], []).received(100, 'pull', 1, '0').event(100, { event: 'batch-start', batch: 1 }).received(110, 'pull', 2);
    assert.deepEqual(diagnose([fine], 200), []);
  });

  it('consumer-behind: a queue that grows every second for 3 s, not a batch sent at once and worked off', () => {
    const vent = new Source('vent').ready(0, 'ventilator', [TASKS], []);
    const worker = new Source('worker-1').ready(0, 'worker', [], [TASKS]);
    for (let s = 1; s <= 5; s++) {
      vent.counters(s * 1000, { push: s * 1000 }, {});
      worker.counters(s * 1000 + 300, {}, { pull: s * 100 });
    }
    const [behind] = diagnose([vent, worker], 5000);
    assert.deepEqual([behind.kind, behind.sources, figure(behind, 'sent'), figure(behind, 'received')], ['consumer-behind', ['worker-1', 'vent'], 1000, 100]);
    const once = new Source('vent').ready(0, 'ventilator', [TASKS], []).counters(1000, { push: 1000 }, {});
    const steady = new Source('worker-1').ready(0, 'worker', [], [TASKS]);
    for (let s = 1; s <= 5; s++) steady.counters(s * 1000 + 300, {}, { pull: s * 100 });
    assert.deepEqual(diagnose([once, steady], 5000), []);
    // Growing by less than 100 in the window: not behind.
    const slow = new Source('vent').ready(0, 'ventilator', [TASKS], []);
    for (let s = 1; s <= 5; s++) slow.counters(s * 1000, { push: s * 120 }, {});
    assert.deepEqual(diagnose([slow, steady], 5000), []);
  });
});
