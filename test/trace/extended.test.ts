// Traced pyzmq programs beyond the basic patterns, after the zguide: rrclient, rrworker and
// rrbroker (ROUTER/DEALER) give each client's round trips through the broker and each worker's
// load; wuproxy (XSUB/XPUB) between a publisher and subscribers gives its subscriptions.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ANY_PORT, Roles } from '../helpers/cli';
import { PYTHON, useRecording } from './traced';

const EXTENDED = path.resolve(__dirname, '../../../test/fixtures/extended');

describe('trace: the zguide\'s broker and proxy in pyzmq', function () {
  this.timeout(60000);
  const roles = new Roles();
  const recording = useRecording(roles);
  const start = (script: string, args: string[]) => recording.start(recording.recorder.endpoint, [PYTHON, path.join(EXTENDED, script), ...args], { cwd: EXTENDED });

  // rrbroker forwards in a poll loop of its own; msgqueue calls zmq.proxy, which the tracer runs in
  // Python, through the traced sockets, so that its messages show.
  for (const program of ['rrbroker.py', 'msgqueue.py']) {
    it(`${program} between 3 rrclients and 2 rrworkers: each client's round trips at the broker, each worker's load`, async () => {
      const broker = start(program, ['tcp://127.0.0.1:*', 'tcp://127.0.0.1:*']);
      await broker.until(/^\d+ \d+$/m);
      const [frontend, backend] = broker.stdout.trim().split(' ').map((port) => `tcp://127.0.0.1:${port}`);
      const workers = [1, 2].map(() => start('rrworker.py', [backend]));
      const clients = [1, 2, 3].map(() => start('rrclient.py', [frontend, '4']));
      for (const client of clients) {
        assert.equal((await client.exited).code, 0, client.stderr);
        assert.equal(client.stdout.match(/^Received reply \d \[b'World'\]$/gm)?.length, 4, client.stdout);
      }
      const answered = workers.map((worker) => worker.stdout.match(/^Received request: b'Hello'$/gm)?.length ?? 0);
      await Promise.all([broker, ...workers].map((proc) => proc.stop()));
      const report = await recording.recorder.report();
      const brokerSource = report.sources.find((source) => source.role === 'broker');
      assert.ok(brokerSource, `the ROUTER+DEALER program is a broker: ${JSON.stringify(report.sources.map((s) => [s.source, s.role]))}`);
      const [atBroker] = report.brokers;
      assert.equal(atBroker.clients.length, 3, JSON.stringify(atBroker.clients));
      for (const client of atBroker.clients) {
        assert.deepEqual([client.requests, client.replies, client.waiting, client.roundTrip?.count], [4, 4, 0, 4], client.identity);
        assert.ok(client.roundTrip!.minMs >= 9, `a worker takes 10 ms: ${client.roundTrip!.minMs}`);
      }
      assert.equal(atBroker.workers.length, 2, JSON.stringify(atBroker.workers));
      assert.deepEqual(atBroker.workers.map((worker) => worker.requests).sort(), [...answered].sort(), `the workers printed ${answered}`);
      assert.equal([atBroker.requestsIn, atBroker.repliesOut, atBroker.queued].join(), '12,12,0');
      // The clients are REQ programs of their own: their round trips include the broker's two hops.
      assert.deepEqual(report.reqrep.clients.map((client) => client.pairs), [4, 4, 4]);
    });
  }

  it('wuproxy between our publisher and a pyzmq subscriber: the subscription it passed upstream, and the subscriber\'s matched across it', async () => {
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--message', '10001 60 {n}', '--interval', '5', '--no-messages', '--inspect', recording.recorder.endpoint, '--inspect-id', 'weather']);
    const proxy = start('wuproxy.py', [(await pub.ready).bound[0], 'tcp://127.0.0.1:*']);
    await proxy.until(/^\d+$/m);
    const code = ['import zmq', 's = zmq.Context().socket(zmq.SUB)', `s.connect("tcp://127.0.0.1:${proxy.stdout.trim()}")`, 's.setsockopt(zmq.SUBSCRIBE, b"10001")', 'for i in range(10): s.recv()'];
    const sub = recording.start(recording.recorder.endpoint, [PYTHON, '-c', code.join('\n')], { cwd: EXTENDED });
    assert.equal((await sub.exited).code, 0, sub.stderr);
    await Promise.all([proxy.stop(), pub.stop()]);
    const report = await recording.recorder.report();
    const roleOf = JSON.stringify(report.sources.map((source) => [source.source, source.role]));
    const [forwarder] = report.forwarders;
    assert.ok(forwarder, roleOf);
    assert.deepEqual(forwarder.topics.map((topic) => [topic.topic, topic.subscribed]), [['10001', 1]], 'the subscription it passed upstream');
    assert.ok(forwarder.updatesIn >= 10 && forwarder.updatesOut >= 10, `${forwarder.updatesIn} in, ${forwarder.updatesOut} out`);
    const [subscriber] = report.pubsub.subscribers;
    assert.deepEqual([subscriber.publishers, subscriber.received], [['weather'], 10], roleOf);
    assert.ok(subscriber.matched >= 10 && subscriber.missed === subscriber.matched - subscriber.received, JSON.stringify(subscriber));
  });
});
