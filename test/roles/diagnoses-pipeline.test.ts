import { strict as assert } from 'node:assert';
import { ANY_PORT } from '../helpers/cli';
import { figure, freePort, listed, ofKind, sleep, Stage } from './diagnoses-stage';

describe('diagnoses staged with pipeline roles', () => {
  let stage: Stage;
  beforeEach(async () => {
    stage = new Stage();
    await stage.open();
  });
  afterEach(() => stage.close());

  it('unbalanced-push and idle-worker: one worker connected, the ventilator at once, two more workers half a second later', async () => {
    const sink = stage.start('sink', 'sink', ['--bind', ANY_PORT, '--tasks', '60']);
    const sinkEndpoint = (await sink.ready).bound[0];
    const tasksPort = await freePort();
    const tasks = `tcp://127.0.0.1:${tasksPort}`;
    const first = stage.start('worker', 'worker-1', ['--connect', tasks, '--sink', sinkEndpoint]);
    await first.ready;
    stage.start('ventilator', 'ventilator', ['--bind', tasks, '--sink', sinkEndpoint, '--tasks', '60', '--workload', '20-40', '--no-wait']);
    await sleep(500);
    for (const id of ['worker-2', 'worker-3']) stage.start('worker', id, ['--connect', tasks, '--sink', sinkEndpoint]);
    assert.equal((await sink.exited).code, 0);
    const found = await stage.diagnoses();

    const [unbalanced] = ofKind(found, 'unbalanced-push');
    assert.ok(unbalanced, listed(found));
    assert.equal(unbalanced.severity, 'warning');
    assert.deepEqual([...unbalanced.sources].sort(), ['ventilator', 'worker-1', 'worker-2', 'worker-3']);
    assert.equal(figure(unbalanced, 'worker-1 tasks'), 60);
    assert.equal(figure(unbalanced, 'worker-2 tasks'), 0);
    assert.ok(Number(figure(unbalanced, 'worker-2 joined after')) >= 400, listed(found));
    assert.match(unbalanced.advice, /start the batch after every worker has connected.*zguide, Chapter 1, "Divide and Conquer"/);
    assert.deepEqual(ofKind(found, 'idle-worker').map((d) => d.sources[0]).sort(), ['worker-2', 'worker-3']);
  });

  it('late-start-signal: the ventilator\'s "0" reaches the sink through a proxy started after the results', async () => {
    const sink = stage.start('sink', 'sink', ['--bind', ANY_PORT, '--tasks', '10']);
    const sinkEndpoint = (await sink.ready).bound[0];
    const signal = `tcp://127.0.0.1:${await freePort()}`;
    // Two batches: waiting for Enter before the second, it stays, and keeps its "0" queued until
    // the proxy is there to take it.
    const ventilator = stage.start('ventilator', 'ventilator', ['--bind', ANY_PORT, '--sink', signal, '--tasks', '10', '--workload', '1-5', '--count', '2']);
    const tasks = (await ventilator.ready).bound[0];
    const worker = stage.start('worker', 'worker-1', ['--connect', tasks, '--sink', sinkEndpoint]);
    await ventilator.until((event) => event.event === 'socket' && event.socket === 'push' && event.type === 'handshake');
    ventilator.writeLine();
    await worker.until((event) => event.event === 'sent' && event.socket === 'push', 10);
    stage.start('proxy', 'proxy', ['--pattern', 'pipeline', '--bind', signal, '--connect', sinkEndpoint]);
    assert.equal((await sink.exited).code, 0);
    const found = await stage.diagnoses();

    const [late] = ofKind(found, 'late-start-signal');
    assert.ok(late, listed(found));
    assert.deepEqual(late.sources, ['sink']);
    assert.equal(figure(late, 'results before the "0"'), 10);
    assert.ok(Number(figure(late, 'first result before it')) > 0);
  });

  it('consumer-behind: a ventilator without a high-water mark sends batch after batch to one slow worker', async () => {
    const sink = stage.start('sink', 'sink', ['--bind', ANY_PORT, '--tasks', '1000', '--count', '0']);
    const sinkEndpoint = (await sink.ready).bound[0];
    const ventilator = stage.start('ventilator', 'ventilator', ['--bind', ANY_PORT, '--sink', sinkEndpoint, '--tasks', '1000', '--workload', '5-5', '--count', '0', '--no-wait', '--hwm', '0']);
    const tasks = (await ventilator.ready).bound[0];
    stage.start('worker', 'worker-1', ['--connect', tasks, '--sink', sinkEndpoint]);
    await sleep(4500);
    const found = await stage.diagnoses();

    const [behind] = ofKind(found, 'consumer-behind');
    assert.ok(behind, listed(found));
    assert.deepEqual(behind.sources, ['worker-1', 'ventilator']);
    assert.ok(Number(figure(behind, 'received')) < Number(figure(behind, 'sent')), listed(found));
    assert.ok(Number(figure(behind, 'queue growth')) >= 100);
  });
});
