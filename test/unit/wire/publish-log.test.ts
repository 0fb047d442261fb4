import { strict as assert } from 'node:assert';
import { Analytics } from '../../../src/shared/analytics';
import { decodeCapture } from '../../../src/shared/wire';
import { PublishLog } from '../../../src/shared/wire/publish-log';
import { command, Conversation, greeting, message, pcap, ready } from './craft';

describe('wire: one publish, several subscribers', () => {
  it('counts a publish once however many connections carry it, and identical publishes apart', () => {
    const log = new PublishLog();
    const fresh = (connection: number, key: string) => log.add(connection, key);
    assert.deepEqual([fresh(1, 'a'), fresh(1, 'a'), fresh(2, 'a'), fresh(2, 'a'), fresh(2, 'a')], [true, true, false, false, true]);
  });

  it('places a publish only a lagging connection carried before the ones it has not carried yet', () => {
    const log = new PublishLog();
    // Published in order p7 (only connection 1 matched it), p8, p9; connection 2 is captured first.
    assert.deepEqual([log.add(2, 'p8'), log.add(2, 'p9'), log.add(1, 'p7'), log.add(1, 'p8'), log.add(1, 'p9')], [true, true, true, false, false]);
  });

  it('gives a subscriber its own matched count from a capture with two subscribers', () => {
    const c1 = new Conversation({ host: '127.0.0.1', port: 40001 }, { host: '127.0.0.1', port: 5556 }).handshake();
    const c2 = new Conversation({ host: '127.0.0.1', port: 40002 }, { host: '127.0.0.1', port: 5556 }).handshake();
    for (const [c, filter] of [[c1, '1'], [c2, '']] as const) {
      c.send(0, greeting()).send(1, greeting('NULL', true)).send(0, ready({ 'Socket-Type': 'SUB' })).send(1, ready({ 'Socket-Type': 'PUB' })).send(0, command('SUBSCRIBE', filter));
    }
    // The publisher publishes 1a, 2b, 1c: subscriber 1 gets 1a and 1c, subscriber 2 all three.
    for (const text of ['1a', '2b', '1c']) {
      if (text.startsWith('1')) c1.send(1, message(text));
      c2.send(1, message(text));
    }
    const packets = [...c1.close().packets, ...c2.close().packets].sort((a, b) => a.t - b.t);
    const analytics = new Analytics();
    decodeCapture(pcap(packets)).events.forEach((e) => analytics.add(e));
    const report = analytics.report(Date.now());
    assert.deepEqual(report.pubsub.publishers.map((p) => p.published), [3]);
    const bySource = Object.fromEntries(report.pubsub.subscribers.map((s) => [s.source, [s.matched, s.received, s.missed]]));
    assert.deepEqual(bySource, { '127.0.0.1:40001': [2, 2, 0], '127.0.0.1:40002': [3, 3, 0] });
  });
});
