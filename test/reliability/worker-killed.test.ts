// kill -9 of a worker mid-batch: it reports nothing; its launcher adds the exit to the capture, as
// the extension does. The analytics list the task it held as lost, mark it killed, and count the
// tasks queued in its socket as sent but never taken; the other workers' results all arrive.
import { strict as assert } from 'node:assert';
import { formatReport } from '../../src/shared/analytics';
import { ANY_PORT } from '../helpers/cli';
import { sleep, useFaults, waitFor } from './helpers/roles';

const TASKS = 30;
const WORKLOAD_MS = 60;

describe('kill -9 of a worker mid-batch', function () {
  this.timeout(20000);
  const { roles, record } = useFaults();

  it('shows which tasks went with it', async () => {
    const recording = await record();
    const inspect = recording.endpoint;
    const sink = roles.start('sink', 'sink', ['--bind', ANY_PORT, '--tasks', String(TASKS)], { inspect });
    const results = (await sink.ready).bound[0];
    const ventilator = roles.start('ventilator', 'ventilator', ['--bind', ANY_PORT, '--sink', results, '--tasks', String(TASKS), '--workload', `${WORKLOAD_MS}-${WORKLOAD_MS}`], { inspect });
    const tasks = (await ventilator.ready).bound[0];
    const workers = ['worker-1', 'worker-2', 'victim'].map((id) => roles.start('worker', id, ['--connect', tasks, '--sink', results], { inspect }));
    await Promise.all(workers.map((worker) => worker.ready));
    // Each worker connected to the ventilator, or PUSH gives its tasks to those that are.
    await Promise.all(workers.map((worker) => worker.until((e) => e.event === 'socket' && e.socket === 'pull' && e.type === 'handshake')));
    await ventilator.until((e) => e.event === 'socket' && e.socket === 'push' && e.type === 'handshake', 3);
    await ventilator.until((e) => e.event === 'waiting');
    ventilator.writeLine();

    const victim = workers[2];
    await victim.until((e) => e.event === 'received', 3);
    await sleep(WORKLOAD_MS / 2);
    // Its capture must hold what it reported before it died: telemetry goes out within milliseconds.
    await recording.until((e) => e.source === 'victim' && e.event === 'received' && (e as unknown as { seq: number }).seq === 3);
    await victim.kill();
    const exit = await victim.exited;
    assert.equal(exit.signal, 'SIGKILL');
    recording.capture.add([{ event: 'exit', code: exit.code, signal: exit.signal, source: 'victim', t: Date.now() }]);

    // The others finish their share; the sink waits for results that will never come.
    const taken = () => workers.reduce((sum, worker) => sum + worker.of('received').length, 0);
    const finished = () => workers.slice(0, 2).every((worker) => worker.of('sent').length === worker.of('received').length);
    await waitFor(() => finished() && ventilator.child.exitCode !== null, 10000);
    await sleep(300);
    assert.ok(finished(), 'the live workers are idle');
    const victimTook = victim.of('received').length;
    const victimDid = victim.of('sent').length;
    const notTaken = TASKS - taken();
    assert.equal(victimTook - victimDid, 1, 'it died holding one task');
    assert.ok(notTaken > 0, 'tasks were still queued in its socket');
    const delivered = workers.reduce((sum, worker) => sum + worker.of('sent').length, 0);
    await waitFor(() => sink.of('received').length === delivered + 1, 3000, () => 'every result sent reaches the sink');
    assert.equal(sink.child.exitCode, null, 'the sink still waits for the batch');

    await waitFor(() => recording.report().pipeline.batches[0]?.results === delivered, 3000);
    const report = recording.report();
    const [batch] = report.pipeline.batches;
    assert.deepEqual(
      { state: batch.state, tasks: batch.tasks, results: batch.results, lostTasks: batch.lostTasks, notTaken: batch.notTaken },
      { state: 'running', tasks: TASKS, results: delivered, lostTasks: 1, notTaken },
    );
    assert.equal(delivered + batch.lostTasks + batch.notTaken!, TASKS, 'every task is a result, lost, or never taken');
    const [lost] = batch.taskDetails.filter((task) => task.lost);
    const held = victim.of('received').at(-1)!;
    assert.deepEqual([lost.worker, lost.workload, lost.end, lost.running], ['victim', Number(held.frames[0].text), null, false]);
    const source = report.sources.find((s) => s.source === 'victim')!;
    assert.deepEqual([source.end, source.error], ['killed', 'killed by SIGKILL']);
    assert.deepEqual(batch.workers.map((w) => [w.worker, w.tasks]), workers.map((w) => [w.id, w.of('received').length]).sort());
    const text = formatReport(report);
    assert.match(text, /task lost with victim \(killed\): workload 60\.0 ms/);
    assert.match(text, new RegExp(`${notTaken} task\\(s\\) sent that no worker took`));
    if (process.env.RELIABILITY_FIGURES) console.log(`      worker killed: ${TASKS} tasks, ${delivered} results, 1 lost in its hands, ${notTaken} queued in its socket`);
  });
});
