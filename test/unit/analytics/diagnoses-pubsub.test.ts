import { strict as assert } from 'node:assert';
import { Analytics, Diagnosis } from '../../../src/shared/analytics';
import { analyse, Source } from './events';

const diagnose = (sources: Source[], now: number, analytics?: Analytics) => analyse(sources.flatMap((s) => s.events), now, analytics).diagnoses;
const kinds = (found: Diagnosis[]) => found.map((d) => d.kind).sort();
const EP = 'tcp://127.0.0.1:6001';
const figure = (d: Diagnosis, name: string) => d.evidence.find((f) => f.name === name)?.value;

/** A publisher that sends `count` messages from t = 1000, one a ms, text(i) for the i-th from 1. */
function publisher(count: number, text: (i: number) => string, hwm?: number): Source {
  const pub = new Source('pub').event(0, { event: 'ready', role: 'pub', pid: 1, bound: [EP], connected: [], ...(hwm === undefined ? {} : { hwm }) });
  for (let i = 1; i <= count; i++) pub.sent(1000 + i, 'pub', i, text(i));
  return pub;
}

/** A subscriber started at 500, joined at `joined`, that received the given seqs' times. */
function subscriber(filters: string[] | null, joined: number, receivedAt: number[] = []): Source {
  const sub = new Source('sub');
  if (filters) sub.event(500, { event: 'subscribed', socket: 'sub', filters });
  sub.ready(500, 'sub', [], [EP]).socket(joined, 'sub', 'handshake', EP);
  receivedAt.forEach((t, i) => sub.received(t, 'sub', i + 1));
  return sub;
}

const weather = (i: number) => `${10000 + ((i * 7919) % 89999)} ${i % 100} ${i % 50}`;

describe('diagnoses: publish-subscribe', () => {
  it('filter-matches-nothing once 100 messages were published while subscribed, not at 99; shows how they begin', () => {
    assert.deepEqual(kinds(diagnose([publisher(99, weather), subscriber(['ZZZ'], 600)], 2000)), []);
    const [found] = diagnose([publisher(100, weather), subscriber(['ZZZ'], 600)], 2000);
    assert.equal(found.kind, 'filter-matches-nothing');
    assert.equal(figure(found, 'published while subscribed'), 100);
    assert.equal(figure(found, 'messages begin like'), [1, 2, 3].map((i) => JSON.stringify(weather(i))).join(', '));
  });

  it('filter-matches-nothing is not a rare prefix among diverse messages, nor "" — but is a topic nobody publishes', () => {
    // "10001" among random zipcodes: they begin with "1" too, and in thousands of ways.
    assert.deepEqual(kinds(diagnose([publisher(1000, weather), subscriber(['10001'], 600)], 3000)), []);
    assert.deepEqual(kinds(diagnose([publisher(1000, weather), subscriber([''], 600, Array.from({ length: 1000 }, (_, i) => 1001.5 + i))], 3000)), []);
    const topics = (i: number) => `weather.${['london', 'berlin', 'rome'][i % 3]} ${i}`;
    assert.deepEqual(kinds(diagnose([publisher(200, topics), subscriber(['weather.paris'], 600)], 3000)), ['filter-matches-nothing']);
  });

  it('no-subscription: a SUB that never subscribed, after 1 s and not at 1 s; it is the only finding about that subscriber', () => {
    assert.deepEqual(kinds(diagnose([publisher(300, weather), subscriber(null, 600)], 1500)), []);
    assert.deepEqual(kinds(diagnose([publisher(300, weather), subscriber(null, 600)], 1501)), ['no-subscription']);
    assert.deepEqual(kinds(diagnose([publisher(300, weather), subscriber([], 600)], 1501)), ['no-subscription']);
  });

  it('slow-joiner: there before the first message, it missed those published before its join', () => {
    const everything = (i: number) => `tick ${i}`;
    // Joined at 1010.5: ticks 1-10 (1001-1010) were missed; it received the 20 after.
    const [slow] = diagnose([publisher(30, everything), subscriber([''], 1010.5, Array.from({ length: 20 }, (_, i) => 1011.5 + i))], 2000);
    assert.deepEqual([slow.kind, figure(slow, 'missed before join'), figure(slow, 'received')], ['slow-joiner', '10', 20]);
    // Started after the publisher's first message: joining a running stream, it expects nothing from before.
    const joining = new Source('sub').event(1005, { event: 'subscribed', socket: 'sub', filters: [''] }).ready(1005, 'sub', [], [EP]).socket(1010.5, 'sub', 'handshake', EP);
    for (let i = 1; i <= 20; i++) joining.received(1011.5 + i, 'sub', i);
    const report = analyse([...publisher(30, everything).events, ...joining.events], 2000);
    assert.deepEqual([kinds(report.diagnoses), report.pubsub.subscribers[0].missedBeforeJoin], [[], 6]);
    assert.deepEqual(kinds(diagnose([publisher(30, everything), subscriber([''], 900, Array.from({ length: 30 }, (_, i) => 1001.5 + i))], 2000)), []);
  });

  it('hwm-drop: at least 10 dropped after join, and at least HWM published after it; never with HWM 0', () => {
    const tick = (i: number) => `tick ${i}`;
    const received = (n: number) => Array.from({ length: n }, (_, i) => 1000.5 + i * 2);
    // 300 published after its join at 900; it received 290 (10 dropped) with the publisher's HWM at 100.
    const [drop] = diagnose([publisher(300, tick, 100), subscriber([''], 900, received(290))], 2000);
    assert.deepEqual([drop.kind, figure(drop, 'dropped'), figure(drop, 'high-water mark')], ['hwm-drop', '10', 100]);
    assert.deepEqual(kinds(diagnose([publisher(300, tick, 100), subscriber([''], 900, received(291))], 2000)), [], '9 dropped');
    assert.deepEqual(kinds(diagnose([publisher(300, tick, 1000), subscriber([''], 900, received(200))], 2000)), [], 'fewer published than the HWM');
    assert.deepEqual(kinds(diagnose([publisher(300, tick, 0), subscriber([''], 900, received(200))], 2000)), [], 'no HWM');
  });

  it('keeps how a publisher\'s messages begin bounded: 64 beginnings, then only that they are diverse', () => {
    const pub = publisher(5000, (i) => `${i} x`);
    // Beginnings past the first character take too many values to say "9999" could never match; 'Z' begins none.
    assert.deepEqual(kinds(diagnose([pub, subscriber(['9999'], 600)], 9000)), []);
    const [found] = diagnose([pub, subscriber(['Z'], 600)], 9000);
    assert.equal(found.kind, 'filter-matches-nothing');
  });
});
