// Whole sessions beyond the three basic patterns (`run pair`, `run broker` with more clients than
// workers), and what the analytics make of them and of a publisher behind a forwarder.
import { strict as assert } from 'node:assert';
import type { AnalyticsReport } from '../../src/shared/analytics';
import { ANY_PORT, Roles, runCli, tempDir } from '../helpers/cli';
import { Recorder } from '../trace/traced';

describe('zmq-sessions run, beyond the basic patterns', () => {
  const roles = new Roles();
  let temp: ReturnType<typeof tempDir>;
  let recorder: Recorder;
  beforeEach(async () => {
    temp = tempDir();
    recorder = new Recorder(temp.dir);
    await recorder.started();
  });
  afterEach(async () => {
    await roles.stopAll();
    await recorder.stop();
    temp.remove();
  });

  /** The report once every source named has its `done` in the capture (their last counters come with it). */
  async function reportWhenDone(sources: string[]): Promise<AnalyticsReport> {
    const done = () => sources.every((source) => recorder.events().some((event) => event.source === source && event.event === 'done'));
    for (const deadline = Date.now() + 10000; Date.now() < deadline && !done(); ) await new Promise((resolve) => setTimeout(resolve, 50));
    return recorder.report();
  }

  it('pair: two pairs hold a conversation, each receiving the other\'s messages, and the analytics pair them', async () => {
    const result = await runCli(['run', 'pair', '--bind', ANY_PORT, '--count', '3', '--interval', '20', '--inspect', recorder.endpoint]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.match(/^\[pair 1\] Received: .*$/gm), [1, 2, 3].map((n) => `[pair 1] Received: b'World ${n}'`), result.stdout);
    assert.deepEqual(result.stdout.match(/^\[pair 2\] Received: .*$/gm), [1, 2, 3].map((n) => `[pair 2] Received: b'Hello ${n}'`), result.stdout);
    assert.match(result.stdout, /^Session pair done: the pairs at tcp:\/\/127\.0\.0\.1:\d+ sent each other 3 messages each way\.$/m);
    // The analytics pair the two by their endpoints (their exact counts are the unit tests' on a capture:
    // here, under load, a role's last report has once come after the recorder stopped).
    const pairs = (await reportWhenDone(['pair-1', 'pair-2'])).pairs;
    assert.deepEqual(pairs.map((pair) => [pair.source, pair.peer]).sort(), [['pair-1', 'pair-2'], ['pair-2', 'pair-1']]);
    for (const pair of pairs) assert.ok(pair.lines.some((line) => line.direction === 'received'), pair.source);
  });

  it('broker with 3 clients and 2 workers: each client\'s round trips and each worker\'s load at the broker', async () => {
    const args = ['run', 'broker', '--frontend-bind', ANY_PORT, '--backend-bind', ANY_PORT, '--clients', '3', '--workers', '2', '--count', '4', '--delay', '10'];
    const result = await runCli([...args, '--inspect', recorder.endpoint]);
    assert.equal(result.code, 0, result.stderr);
    for (const client of [1, 2, 3]) assert.equal(result.stdout.match(new RegExp(`^\\[req ${client}\\] Received reply \\d \\[ b'World' \\]$`, 'gm'))?.length, 4, result.stdout);
    assert.doesNotMatch(result.stdout, /^\[rep 3\]/m, 'two workers only');
    const summary = /^Session broker done: 3 clients sent 4 requests each through the broker at \S+; its 2 workers at \S+ answered (\d+), (\d+)\.$/m.exec(result.stdout);
    assert.ok(summary, result.stdout);
    assert.equal(Number(summary[1]) + Number(summary[2]), 12);

    const [broker] = (await reportWhenDone(['broker', 'req-1', 'req-2', 'req-3', 'rep-1', 'rep-2'])).brokers;
    assert.equal(broker.clients.length, 3, JSON.stringify(broker.clients));
    for (const client of broker.clients) {
      assert.deepEqual([client.requests, client.replies, client.waiting, client.roundTrip?.count], [4, 4, 0, 4], client.identity);
      assert.ok(client.roundTrip!.minMs >= 9, `the workers take 10 ms: ${client.roundTrip!.minMs}`);
    }
    assert.deepEqual(broker.workers.map((worker) => worker.source).sort(), ['rep-1', 'rep-2']);
    assert.deepEqual(broker.workers.map((worker) => worker.requests).sort(), [Number(summary[1]), Number(summary[2])].sort());
    assert.equal([broker.requestsIn, broker.repliesOut, broker.queued, broker.atWorkers].join(), '12,12,0,0');
  });

  it('a publisher behind a forwarder: the subscriber\'s matched, received and missed count the publisher\'s messages', async () => {
    const inspect = (id: string) => ['--inspect', recorder.endpoint, '--inspect-id', id];
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--message', '10001 60 {n}', '--interval', '5', ...inspect('weather')]);
    const forwarder = roles.start('forwarder', ['--connect', (await pub.ready).bound[0], '--bind', ANY_PORT, ...inspect('proxy')]);
    const backend = (await forwarder.ready).bound[0];
    const sub = roles.start('sub', ['--connect', backend, '--count', '12', ...inspect('reader')]);
    const other = roles.start('sub', ['--connect', backend, '--filter', '10002', ...inspect('elsewhere')]);
    await other.ready;
    assert.equal((await sub.exited).code, 0);
    await Promise.all([other.stop(), pub.stop(), forwarder.stop()]);
    const report = await reportWhenDone(['reader', 'elsewhere', 'weather', 'proxy']);
    const [reader, elsewhere] = ['reader', 'elsewhere'].map((source) => report.pubsub.subscribers.find((s) => s.source === source)!);
    assert.deepEqual(reader.publishers, ['weather'], 'linked to the publisher through the forwarder');
    assert.equal(reader.received, 12);
    // What was published in its lifetime before the subscription reached the publisher was missed; the rest arrived.
    assert.ok(reader.matched >= 12, `matched ${reader.matched}`);
    assert.equal(reader.missed, reader.matched - reader.received);
    const published = report.pubsub.publishers.find((p) => p.source === 'weather')!;
    assert.ok(reader.matched < published.published, `matched ${reader.matched} of ${published.published}: only those of its lifetime`);
    assert.deepEqual(published.subscribers.sort(), ['elsewhere', 'reader']);
    assert.deepEqual([elsewhere.publishers, elsewhere.matched, elsewhere.received], [['weather'], 0, 0], 'its filter matches nothing published');
  });
});
