// The zguide's extended request-reply and forwarded publish-subscribe in pyzmq, seen only on the
// wire: rrclients through rrbroker (ROUTER/DEALER) to rrworkers give each client's round trips at
// the broker and each worker's load; wuproxy (XSUB/XPUB) between a publisher and a subscriber
// gives the subscriber's matched, received and missed across it.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { Analytics, AnalyticsReport } from '../../src/shared/analytics';
import { CollectedEvent } from '../../src/shared/telemetry';
import { runCli, tempDir } from '../helpers/cli';
import { PYTHON } from '../helpers/python';
import { waitFor } from '../helpers/wait';
import { Proc } from '../trace/traced';
import { captureCli, captureFile } from './capturing';
import { freePort } from '../roles/diagnoses-stage';

const EXTENDED = path.resolve(__dirname, '../../../test/fixtures/extended');

/** TCP connections established on a local port, both ends counted (`ss`). */
const established = (port: number) => execFileSync('ss', ['-Htn', 'state', 'established', `( sport = :${port} or dport = :${port} )`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;

describe('wire: the zguide\'s broker and proxy in pyzmq', function () {
  this.timeout(60000);
  const temp = tempDir();
  const procs: Proc[] = [];
  /** A fixture script, or code with -c. */
  const python = (script: string, ...args: string[]) => {
    const proc = new Proc(PYTHON, [script === '-c' ? script : path.join(EXTENDED, script), ...args], { cwd: EXTENDED });
    procs.push(proc);
    return proc;
  };
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((proc) => proc.stop()));
  });
  after(() => temp.remove());

  const analyse = (events: CollectedEvent[]): AnalyticsReport => {
    const analytics = new Analytics();
    events.forEach((event) => analytics.add(event));
    return analytics.report(events.reduce((last, event) => Math.max(last, event.t), 0));
  };

  /** rrbroker, 2 rrworkers and 3 rrclients of 4 requests each; the capture starts once the broker listens. */
  async function brokered(startCapture: (ports: number[]) => Promise<{ stop(): Promise<unknown> }>): Promise<number[]> {
    const broker = python('rrbroker.py', 'tcp://127.0.0.1:*', 'tcp://127.0.0.1:*');
    await broker.until(/^\d+ \d+$/m);
    const ports = broker.stdout.trim().split(' ').map(Number);
    const capture = await startCapture(ports);
    const workers = [1, 2].map(() => python('rrworker.py', `tcp://127.0.0.1:${ports[1]}`));
    // Clients once both workers are connected, as the zguide starts them: until the wire has seen a
    // DEALER, the broker's program is a ROUTER alone (a router), and what it takes then is counted so.
    await waitFor(() => established(ports[1]) >= 4, 15000, 'both workers connected to the broker');
    const clients = [1, 2, 3].map(() => python('rrclient.py', `tcp://127.0.0.1:${ports[0]}`, '4'));
    for (const client of clients) assert.equal((await client.exited).code, 0, client.stderr);
    const answered = workers.map((worker) => worker.stdout.match(/^Received request/gm)?.length ?? 0);
    await Promise.all([broker, ...workers].map((proc) => proc.stop()));
    await capture.stop();
    return answered;
  }

  function assertBrokered(report: AnalyticsReport, answered: number[]): void {
    const roles = JSON.stringify(report.sources.map((source) => [source.source, source.role]));
    assert.equal(report.brokers.length, 1, roles);
    const [broker] = report.brokers;
    assert.equal(broker.clients.length, 3, JSON.stringify(broker.clients));
    for (const client of broker.clients) {
      assert.deepEqual([client.requests, client.replies, client.waiting, client.roundTrip?.count], [4, 4, 0, 4], client.identity);
      assert.ok(client.roundTrip!.minMs >= 9, `a worker takes 10 ms: ${client.roundTrip!.minMs}`);
    }
    assert.deepEqual(broker.workers.map((worker) => worker.requests).sort(), [...answered].sort(), `${roles}; the workers printed ${answered}`);
    assert.equal([broker.requestsIn, broker.requestsOut, broker.repliesIn, broker.repliesOut, broker.queued].join(), '12,12,12,12,0');
  }

  it('zmq-sessions capture, live: the broker by its process, its clients\' round trips and its workers\' loads', async () => {
    const out = path.join(temp.dir, 'broker.jsonl');
    let capture: Awaited<ReturnType<typeof captureCli>> | undefined;
    const answered = await brokered(async (ports) => (capture = await captureCli(ports, out)));
    const report = analyse(capture!.events());
    assert.match(report.brokers[0]?.source ?? '', /rrbroker\.py .*\(pid \d+\)$/, JSON.stringify(report.sources.map((s) => s.source)));
    assertBrokered(report, answered);
  });

  it('report on a tcpdump pcap: the broker\'s two listening ends taken for one broker', async () => {
    const file = path.join(temp.dir, 'broker.pcap');
    const answered = await brokered((ports) => captureFile('tcpdump', ports, file));
    const result = await runCli(['report', file, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assertBrokered(JSON.parse(result.stdout), answered);
  });

  it('wuproxy between a publisher and a subscriber: the subscription passed upstream, and what the subscriber matched across it', async () => {
    const pub = python('-c', [
      'import zmq, time',
      's = zmq.Context().socket(zmq.PUB)',
      'print(s.bind_to_random_port("tcp://127.0.0.1"), flush=True)',
      'n = 0',
      'while True:',
      '    n += 1',
      '    s.send_string("10001 60 %d" % n)',
      '    time.sleep(0.005)',
    ].join('\n'));
    await pub.until(/^\d+$/m);
    const pubPort = Number(pub.stdout.trim());
    // The capture sees the proxy's handshakes (their socket types): it starts first, on a port free now for the proxy.
    const proxyPort = await freePort();
    const out = path.join(temp.dir, 'forwarder.jsonl');
    const capture = await captureCli([pubPort, proxyPort], out);
    const proxy = python('wuproxy.py', `tcp://127.0.0.1:${pubPort}`, `tcp://127.0.0.1:${proxyPort}`);
    await proxy.until(/^\d+$/m);
    const sub = python('-c', [
      'import sys, zmq',
      's = zmq.Context().socket(zmq.SUB)',
      `s.connect("tcp://127.0.0.1:${proxyPort}")`,
      's.setsockopt(zmq.SUBSCRIBE, b"10001")',
      'for i in range(10): print(s.recv_string(), flush=True)',
    ].join('\n'));
    assert.equal((await sub.exited).code, 0, sub.stderr);
    await Promise.all([pub.stop(), proxy.stop()]);
    await capture.stop();
    const report = analyse(capture.events());
    const roles = JSON.stringify(report.sources.map((source) => [source.source, source.role]));
    const [forwarder] = report.forwarders;
    assert.ok(forwarder, roles);
    assert.deepEqual(forwarder.topics.map((topic) => topic.topic), ['10001'], 'the subscription it passed upstream');
    assert.ok(forwarder.updatesOut >= 10, `${forwarder.updatesOut} updates passed on`);
    const [subscriber] = report.pubsub.subscribers;
    assert.equal(subscriber.received, 10, roles);
    assert.equal(subscriber.publishers.length, 1, `linked to the publisher across the forwarder: ${roles}`);
    assert.match(subscriber.publishers[0], /^python3 -c /);
    assert.match(forwarder.source, /^python3 wuproxy\.py /);
    assert.ok(subscriber.matched >= 10 && subscriber.missed === subscriber.matched - subscriber.received, JSON.stringify(subscriber));
  });
});
