// A pipeline across three network namespaces (ventilator, workers, sink), the link between the
// workers and the sink cut for 2 s in the middle of a batch and restored. By default nothing is
// lost (TCP holds and retransmits; ZeroMQ never sees the cut), and the analytics show the stall; a
// worker that starts during the cut shows its connect retries. With --heartbeat, ZeroMQ sees the
// cut: the analytics show the disconnect and the reconnect, and what was in flight is lost.
import { strict as assert } from 'node:assert';
import { Link, useNetwork } from './helpers/netns';
import { sleep, useFaults, waitFor } from './helpers/roles';

const TASKS = 60;
const CUT_MS = 2000;

describe('network cut between the workers and the sink', function () {
  this.timeout(30000);
  const { roles, record } = useFaults();
  const network = useNetwork('the network-cut tests');
  afterEach(() => assert.deepEqual(network.leftovers(), [], 'no namespace left behind'));

  /**
   * Ventilator, two workers and sink in namespaces of their own, the workers' results on a link of
   * their own; returns once the batch runs. `heartbeat` goes to the sink and workers.
   */
  async function startBatch(heartbeat: string[] = [], ventilatorArgs: string[] = []) {
    const vns = network.namespace('v');
    const wns = network.namespace('w');
    const sns = network.namespace('s');
    const tasksLink = network.link(wns, vns);
    const resultsLink: Link = network.link(wns, sns);
    const startLink = network.link(vns, sns);
    const recording = await record();
    const inspect = recording.endpoint;
    const sinkForWorkers = `tcp://${resultsLink.b.address}:5558`;
    const sink = roles.start('sink', 'sink', ['--bind', sinkForWorkers, '--bind', `tcp://${startLink.b.address}:5558`, '--tasks', String(TASKS), ...heartbeat], { ns: sns, inspect });
    await sink.ready;
    const tasks = `tcp://${tasksLink.b.address}:5557`;
    const ventilator = roles.start('ventilator', 'ventilator', ['--bind', tasks, '--sink', `tcp://${startLink.b.address}:5558`, '--tasks', String(TASKS), '--workload', '40-60', ...ventilatorArgs], { ns: vns, inspect });
    await ventilator.ready;
    const workers = ['worker-1', 'worker-2'].map((id) => roles.start('worker', id, ['--connect', tasks, '--sink', sinkForWorkers, ...heartbeat], { ns: wns, inspect }));
    await Promise.all(workers.map((worker) => worker.ready));
    await ventilator.until((e) => e.event === 'socket' && e.socket === 'push' && e.type === 'handshake', 2);
    await ventilator.until((e) => e.event === 'waiting');
    ventilator.writeLine();
    return { recording, inspect, wns, resultsLink, tasks, sinkForWorkers, sink, workers };
  }

  it('loses no result over a 2 s cut mid-batch; the analytics show the stall and the late worker\'s retries', async () => {
    const { recording, inspect, wns, resultsLink, tasks, sinkForWorkers, sink, workers } = await startBatch();

    // Mid-batch: a quarter of the results in, cut the workers off from the sink.
    await sink.until((e) => e.event === 'received' && e.frames[0]?.size === 0, TASKS / 4);
    network.set(resultsLink, 'down');
    const cutAt = Date.now();
    const receivedBeforeCut = sink.of('received').length;
    // A worker started while the link is down cannot reach the sink: it retries until it is back.
    const late = roles.start('worker', 'worker-late', ['--connect', tasks, '--sink', sinkForWorkers], { ns: wns, inspect });
    await late.ready;
    await sleep(CUT_MS);
    network.set(resultsLink, 'up');
    const restoredAt = Date.now();

    // TCP retransmits with a backoff of up to a few seconds after the link is back.
    assert.equal((await sink.exited).code, 0, 'the sink collected the whole batch');
    const [done] = sink.of('batch-done');
    assert.equal(done.results, TASKS);
    const results = sink.of('received').filter((e) => e.frames[0]?.size === 0);
    assert.equal(results.length, TASKS, 'every result reached the sink, none twice');
    const perWorker = [...workers, late].map((worker) => worker.of('sent').filter((e) => e.socket === 'push').length);
    assert.equal(perWorker.reduce((a, b) => a + b, 0), TASKS, `results sent per worker: ${perWorker}`);

    // The sink heard nothing while the link was down: a stall at least as long as the cut.
    const gaps = results.slice(1).map((e, i) => ({ from: results[i].at, ms: e.at - results[i].at }));
    const stall = gaps.reduce((a, b) => (b.ms > a.ms ? b : a));
    assert.ok(stall.ms >= CUT_MS - 100, `longest gap between results ${stall.ms} ms`);
    assert.ok(stall.from <= cutAt + 200 && stall.from + stall.ms >= restoredAt, 'the gap spans the cut');
    assert.ok(receivedBeforeCut < TASKS);

    await recording.until((e) => e.source === 'sink' && e.event === 'done');
    await waitFor(() => recording.report().sources.filter((s) => s.end !== null).length >= 2, 3000);
    const report = recording.report();
    const [batch] = report.pipeline.batches;
    assert.equal(batch.state, 'done');
    assert.equal(batch.results, TASKS);
    assert.equal(batch.tasks, TASKS);
    assert.equal(batch.workers.reduce((sum, w) => sum + w.tasks, 0), TASKS, 'the workers\' tasks add up');
    // Nothing could arrive while the link was down: the batch ended after it was back.
    assert.ok(batch.doneAt! >= restoredAt - 50, `the batch ended ${batch.doneAt! - restoredAt} ms after the link was restored`);
    assert.ok(batch.elapsedMs! >= CUT_MS, `elapsed ${batch.elapsedMs} ms (ideal ${batch.idealMs} ms) holds the ${CUT_MS} ms cut`);

    // The stall on the timeline: the sink's results per second drop to nothing for a second or more.
    const sinkSeries = report.throughput.sources.find((s) => s.source === 'sink')!.sockets.find((k) => k.socket === 'pull' && k.direction === 'received')!;
    assert.equal(sinkSeries.total, TASKS + 1, 'results and the "0"');
    const active = sinkSeries.perSecond.map((n, i) => [n, i] as const).filter(([n]) => n > 0).map(([, i]) => i);
    const silent = sinkSeries.perSecond.slice(active[0], active.at(-1)).filter((n) => n === 0).length;
    assert.ok(silent >= 1, `a silent second between the first and last results: ${sinkSeries.perSecond}`);

    // Socket events: the late worker retried its connection to the sink during the cut and
    // connected once the link was back. The connections open before the cut never dropped: TCP
    // held the results and retransmitted them (ZeroMQ has no heartbeat on by default).
    const events = (source: string) => report.socketEvents.sources.find((s) => s.source === source)?.events ?? [];
    const lateToSink = events('worker-late').filter((e) => e.socket === 'push');
    const retries = lateToSink.filter((e) => e.type === 'connect:retry' && e.t < restoredAt);
    assert.ok(retries.length >= 2, `connect retries while the link was down: ${lateToSink.map((e) => e.type)}`);
    assert.ok(lateToSink.some((e) => e.type === 'handshake' && e.t >= restoredAt - 50), 'connected once the link was back');
    // (Disconnects once the ventilator has sent its batch, or the sink has it, end the session.)
    const beforeDone = (source: string) => events(source).filter((e) => e.t < batch.doneAt! && e.type === 'disconnect' && e.address === sinkForWorkers);
    for (const source of ['sink', 'worker-1', 'worker-2']) assert.deepEqual(beforeDone(source), [], `${source}: no disconnect before the batch was done; cut ${cutAt}-${restoredAt}, done ${batch.doneAt}`);
    if (process.env.RELIABILITY_FIGURES) console.log(`      cut: ${TASKS}/${TASKS} results, stall ${stall.ms} ms for a ${CUT_MS} ms cut, batch ${batch.elapsedMs} ms (ideal ${Math.round(batch.idealMs!)} ms), late worker ${retries.length} retries`);
  });
  it('with --heartbeat, shows the disconnect and reconnect of a 2 s cut, and counts the results lost in flight', async () => {
    // A second batch keeps the ventilator up: once it exits, the workers' retries to it (every
    // 100 ms) would crowd the cut out of the socket events the analytics list (the last 100).
    const { recording, resultsLink, sinkForWorkers, sink, workers } = await startBatch(['--heartbeat', '150'], ['--count', '2']);

    await sink.until((e) => e.event === 'received' && e.frames[0]?.size === 0, TASKS / 4);
    network.set(resultsLink, 'down');
    const cutAt = Date.now();
    await sleep(CUT_MS);
    network.set(resultsLink, 'up');
    const restoredAt = Date.now();

    // Every task is done and its result sent; then nothing more comes to the sink.
    const sent = () => workers.reduce((sum, worker) => sum + worker.of('sent').filter((e) => e.socket === 'push').length, 0);
    await waitFor(() => sent() === TASKS, 15000, () => `results sent: ${sent()}`);
    const results = () => sink.of('received').filter((e) => e.frames[0]?.size === 0).length;
    let last = -1;
    await waitFor(() => {
      const now = results();
      const settled = now === last && Date.now() - restoredAt > 2000;
      last = now;
      return settled;
    }, 15000);
    await sleep(1000);
    const delivered = results();
    assert.equal(results(), delivered, 'nothing more arrives');
    assert.ok(delivered < TASKS, `results lost in flight when the connection was dropped: ${TASKS - delivered}`);
    assert.equal(sink.child.exitCode, null, 'the sink still waits for the batch');

    await waitFor(() => recording.report().pipeline.batches[0]?.results === delivered, 3000);
    const report = recording.report();
    const [batch] = report.pipeline.batches;
    assert.deepEqual([batch.state, batch.tasks, batch.results, batch.notTaken], ['running', TASKS, delivered, 0]);
    assert.equal(batch.workers.reduce((sum, w) => sum + w.tasks, 0), TASKS, 'the workers took every task');
    assert.equal(batch.taskDetails.filter((t) => t.end !== null).length, TASKS, 'and sent every result');

    // The timeline: each worker's connection to the sink dropped during the cut (the heartbeat
    // timed out), retried, and came back after it; the sink saw the same from its side.
    const events = (source: string) => report.socketEvents.sources.find((s) => s.source === source)?.events.filter((e) => e.address === sinkForWorkers) ?? [];
    for (const source of ['worker-1', 'worker-2']) {
      const story = events(source).filter((e) => e.t >= cutAt);
      const dropped = story.find((e) => e.type === 'disconnect');
      assert.ok(dropped && dropped.t < restoredAt, `${source}: disconnect during the cut: ${story.map((e) => e.type)}`);
      assert.ok(story.some((e) => e.type === 'connect:retry' && e.t < restoredAt), `${source}: retries while the link was down`);
      assert.ok(story.some((e) => e.type === 'handshake' && e.t >= restoredAt - 50), `${source}: reconnected after it`);
    }
    const sinkStory = events('sink').filter((e) => e.t >= cutAt);
    assert.ok(sinkStory.filter((e) => e.type === 'disconnect' && e.t < restoredAt).length >= 2, `sink: both workers dropped: ${sinkStory.map((e) => e.type)}`);
    assert.ok(sinkStory.filter((e) => e.type === 'handshake' && e.t >= restoredAt - 50).length >= 2, 'sink: both back');
    if (process.env.RELIABILITY_FIGURES) console.log(`      heartbeat cut: ${TASKS} results sent, ${delivered} delivered, ${TASKS - delivered} lost in flight`);
  });
});
