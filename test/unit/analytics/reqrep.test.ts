import { strict as assert } from 'node:assert';
import { Analytics } from '../../../src/shared/analytics';
import { analyse, interleavings, Source } from './events';

const SERVER = 'tcp://127.0.0.1:5555';
const CLIENT = 'tcp://localhost:5555';

/** A REQ client and its REP server exchanging one request per round trip, `gap` ms apart. */
function exchange(rtts: number[], start = 1000, gap = 100): [Source, Source] {
  const req = new Source('req-1').ready(start, 'req', [], [CLIENT]);
  const rep = new Source('rep-1').ready(start - 50, 'rep', [SERVER], []);
  rtts.forEach((rtt, i) => {
    const t = start + 10 + i * gap;
    req.sent(t, 'req', i + 1, 'Hello');
    rep.received(t + 0.1, 'rep', i + 1, 'Hello').sent(t + rtt - 0.1, 'rep', i + 1, 'World');
    req.received(t + rtt, 'req', i + 1, 'World');
  });
  return [req, rep];
}

describe('analytics: request-reply', () => {
  it('pairs requests with replies and gives exact percentiles and a histogram for few round trips', () => {
    const [req, rep] = exchange([10, 40, 20, 30]);
    for (const [name, events] of interleavings([req.events, rep.events])) {
      const { reqrep } = analyse(events, 2000);
      const [client] = reqrep.clients;
      assert.deepEqual(
        { requests: client.requests, replies: client.replies, pairs: client.pairs, timeouts: client.timeouts, outstanding: client.outstanding },
        { requests: 4, replies: 4, pairs: 4, timeouts: 0, outstanding: [] },
        name,
      );
      assert.deepEqual(client.roundTrip, { count: 4, exact: true, minMs: 10, meanMs: 25, p50Ms: 20, p95Ms: 40, p99Ms: 40, maxMs: 40 }, name);
      const bins = Object.fromEntries(client.histogram.filter((b) => b.count).map((b) => [`${b.fromMs}-${b.toMs}`, b.count]));
      assert.deepEqual(bins, { '10-20': 1, '20-50': 3 }, name);
      assert.equal(client.histogram.length, 19);
      assert.deepEqual(reqrep.servers, [{ source: 'rep-1', bound: [SERVER], requests: 4, replies: 4 }], name);
    }
  });

  it('reports the outstanding request with its age, stuck past the threshold', () => {
    const [req] = exchange([10, 10]);
    req.sent(1500, 'req', 3, 'Hello');
    const fresh = analyse(req.events, 5500).reqrep.clients[0];
    assert.deepEqual(fresh.outstanding, [{ seq: 3, sentAt: 1500, ageMs: 4000, stuck: false, approximate: false }]);
    assert.equal(fresh.stuck, false);
    const late = analyse(req.events, 6500.5).reqrep.clients[0];
    assert.deepEqual(late.outstanding, [{ seq: 3, sentAt: 1500, ageMs: 5000.5, stuck: true, approximate: false }]);
    assert.equal(late.stuck, true);
    const strict = analyse(req.events, 5500, new Analytics({ stuckAfterMs: 3000 })).reqrep;
    assert.equal(strict.stuckAfterMs, 3000);
    assert.equal(strict.clients[0].stuck, true);
    const ended = analyse([...req.events, ...new Source('req-1').done(1600).events], 9000).reqrep.clients[0];
    assert.deepEqual([ended.outstanding, ended.stuck, ended.ended], [[], false, true]);
  });

  it('counts a timeout, does not pair the abandoned request, and pairs the retry with its reply', () => {
    const req = new Source('req-1').ready(0, 'req', [], [CLIENT]);
    req.sent(10, 'req', 1, 'Hello');
    req.event(2510, { event: 'timeout', request: 0, attempt: 1, timeoutMs: 2500 });
    req.sent(2511, 'req', 2, 'Hello').received(2521, 'req', 1, 'World');
    req.sent(3000, 'req', 3, 'Hello').received(3005, 'req', 2, 'World');
    const during = analyse(req.events.slice(0, 3), 2600).reqrep.clients[0];
    assert.deepEqual([during.timeouts, during.outstanding], [1, []]);
    const client = analyse(req.events, 4000).reqrep.clients[0];
    assert.deepEqual(
      [client.requests, client.replies, client.timeouts, client.pairs, client.roundTrip?.minMs, client.roundTrip?.maxMs, client.outstanding],
      [3, 2, 1, 2, 5, 10, []],
    );
  });

  it('gives no round trip to a reply whose request was sampled out, and takes totals from the counters', () => {
    const req = new Source('req-1').ready(0, 'req', [], [CLIENT]);
    req.sent(10, 'req', 1).received(12, 'req', 1);
    req.sent(20, 'req', 2); // its reply, 2, is sampled out
    req.received(33, 'req', 3); // its request, 3, is sampled out: 2 -> 3 is not a round trip
    req.sent(40, 'req', 4).received(47, 'req', 4);
    req.sent(50, 'req', 5); // sampled out: 6; the counters show it waiting
    req.counters(1000, { req: 6 }, { req: 5 }, 3);
    const client = analyse(req.events, 1200).reqrep.clients[0];
    assert.deepEqual([client.requests, client.replies, client.pairs, client.sampled], [6, 5, 2, true]);
    assert.deepEqual([client.roundTrip?.minMs, client.roundTrip?.maxMs], [2, 7]);
    assert.deepEqual(client.outstanding, [{ seq: 6, sentAt: 1000, ageMs: 200, stuck: false, approximate: true }]);
  });
});
