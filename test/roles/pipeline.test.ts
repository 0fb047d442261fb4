import { strict as assert } from 'node:assert';
import * as zmq from 'zeromq';
import { ANY_PORT, Roles, runCli } from '../helpers/cli';

const handshakes = (socket: string) => (event: { event: string; socket?: string; type?: string }) =>
  event.event === 'socket' && event.socket === socket && event.type === 'handshake';

describe('pipeline roles', () => {
  const roles = new Roles();
  afterEach(() => roles.stopAll());

  it('ventilator, two workers and sink process a batch with the seed\'s output', async () => {
    const sink = roles.start('sink', ['--bind', ANY_PORT, '--tasks', '20']);
    const sinkEndpoint = (await sink.ready).bound[0];
    const ventilator = roles.start('ventilator', ['--bind', ANY_PORT, '--sink', sinkEndpoint, '--tasks', '20', '--workload', '20-40']);
    const tasks = (await ventilator.ready).bound[0];
    const workers = [1, 2].map(() => roles.start('worker', ['--connect', tasks, '--sink', sinkEndpoint]));
    await Promise.all(workers.map((worker) => worker.ready));
    await ventilator.until(handshakes('push'), 2);
    await ventilator.until((event) => event.event === 'waiting');
    ventilator.writeLine();
    assert.equal((await sink.exited).code, 0);
    assert.equal((await ventilator.exited).code, 0);

    const [sent] = ventilator.of('batch-sent');
    const workloads = ventilator.of('sent').filter((event) => event.socket === 'push').map((event) => Number(event.frames[0].text));
    assert.equal(workloads.length, 20);
    assert.ok(workloads.every((ms) => ms >= 20 && ms <= 40));
    assert.equal(sent.expectedCostMs, workloads.reduce((a, b) => a + b, 0));
    assert.equal(ventilator.text, `Press Enter when the workers are ready: \nSending tasks to workers…\nTotal expected cost: ${sent.expectedCostMs} msec\n`);
    assert.deepEqual(ventilator.of('sent').filter((event) => event.socket === 'sink').map((event) => event.frames[0].text), ['0']);

    const [done] = sink.of('batch-done');
    assert.equal(sink.text, `:.........:.........Total elapsed time: ${done.elapsedMs} msec\n`);
    // Two workers in parallel: faster than one would be, never faster than half the cost. Tasks of
    // 20-40 ms, not 5-10: on a loaded machine each task's hops took as long as its work (172 ms for 140).
    assert.ok(done.elapsedMs < sent.expectedCostMs, `elapsed ${done.elapsedMs} < cost ${sent.expectedCostMs}`);
    assert.ok(done.elapsedMs >= sent.expectedCostMs / 2 - 5, `elapsed ${done.elapsedMs} >= half the cost`);

    const perWorker = workers.map((worker) => worker.of('received').length);
    assert.equal(perWorker[0] + perWorker[1], 20);
    assert.ok(perWorker.every((count) => count > 0), `both workers got tasks: ${perWorker}`);
    for (const worker of workers) {
      assert.equal(worker.text, '.'.repeat(worker.of('received').length));
      assert.ok(worker.of('sent').every((event) => event.frames.length === 1 && event.frames[0].size === 0), 'results are empty');
    }
  });

  it('the ventilator asks for Enter and explains --no-wait when stdin is closed', async () => {
    const result = await runCli(['ventilator', '--bind', ANY_PORT, '--sink', 'tcp://127.0.0.1:9']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, 'Press Enter when the workers are ready: \n');
    assert.equal(result.stderr.trim(), 'Error: Standard input closed before Enter was pressed. Run the ventilator in a terminal, or pass --no-wait to start at once.');
  });

  it('the sink collects several batches with --count, each after its "0"', async () => {
    const sink = roles.start('sink', ['--bind', ANY_PORT, '--tasks', '5', '--count', '2']);
    const sinkEndpoint = (await sink.ready).bound[0];
    const ventilator = roles.start('ventilator', ['--bind', ANY_PORT, '--sink', sinkEndpoint, '--tasks', '5', '--workload', '1-1', '--count', '2']);
    const worker = roles.start('worker', ['--connect', (await ventilator.ready).bound[0], '--sink', sinkEndpoint]);
    await worker.ready;
    await ventilator.until(handshakes('push'));
    for (const batch of [1, 2]) {
      await ventilator.until((event) => event.event === 'waiting' && event.batch === batch);
      ventilator.writeLine();
    }
    assert.equal((await sink.exited).code, 0);
    assert.deepEqual(sink.of('batch-done').map((event) => [event.batch, event.results]), [[1, 5], [2, 5]]);
    assert.equal(worker.of('received').length, 10);
  });

  it('the sink counts a result it read before the batch\'s "0" toward the batch, and does not wait for one more', async () => {
    const sink = roles.start('sink', ['--bind', ANY_PORT, '--tasks', '3']);
    const endpoint = (await sink.ready).bound[0];
    // Two peers as a worker and a ventilator: the sink takes them in turn, so which of a result
    // and a "0" waiting together it reads first is up to its queue; here the result comes first.
    const worker = new zmq.Push({ linger: 1000 });
    const ventilator = new zmq.Push({ linger: 1000 });
    try {
      worker.connect(endpoint);
      ventilator.connect(endpoint);
      await worker.send('');
      await sink.until((event) => event.event === 'received');
      await ventilator.send('0');
      await sink.until((event) => event.event === 'batch-start');
      await worker.send('');
      await worker.send('');
      assert.equal((await sink.exited).code, 0);
      assert.deepEqual(sink.of('batch-done').map((event) => event.results), [3]);
      assert.match(sink.text, /^:\.\.Total elapsed time: \d+ msec\n$/);
    } finally {
      worker.close();
      ventilator.close();
    }
  });

  it('runs a batch through the inspection proxy between the workers and the sink, which sees every result', async () => {
    const sink = roles.start('sink', ['--bind', ANY_PORT, '--tasks', '10']);
    const proxy = roles.start('proxy', ['--pattern', 'pipeline', '--bind', ANY_PORT, '--connect', (await sink.ready).bound[0]]);
    const through = (await proxy.ready).bound[0];
    const ventilator = roles.start('ventilator', ['--bind', ANY_PORT, '--sink', through, '--tasks', '10', '--workload', '1-3']);
    const worker = roles.start('worker', ['--connect', (await ventilator.ready).bound[0], '--sink', through]);
    await worker.ready;
    await ventilator.until(handshakes('push'));
    ventilator.writeLine();
    assert.equal((await sink.exited).code, 0);
    await proxy.until((event) => event.event === 'proxied', 11);
    const passed = proxy.of('proxied');
    assert.deepEqual(passed.map((event) => event.frames[0].size), [1, ...Array(10).fill(0)], 'the "0", then ten empty results');
  });
});
