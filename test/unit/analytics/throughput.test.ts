import { strict as assert } from 'node:assert';
import { Analytics } from '../../../src/shared/analytics';
import { analyse, Source } from './events';

describe('analytics: throughput and socket events', () => {
  it('counts messages per second per socket from the exact counters, in epoch-aligned 1 s buckets', () => {
    const pub = new Source('pub-1').ready(900, 'pub', ['tcp://127.0.0.1:5556'], []);
    pub.sent(1000.1, 'pub', 1, 'x'); // message events (sampled or not) do not count: the counters do
    pub.counters(1000.3, { pub: 100 }, {}).counters(2000.3, { pub: 250 }, {}).counters(4000.3, { pub: 400 }, {});
    const [series] = analyse(pub.events, 5000).throughput.sources[0].sockets;
    assert.deepEqual(series, { socket: 'pub', direction: 'sent', total: 400, startT: 1000, perSecond: [100, 150, 0, 150, 0], lastPerSecond: 150, peakPerSecond: 150 });
  });

  it('keeps a bounded window, and counts again from 0 after a restart', () => {
    const sub = new Source('sub-1').ready(0, 'sub', [], ['tcp://localhost:5556']);
    for (let s = 1; s <= 10; s++) sub.counters(s * 1000 + 500, {}, { sub: s * 10 });
    sub.ready(11_000, 'sub', [], ['tcp://localhost:5556']).counters(11_500, {}, { sub: 3 });
    const report = analyse(sub.events, 11_999, new Analytics({ throughputWindowS: 4 })).throughput;
    assert.equal(report.windowS, 4);
    assert.deepEqual(report.sources[0].sockets.map((s) => [s.direction, s.socket, s.total, s.startT, s.perSecond]), [['received', 'sub', 3, 8000, [10, 10, 10, 3]]]);
  });

  it('lists each source\'s last socket events in order and counts them all by type', () => {
    const sub = new Source('sub-1').ready(0, 'sub', [], ['tcp://localhost:5556']);
    for (let n = 0; n < 5; n++) sub.socket(n * 10, 'sub', 'connect:retry', 'tcp://localhost:5556');
    sub.socket(60, 'sub', 'connect', 'tcp://localhost:5556').socket(61, 'sub', 'handshake', 'tcp://localhost:5556').socket(90, 'sub', 'disconnect');
    const [log] = analyse(sub.events, 100, new Analytics({ socketEventsKept: 3 })).socketEvents.sources;
    assert.deepEqual(log, {
      source: 'sub-1',
      total: 8,
      counts: { 'connect:retry': 5, connect: 1, handshake: 1, disconnect: 1 },
      events: [
        { t: 60, socket: 'sub', type: 'connect', address: 'tcp://localhost:5556' },
        { t: 61, socket: 'sub', type: 'handshake', address: 'tcp://localhost:5556' },
        { t: 90, socket: 'sub', type: 'disconnect' },
      ],
    });
  });
});
