import { strict as assert } from 'node:assert';
import { PUB_RING } from '../../../src/shared/analytics/pubsub';
import { analyse, interleavings, Source } from './events';

const ZIPS = ['10001 50 30', '10002 60 40', '20001 70 50'];

/** A publisher bound on 5556 that publishes `count` messages, the i-th (from 1) at 1000 + 10 i, cycling ZIPS. */
function publisher(count: number, every = 1, id = 'pub-1'): Source {
  const pub = new Source(id).ready(900, 'pub', ['tcp://127.0.0.1:5556'], []);
  for (let i = 1; i <= count; i++) if (i % every === 0) pub.sent(1000 + 10 * i, 'pub', i, ZIPS[(i - 1) % 3]);
  return pub;
}

/** A subscriber: subscribed and ready at `start`, connected and joined (handshake) at the given times. */
function subscriber(id: string, filters: string[], start: number, joined: number, received: number, connect = 'tcp://localhost:5556'): Source {
  const sub = new Source(id).event(start, { event: 'subscribed', socket: 'sub', filters }).ready(start, 'sub', [], [connect]);
  sub.socket(joined - 10, 'sub', 'connect', connect).socket(joined, 'sub', 'handshake', connect);
  for (let seq = 1; seq <= received; seq++) sub.received(joined + seq, 'sub', seq, ZIPS[0]);
  return sub;
}

describe('analytics: publish-subscribe', () => {
  // Messages i = 1..30 at t = 1010..1300; '10001' when i % 3 == 1, '10002' when i % 3 == 2.
  // a: '10001', alive 1000..1255 (i = 1..25: 9 match) and then stopped, joined 1055 (before: i = 1, 4), received 6.
  // b: '1000', alive from 1100 (i = 9..30: 14 match), joined 1125 (before: i = 10, 11), received 12.
  // c: '2', connected to another port: no publisher.
  const pub = publisher(30).counters(1305, { pub: 30 }, {});
  const a = subscriber('sub-a', ['10001'], 1000, 1055, 6).done(1255, 'signal');
  const b = subscriber('sub-b', ['1000'], 1100, 1125, 12);
  const c = subscriber('sub-c', ['2'], 1000, 1010, 0, 'tcp://localhost:6000');

  it('splits what each subscriber missed into before its join and dropped after it, whatever the arrival order', () => {
    for (const [name, events] of interleavings([pub.events, a.events, b.events, c.events])) {
      const { subscribers, publishers } = analyse(events, 2000).pubsub;
      const pick = (id: string) => {
        const s = subscribers.find((x) => x.source === id)!;
        return [s.filters, s.publishers, s.joinedAt, s.matched, s.missedBeforeJoin, s.matchedAfterJoin, s.received, s.droppedAfterJoin, s.missed, s.estimated, s.partial];
      };
      assert.deepEqual(pick('sub-a'), [['10001'], ['pub-1'], 1055, 9, 2, 7, 6, 1, 3, false, false], name);
      assert.deepEqual(pick('sub-b'), [['1000'], ['pub-1'], 1125, 14, 2, 12, 12, 0, 2, false, false], name);
      assert.deepEqual(pick('sub-c'), [['2'], [], 1010, 0, 0, 0, 0, 0, 0, false, false], name);
      assert.deepEqual(publishers.map((p) => [p.source, p.published, p.reported, p.sampled, [...p.subscribers].sort()]), [['pub-1', 30, 30, false, ['sub-a', 'sub-b']]], name);
    }
  });

  it('ends the window of a subscriber that finished its count at its last receive', () => {
    // Joined 1005; its 2 updates, i = 1 and 4, received at 1011 and 1041; done at 1255. What was
    // published after its last update was not for it: nothing dropped (7 if counted up to done).
    const finished = subscriber('sub-a', ['10001'], 1000, 1005, 0).received(1011, 'sub', 1, ZIPS[0]).received(1041, 'sub', 2, ZIPS[0]);
    const [s] = analyse([...publisher(30).events, ...finished.done(1255).events], 2000).pubsub.subscribers;
    assert.deepEqual([s.matched, s.missedBeforeJoin, s.droppedAfterJoin, s.received, s.endedAt], [2, 0, 0, 2, 1255]);
  });

  it('puts what a subscriber received after its join, though the monitor reported the join late', () => {
    // The handshake read at 1045, but i = 1 (1010) and 4 (1040) arrived: it had joined before them.
    const late = subscriber('sub-a', ['10001'], 1000, 1045, 0).received(1011, 'sub', 1, ZIPS[0]).received(1041, 'sub', 2, ZIPS[0]);
    const [s] = analyse([...publisher(30).events, ...late.done(1050, 'signal').events], 2000).pubsub.subscribers;
    assert.deepEqual([s.matched, s.missedBeforeJoin, s.matchedAfterJoin, s.droppedAfterJoin, s.missed], [2, 0, 2, 0, 0]);
  });

  it('counts a subscriber that never joined as missing all it matched before joining', () => {
    const lonely = new Source('sub-d').event(1000, { event: 'subscribed', socket: 'sub', filters: ['20001'] }).ready(1000, 'sub', [], ['tcp://*:5556']);
    const [d] = analyse([...publisher(30).events, ...lonely.events], 2000).pubsub.subscribers;
    assert.deepEqual([d.joinedAt, d.matched, d.missedBeforeJoin, d.droppedAfterJoin, d.received], [null, 10, 10, 0, 0]);
  });

  it('scales sampled publisher events by their seq gaps and says the counts are estimated', () => {
    // Only every 4th message is reported: i = 4, 8, ..., 28; '10001' for i = 4, 16, 28 (i % 3 == 1).
    const sampled = publisher(30, 4).counters(1305, { pub: 30 }, {}, 23);
    const [s] = analyse([...sampled.events, ...subscriber('sub-a', ['10001'], 1000, 1005, 9).events], 2000).pubsub.subscribers;
    assert.deepEqual([s.matched, s.missedBeforeJoin, s.matchedAfterJoin, s.received, s.droppedAfterJoin, s.estimated], [12, 0, 12, 9, 3, true]);
    const [p] = analyse(sampled.events, 2000).pubsub.publishers;
    assert.deepEqual([p.published, p.reported, p.sampled], [30, 7, true]);
  });

  it('estimates what a subscriber matched that lived between two sampled publisher events', () => {
    // Every 10th message reported (all three zips cycle, so i = 10 and 20 are '10001' and '10002'):
    // i = 20 at 1200 stands for the ten published over 1100..1200. The subscriber lived 1140..1170,
    // joined at 1150 and received 2: three of the ten fall in its life, one of them before its join.
    const sparse = publisher(30, 10).counters(1305, { pub: 30 }, {}, 27);
    const brief = subscriber('sub-a', ['1000'], 1140, 1150, 0).received(1155, 'sub', 1, ZIPS[0]).received(1160, 'sub', 2, ZIPS[1]).done(1170, 'signal');
    const [s] = analyse([...sparse.events, ...brief.events], 2000).pubsub.subscribers;
    assert.deepEqual([s.matched, s.missedBeforeJoin, s.received, s.estimated], [3, 1, 2, true]);
    // However sparse the samples, what it received matched its filter: never fewer matched than received.
    const busy = subscriber('sub-b', ['1000'], 1140, 1150, 5).done(1170, 'signal');
    const [b] = analyse([...sparse.events, ...busy.events], 2000).pubsub.subscribers;
    assert.deepEqual([b.matched, b.received, b.missed], [5, 5, 0]);
  });

  it('folds old publisher events into the subscribers known then, and flags one that came too late', () => {
    const many = PUB_RING + 1000;
    const early = subscriber('sub-a', ['10001'], 1000, 1000 + 10 * 3000 + 5, 0);
    const expected = Math.ceil(many / 3); // i % 3 == 1 for i = 1..many
    const before = Math.ceil(3000 / 3);
    const known = analyse([...early.events, ...publisher(many).events], 1e7).pubsub.subscribers[0];
    assert.deepEqual([known.matched, known.missedBeforeJoin, known.partial], [expected, before, false]);
    const late = analyse([...publisher(many).events, ...early.events], 1e7).pubsub.subscribers[0];
    assert.equal(late.partial, true);
    assert.equal(late.matched, expected - Math.ceil(1000 / 3), 'only the messages still kept count');
  });
});
