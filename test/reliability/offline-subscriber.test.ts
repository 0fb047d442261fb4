// A subscriber cut off from its publisher for 3 s while it publishes numbered messages: the
// publisher keeps what its high-water mark and the kernel's buffers hold, drops the rest, and the
// analytics say exactly how many matching messages the subscriber missed.
import { strict as assert } from 'node:assert';
import { useNetwork } from './helpers/netns';
import { sleep, useFaults, waitFor } from './helpers/roles';

const PUBLISHED = 4000;
const CUT_MS = 3000;
/** Bigger messages fill the kernel's buffers (at most 4 MB) within the cut, so that it costs messages. */
const PADDING = 'x'.repeat(4000);

describe('offline subscriber', function () {
  this.timeout(40000);
  const { roles, record } = useFaults();
  const network = useNetwork('the offline-subscriber test');

  it('reports exactly how many matching messages a subscriber missed while its link was down', async () => {
    const pns = network.namespace('p');
    const sns = network.namespace('q');
    const link = network.link(sns, pns);
    const recording = await record();
    const inspect = recording.endpoint;
    const matching = `tcp://${link.b.address}:5556`;
    const other = `tcp://${link.b.address}:5546`;

    // The subscriber starts first, so every message is published within its lifetime; it reports every
    // message (the burst after the cut would be sampled), so that its own events are the truth.
    const sub = roles.start('sub', 'sub', ['--connect', matching, '--connect', other, '--filter', '10001', '--count', '0', '--hwm', '100', '--sample-above', '0'], { ns: sns, inspect });
    await sub.ready;
    // Another publisher on the same subscriber whose messages do not match its filter.
    const noise = roles.start('pub', 'noise', ['--bind', other, '--message', '20002 {n}', '--count', '1000', '--interval', '3'], { ns: pns, inspect });
    const pub = roles.start('pub', 'pub', ['--bind', matching, '--message', `10001 {n} ${PADDING}`, '--count', String(PUBLISHED), '--interval', '1', '--hwm', '100'], { ns: pns, inspect });
    await Promise.all([pub.ready, noise.ready]);

    await sub.until((e) => e.event === 'received', 300);
    network.set(link, 'down');
    await sleep(CUT_MS);
    network.set(link, 'up');
    assert.equal((await pub.exited).code, 0);
    // What the kernel held arrives after TCP's next retransmission; then nothing more comes.
    let seen = -1;
    await waitFor(() => {
      const now = sub.of('received').length;
      const settled = now === seen;
      seen = now;
      return settled;
    }, 15000);
    await sleep(1500);
    await waitFor(() => sub.of('received').length === seen, 100);
    await sub.stop();

    const numbers = sub.of('received').map((e) => Number(/^10001 (\d+) /.exec(e.frames[0].text ?? '')?.[1]));
    assert.ok(numbers.every((n) => n >= 1 && n <= PUBLISHED), 'only matching messages arrived');
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'in order, none twice');
    const missed = PUBLISHED - numbers.length;
    // What was lost went in the cut: a run of numbers that never came, after the first ones did.
    const gaps = numbers.slice(1).map((n, i) => n - numbers[i] - 1).filter((gap) => gap > 0);
    assert.ok(missed > 0, `the cut cost messages: ${missed} missed`);
    assert.ok(gaps.length > 0, 'a run lost in the cut, after the first ones arrived');

    await recording.until((e) => e.source === 'sub' && e.event === 'done');
    await recording.until((e) => e.source === 'pub' && e.event === 'done');
    const report = recording.report();
    const s = report.pubsub.subscribers.find((x) => x.source === 'sub')!;
    assert.deepEqual(
      { matched: s.matched, received: s.received, missed: s.missed, estimated: s.estimated, partial: s.partial, publishers: [...s.publishers].sort() },
      { matched: PUBLISHED, received: numbers.length, missed, estimated: false, partial: false, publishers: ['noise', 'pub'] },
    );
    // The split at the join is by the monitor's handshake time, which can come late under load; the
    // total is exact whatever the split.
    assert.equal(s.missedBeforeJoin + s.droppedAfterJoin, missed);
    assert.ok(s.droppedAfterJoin > 0, 'the cut shows as dropped after the join');
    assert.deepEqual(report.pubsub.publishers.map((p) => [p.source, p.published]).sort(), [['noise', 1000], ['pub', PUBLISHED]]);
    if (process.env.RELIABILITY_FIGURES) console.log(`      offline subscriber: ${PUBLISHED} published, ${numbers.length} received, ${missed} missed (${s.missedBeforeJoin} before join, ${s.droppedAfterJoin} dropped), largest run ${Math.max(...gaps)} in ${gaps.length} gaps`);
  });
});
