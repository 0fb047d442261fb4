// The analytics of brokers and forwarders, on captures recorded from real sessions (`record` while
// `run broker --workers 2 --count 3` ran; a pub, a forwarder and two subs) and on made-up streams
// for what a healthy session never shows (requests queued at a broker with no worker).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CollectedEvent } from '../../../src/shared/telemetry';
import { analyse, interleavings, Source } from './events';

const root = resolve(__dirname, '../../../..');
const capture = (name: string): CollectedEvent[] =>
  readFileSync(resolve(root, 'test/fixtures/captures', name), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const bySource = (events: CollectedEvent[]) => [...new Set(events.map((event) => event.source))].map((source) => events.filter((event) => event.source === source));
const hex = (text: string) => ({ size: text.length / 2, hex: text });
const text = (value: string) => ({ size: value.length, text: value });

describe('analytics: request-reply through a broker', () => {
  const events = capture('broker-session.jsonl');
  const end = events.at(-1)!.t;

  it('pairs each client\'s requests with its replies by identity, and counts each worker\'s share', () => {
    for (const [name, merged] of interleavings(bySource(events))) {
      const [broker, ...others] = analyse(merged, end).brokers;
      assert.equal(others.length, 0, name);
      assert.deepEqual([broker.requestsIn, broker.requestsOut, broker.repliesIn, broker.repliesOut, broker.queued, broker.atWorkers], [6, 6, 6, 6, 0, 0], name);
      assert.equal(broker.clients.length, 2, name);
      for (const client of broker.clients) {
        assert.match(client.identity, /^00[0-9a-f]{8}$/, name);
        assert.deepEqual([client.requests, client.replies, client.waiting, client.roundTrip?.count], [3, 3, 0, 3], name);
      }
      assert.deepEqual(broker.workers.map((worker) => worker.source).sort(), ['rep-1', 'rep-2'], name);
      assert.equal(broker.workers.reduce((sum, worker) => sum + worker.requests, 0), 6, name);
      assert.equal(broker.workers.reduce((sum, worker) => sum + worker.share, 0), 1, name);
    }
  });

  it('a round trip through the broker is within the client\'s own, which adds its two hops', () => {
    const report = analyse(events, end);
    const atBroker = report.brokers[0].clients.map((client) => client.roundTrip!.maxMs).sort((a, b) => a - b);
    const atClients = report.reqrep.clients.map((client) => client.roundTrip!.maxMs).sort((a, b) => a - b);
    assert.deepEqual(report.reqrep.clients.map((client) => client.pairs), [3, 3]);
    assert.ok(atBroker[1] <= atClients[1], `${atBroker} within ${atClients}`);
    // Every request waited at least the workers' 5 ms of work (--delay 5).
    for (const client of report.brokers[0].clients) assert.ok(client.roundTrip!.minMs >= 5, `${client.roundTrip!.minMs}`);
  });

  it('goes on counting through a broker\'s second ready from the same process (the wire gives one as it learns endpoints), and starts again for a new process', () => {
    const ready = (pid: number) => ({ event: 'ready' as const, role: 'broker' as const, pid, bound: ['tcp://127.0.0.1:5559'], connected: [], sockets: { frontend: { bound: ['tcp://127.0.0.1:5559'], connected: [] } } });
    const broker = new Source('broker').event(0, ready(7))
      .event(1, { event: 'received', socket: 'frontend', seq: 1, frames: [hex('0000000003'), text(''), text('Hello')] })
      .event(2, ready(7))
      .event(3, { event: 'sent', socket: 'frontend', seq: 1, frames: [hex('0000000003'), text(''), text('World')] });
    const [same] = analyse(broker.events, 10).brokers;
    assert.deepEqual(same.clients.map((c) => [c.requests, c.replies, c.roundTrip?.count]), [[1, 1, 1]]);
    const [restarted] = analyse([...broker.events, { ...ready(8), t: 4, source: 'broker' } as CollectedEvent], 10).brokers;
    assert.deepEqual([restarted.clients.length, restarted.requestsIn], [0, 0]);
  });

  it('counts requests queued at a broker that no worker takes, and the clients still waiting', () => {
    const broker = new Source('broker').event(0, { event: 'ready', role: 'broker', pid: 1, bound: ['tcp://127.0.0.1:5559', 'tcp://127.0.0.1:5560'], connected: [], sockets: { frontend: { bound: ['tcp://127.0.0.1:5559'], connected: [] }, backend: { bound: ['tcp://127.0.0.1:5560'], connected: [] } } });
    for (const [seq, id] of [[1, '0011111111'], [2, '0022222222'], [3, '0011111111']] as const) {
      broker.event(seq * 10, { event: 'received', socket: 'frontend', seq, frames: [hex(id), text(''), text('Hello')] });
    }
    broker.event(40, { event: 'sent', socket: 'backend', seq: 1, frames: [hex('0011111111'), text(''), text('Hello')] });
    const worker = new Source('rep-1').ready(5, 'rep', [], ['tcp://localhost:5560']).received(41, 'rep', 1, 'Hello');
    const elsewhere = new Source('rep-2').ready(5, 'rep', ['tcp://127.0.0.1:5555'], []).received(41, 'rep', 1, 'Hello');
    const [report] = analyse([...broker.events, ...worker.events, ...elsewhere.events], 100).brokers;
    assert.deepEqual([report.requestsIn, report.requestsOut, report.queued, report.atWorkers], [3, 1, 2, 1]);
    assert.deepEqual(report.clients.map((client) => [client.identity, client.requests, client.waiting]), [['0011111111', 2, 2], ['0022222222', 1, 1]]);
    assert.deepEqual(report.workers, [{ source: 'rep-1', requests: 1, share: 1 }], 'a REP not connected to this broker is not its worker');
  });
});

describe('analytics: publish-subscribe through a forwarder', () => {
  const events = capture('forwarder-session.jsonl');

  it('lists the subscriptions the forwarder passed upstream, and the updates it passed on', () => {
    for (const [name, merged] of interleavings(bySource(events))) {
      const [forwarder] = analyse(merged, events.at(-1)!.t).forwarders;
      assert.equal(forwarder.updatesIn, forwarder.updatesOut, name);
      assert.ok(forwarder.updatesIn >= 4, `${forwarder.updatesIn} updates`);
      assert.deepEqual(forwarder.frontend, ['tcp://localhost:15671'], name);
      assert.deepEqual(forwarder.backend, ['tcp://127.0.0.1:15672'], name);
      // Both subscribers took "10001", only the second "2"; both have gone, so every topic was cancelled.
      assert.deepEqual(forwarder.topics.map((topic) => [topic.topic, topic.active]), [['10001', false], ['2', false]], name);
      for (const topic of forwarder.topics) assert.equal(topic.subscribed, topic.cancelled, name);
    }
  });

  it('matches what the publisher published to each subscriber behind the forwarder: matched, received, missed', () => {
    for (const [name, merged] of interleavings(bySource(events))) {
      const { pubsub } = analyse(merged, events.at(-1)!.t);
      assert.deepEqual(pubsub.publishers.map((p) => [p.source, p.subscribers.sort()]), [['pub', ['sub-1', 'sub-2']]], name);
      const figures = pubsub.subscribers
        .map((s) => [s.source, s.publishers, s.matched, s.missedBeforeJoin, s.received, s.droppedAfterJoin] as const)
        .sort((a, b) => a[0].localeCompare(b[0]));
      // sub-1 lived from 10001 200 on, published before its handshake; sub-2 from 10001 290 on.
      assert.deepEqual(figures, [['sub-1', ['pub'], 4, 1, 3, 0], ['sub-2', ['pub'], 5, 1, 4, 0]], name);
    }
  });

  it('follows a chain of forwarders, either side binding, and links no subscriber of another publisher', () => {
    const pub = new Source('pub').ready(0, 'pub', [], ['tcp://localhost:7001']);
    for (let seq = 1; seq <= 4; seq++) pub.event(10 * seq, { event: 'sent', socket: 'pub', seq, frames: [text(`A ${seq}`)] });
    const places = (frontend: [string[], string[]], backend: [string[], string[]]) => ({
      frontend: { bound: frontend[0], connected: frontend[1] },
      backend: { bound: backend[0], connected: backend[1] },
    });
    // The first forwarder binds its frontend for the publisher; the second connects to the first's backend.
    const first = new Source('fwd-1').event(1, { event: 'ready', role: 'forwarder', pid: 2, bound: ['tcp://127.0.0.1:7001', 'tcp://127.0.0.1:7002'], connected: [], sockets: places([['tcp://127.0.0.1:7001'], []], [['tcp://127.0.0.1:7002'], []]) });
    const second = new Source('fwd-2').event(2, { event: 'ready', role: 'forwarder', pid: 3, bound: ['tcp://127.0.0.1:7003'], connected: ['tcp://localhost:7002'], sockets: places([[], ['tcp://localhost:7002']], [['tcp://127.0.0.1:7003'], []]) });
    const sub = new Source('sub').ready(3, 'sub', [], ['tcp://localhost:7003'])
      .event(4, { event: 'subscribed', socket: 'sub', filters: ['A'] })
      .event(5, { event: 'socket', socket: 'sub', type: 'handshake', address: 'tcp://localhost:7003' })
      .event(21, { event: 'received', socket: 'sub', seq: 1, frames: [text('A 2')] });
    const stranger = new Source('other-sub').ready(3, 'sub', [], ['tcp://localhost:7009']).event(4, { event: 'subscribed', socket: 'sub', filters: ['A'] });
    const streams = [pub.events, first.events, second.events, sub.events, stranger.events];
    for (const [name, merged] of interleavings(streams)) {
      const { pubsub } = analyse(merged, 50);
      const byName = Object.fromEntries(pubsub.subscribers.map((s) => [s.source, s]));
      assert.deepEqual(byName.sub.publishers, ['pub'], name);
      // Published at 10, 20, 30 and 40, all after its handshake at 5: four matched, one received, three dropped.
      assert.deepEqual([byName.sub.matched, byName.sub.received, byName.sub.missed], [4, 1, 3], name);
      assert.deepEqual([byName['other-sub'].publishers, byName['other-sub'].matched], [[], 0], name);
    }
  });

  it('a topic is active from its subscription to its cancellation', () => {
    const forwarder = new Source('fwd').ready(0, 'forwarder', ['tcp://127.0.0.1:8100'], ['tcp://localhost:5556'])
      .event(1, { event: 'subscription', socket: 'backend', subscribe: true, topic: text('') })
      .event(2, { event: 'subscription', socket: 'backend', subscribe: true, topic: hex('ff00') })
      .event(3, { event: 'subscription', socket: 'backend', subscribe: false, topic: text('') });
    const [report] = analyse(forwarder.events, 10).forwarders;
    assert.deepEqual(report.topics.map((topic) => [topic.topic, topic.active, topic.lastT]), [['', false, 3], ['0xff00', true, 2]]);
  });
});

describe('analytics: a PAIR conversation', () => {
  const events = capture('pair-session.jsonl');

  it('pairs the two ends by their endpoints and keeps both sides of the conversation in order', () => {
    for (const [name, merged] of interleavings(bySource(events))) {
      const pairs = analyse(merged, events.at(-1)!.t).pairs;
      const summary = pairs.map((pair) => [pair.source, pair.peer, pair.sent, pair.received]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      assert.deepEqual(summary, [['pair-1', 'pair-2', 3, 3], ['pair-2', 'pair-1', 3, 3]], name);
      const one = pairs.find((pair) => pair.source === 'pair-1')!;
      assert.deepEqual(one.lines.filter((line) => line.direction === 'sent').map((line) => line.text), ['Hello 1', 'Hello 2', 'Hello 3'], name);
      assert.deepEqual(one.lines.filter((line) => line.direction === 'received').map((line) => line.text), ['Hi 1', 'Hi 2', 'Hi 3'], name);
      assert.ok(one.lines.every((line, n) => n === 0 || line.t >= one.lines[n - 1].t), `${name}: in time order`);
    }
  });
});
