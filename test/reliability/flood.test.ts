// A flood: 1,000,000 tasks at full speed through an inspected pipeline (ventilator, worker, sink),
// the collector and its capture in this process. The capture stays within its capacity, this
// process's memory stays bounded, and the exact counters add up to every message.
import { strict as assert } from 'node:assert';
import { ANY_PORT } from '../helpers/cli';
import { useFaults, waitFor } from './helpers/roles';

const TASKS = 1_000_000;
const CAPACITY = 20_000;
/** How much this process (collector, capture, analytics) may grow while the flood goes through it. */
const MAX_GROWTH_MB = 200;

describe('flood', function () {
  this.timeout(90000);
  const { roles, record } = useFaults();

  it(`${TASKS.toLocaleString('en')} tasks: bounded capture and memory, exact counters`, async () => {
    const recording = await record(CAPACITY);
    const capture = recording.capture;
    const inspect = recording.endpoint;
    const quiet = { inspect, json: false };
    const has = (source: string, test: (e: Record<string, unknown>) => boolean) => () => capture.kept().events.some((e) => e.source === source && test(e as unknown as Record<string, unknown>));
    const ready = (source: string) => has(source, (e) => e.event === 'ready');

    const sink = roles.start('sink', 'sink', ['--bind', ANY_PORT, '--tasks', String(TASKS)], quiet);
    await waitFor(ready('sink'), 5000);
    const bound = (source: string) => (capture.kept().events.find((e) => e.source === source && e.event === 'ready') as unknown as { bound: string[] }).bound[0];
    const results = bound('sink');
    const ventilator = roles.start('ventilator', 'ventilator', ['--bind', ANY_PORT, '--sink', results, '--tasks', String(TASKS), '--workload', '0-0'], quiet);
    await waitFor(ready('ventilator'), 5000);
    roles.start('worker', 'worker', ['--connect', bound('ventilator'), '--sink', results], quiet);
    // Enter once the worker is connected to both and the ventilator to the sink: nothing goes astray.
    const handshake = (source: string, socket: string) => has(source, (e) => e.event === 'socket' && e.socket === socket && e.type === 'handshake');
    await waitFor(() => handshake('worker', 'pull')() && handshake('worker', 'push')() && handshake('ventilator', 'sink')() && has('ventilator', (e) => e.event === 'waiting')(), 5000);

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const started = Date.now();
    ventilator.writeLine();
    const exit = await sink.exited;
    const ms = Date.now() - started;
    clearInterval(sampler);
    assert.equal(exit.code, 0, 'the sink collected the whole batch');

    await waitFor(has('sink', (e) => e.event === 'done'), 5000);
    await waitFor(() => recording.report().throughput.sources.find((s) => s.source === 'worker')?.sockets.find((k) => k.socket === 'push')?.total === TASKS, 5000, () => 'the worker\'s final counters');
    const report = recording.report();
    const total = (source: string, socket: string, direction: 'sent' | 'received') =>
      report.throughput.sources.find((s) => s.source === source)?.sockets.find((k) => k.socket === socket && k.direction === direction)?.total;
    assert.deepEqual(
      [total('ventilator', 'push', 'sent'), total('ventilator', 'sink', 'sent'), total('worker', 'pull', 'received'), total('worker', 'push', 'sent'), total('sink', 'pull', 'received')],
      [TASKS, 1, TASKS, TASKS, TASKS + 1],
      'exact counters: every task, every result and the "0"',
    );
    const [batch] = report.pipeline.batches;
    assert.deepEqual([batch.state, batch.tasks, batch.results, batch.expectedCostMs], ['done', TASKS, TASKS, 0]);
    // Sampled task events stand for those sampled out before them, the last one for those after it.
    const perWorker = batch.workers[0].tasks;
    assert.equal(perWorker, TASKS, 'the worker\'s tasks, from the sample and the counters');
    // The sample keeps both of the worker's directions, not only one of them (an even stride did).
    const kept = capture.kept().events.filter((e) => e.source === 'worker');
    const [received, sent] = ['received', 'sent'].map((kind) => kept.filter((e) => e.event === kind).length);
    assert.ok(received > 0 && sent > 0 && received / sent > 0.5 && received / sent < 2, `the worker's sample: ${received} received, ${sent} sent`);
    assert.equal(batch.estimated, true, 'and say they are estimated');

    assert.ok(capture.size <= CAPACITY, `capture holds ${capture.size}`);
    const lost = capture.lost;
    assert.ok(lost.evicted > 0 && lost.sampledOut > 0, JSON.stringify(lost));
    const growthMb = (peak - baseline) / 1e6;
    assert.ok(growthMb < MAX_GROWTH_MB, `this process grew ${growthMb.toFixed(0)} MB`);
    if (process.env.RELIABILITY_FIGURES) {
      console.log(`      flood: ${TASKS} tasks in ${ms} ms (${Math.round(TASKS / (ms / 1000))}/s), capture ${capture.size}/${CAPACITY}, evicted ${lost.evicted}, sampled out ${lost.sampledOut}, dropped at roles ${lost.droppedAtRoles}, rss +${growthMb.toFixed(0)} MB, worker tasks estimated ${perWorker}`);
    }
  });
});

