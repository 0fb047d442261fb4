// A worker killed mid-batch (SIGKILL: it reports nothing, its launcher adds an `exit` event): the
// task it held is listed as lost, the source as killed, and the batch counts what no worker took.
import { strict as assert } from 'node:assert';
import { formatReport } from '../../../src/shared/analytics';
import { analyse, interleavings, Source } from './events';

const TASKS = 'tcp://127.0.0.1:5557';
const RESULTS = 'tcp://127.0.0.1:5558';

function batchWithVictim(exit: boolean) {
  const vent = new Source('vent').ready(0, 'ventilator', [TASKS], [RESULTS]);
  const sink = new Source('sink').ready(0, 'sink', [RESULTS], []);
  const w1 = new Source('w1').ready(1, 'worker', [], [TASKS, RESULTS]);
  const victim = new Source('victim').ready(1, 'worker', [], [TASKS, RESULTS]);
  vent.event(1000, { event: 'batch-start', batch: 1, tasks: 6 }).sent(1000.1, 'sink', 1, '0');
  for (let i = 1; i <= 6; i++) vent.sent(1000.2, 'push', i, '10');
  vent.event(1000.3, { event: 'batch-sent', batch: 1, tasks: 6, expectedCostMs: 60 });
  sink.received(1000.5, 'pull', 1, '0').event(1000.5, { event: 'batch-start', batch: 1 });
  // w1 does its three tasks; the victim finishes one, takes its second and is killed at 1015.
  for (let i = 0; i < 3; i++) w1.received(1001 + 10 * i, 'pull', i + 1, '10').sent(1011 + 10 * i, 'push', i + 1);
  victim.received(1001, 'pull', 1, '10').sent(1011, 'push', 1).received(1011, 'pull', 2, '10');
  if (exit) victim.event(1015, { event: 'exit', code: null, signal: 'SIGKILL' });
  let seq = 2;
  for (const t of [1011.5, 1011.6, 1021.5, 1031.5]) sink.received(t, 'pull', seq++);
  return [vent.events, sink.events, w1.events, victim.events];
}

describe('analytics: a worker killed mid-batch', () => {
  it('lists the task it held as lost, marks it killed, and counts the tasks no worker took', () => {
    for (const [name, events] of interleavings(batchWithVictim(true))) {
      const report = analyse(events, 2000);
      const [batch] = report.pipeline.batches;
      assert.deepEqual([batch.state, batch.results, batch.tasks, batch.lostTasks, batch.notTaken, batch.estimated], ['running', 4, 6, 1, 1, false], name);
      assert.deepEqual(batch.taskDetails.filter((t) => t.lost), [{ worker: 'victim', workload: 10, start: 1011, end: null, processingMs: null, waitMs: 11, running: false, lost: true }], name);
      const victim = report.sources.find((s) => s.source === 'victim')!;
      assert.deepEqual([victim.end, victim.endT, victim.error], ['killed', 1015, 'killed by SIGKILL'], name);
      assert.equal(batch.workers.find((w) => w.worker === 'victim')!.tasks, 2, name);
    }
  });

  it('without the exit, the task is still running as far as anyone can tell', () => {
    const [batch] = analyse(batchWithVictim(false).flat(), 2000).pipeline.batches;
    assert.deepEqual([batch.lostTasks, batch.notTaken], [0, 1]);
    assert.equal(batch.taskDetails.find((t) => t.worker === 'victim' && t.end === null)?.running, true);
  });

  it('an exit after done or error does not change how the role ended', () => {
    const done = new Source('w').ready(1, 'worker', [], [TASKS]).done(5, 'signal').event(6, { event: 'exit', code: 0, signal: null });
    assert.deepEqual(analyse(done.events, 10).sources.map((s) => [s.end, s.endT, s.error]), [['signal', 5, null]]);
    const crashed = new Source('w').ready(1, 'worker', [], [TASKS]).event(6, { event: 'exit', code: 3, signal: null });
    assert.deepEqual(analyse(crashed.events, 10).sources.map((s) => [s.end, s.error]), [['killed', 'exited with code 3']]);
  });

  it('says so in the text report', () => {
    const text = formatReport(analyse(batchWithVictim(true).flat(), 2000));
    assert.match(text, /task lost with victim \(killed\): workload 10\.0 ms, taken 11\.0 ms into the batch/);
    assert.match(text, /1 task\(s\) sent that no worker took: queued, or gone with a killed worker/);
    assert.match(text, /victim +worker +100 +killed/);
  });
});

describe('analytics: a worker\'s tasks sampled out after the last one reported', () => {
  it('count, from the exact counters, in the batch of the last task reported', () => {
    const vent = new Source('vent').ready(0, 'ventilator', [TASKS], [RESULTS]);
    const w = new Source('w').ready(1, 'worker', [], [TASKS, RESULTS]);
    vent.event(1000, { event: 'batch-start', batch: 1, tasks: 10 });
    w.received(1001, 'pull', 1, '0').sent(1001.1, 'push', 1).received(1002, 'pull', 2, '0');
    // Tasks 3 to 10 sampled out; the counters say so a second later.
    w.counters(2000, { push: 10 }, { pull: 10 }, 16);
    const [batch] = analyse([...vent.events, ...w.events], 3000).pipeline.batches;
    assert.deepEqual([batch.workers[0].tasks, batch.estimated], [10, true]);
    assert.equal(batch.taskDetails.some((t) => t.end === null && !t.lost && t.running), false, 'its result went out too');
  });
});
