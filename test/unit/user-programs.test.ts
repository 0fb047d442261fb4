import { strict as assert } from 'node:assert';
import { Analytics, CollectedEvent } from '../../src/shared/analytics';
import { TimedEvent } from '../../src/shared/telemetry';
import { MAX_FILTERS, roleOfSockets, socketName, UserProgram } from '../../src/shared/user-programs';

const text = (value: string) => [{ size: value.length, text: value }];
const sent = (t: number, socket: string, seq: number, value: string) => ({ event: 'sent' as const, socket, seq, frames: text(value), t });
const received = (t: number, socket: string, seq: number, value: string) => ({ event: 'received' as const, socket, seq, frames: text(value), t });

describe('user programs', () => {
  it('names the role of a program from its socket types', () => {
    assert.equal(roleOfSockets(['REQ']), 'req');
    assert.equal(roleOfSockets(['REP', 'REP']), 'rep');
    assert.equal(roleOfSockets(['PUB']), 'pub');
    assert.equal(roleOfSockets(['XPUB']), 'pub');
    assert.equal(roleOfSockets(['SUB']), 'sub');
    assert.equal(roleOfSockets(['XSUB']), 'sub');
    assert.equal(roleOfSockets(['PUSH', 'PUSH']), 'ventilator');
    assert.equal(roleOfSockets(['PULL', 'PUSH']), 'worker');
    assert.equal(roleOfSockets(['pull']), 'sink');
    assert.equal(roleOfSockets(['ROUTER']), 'router');
    assert.equal(roleOfSockets(['dealer', 'DEALER']), 'dealer');
    assert.equal(roleOfSockets(['PAIR']), 'pair');
    // The zguide's rrbroker and wuproxy.
    assert.equal(roleOfSockets(['ROUTER', 'DEALER']), 'broker');
    assert.equal(roleOfSockets(['XSUB', 'XPUB']), 'forwarder');
    for (const none of [[], ['REQ', 'SUB'], ['PULL', 'PUSH', 'PUB'], ['SUB', 'PUB'], ['XSUB', 'PUB'], ['ROUTER', 'DEALER', 'PUB'], ['PAIR', 'PUSH']]) assert.equal(roleOfSockets(none), undefined, none.join());
  });

  it('names sockets as the analytics expect, the ventilator\'s PUSH to a sink "sink"', () => {
    assert.equal(socketName('REQ', 'req'), 'req');
    assert.equal(socketName('XSUB', 'sub'), 'sub');
    assert.equal(socketName('PUSH', 'ventilator', 'sink'), 'sink');
    assert.equal(socketName('PUSH', 'ventilator', 'worker'), 'push');
    assert.equal(socketName('PUSH', 'worker', 'sink'), 'push');
    assert.equal(socketName('PULL', 'sink'), 'pull');
    assert.equal(socketName('DEALER', undefined), 'dealer');
    assert.equal(socketName('DEALER', 'dealer'), 'dealer');
    assert.equal(socketName('ROUTER', 'router'), 'router');
    assert.equal(socketName('PAIR', 'pair'), 'pair');
    // A broker's and a forwarder's two sockets, as the built-in ones name them.
    assert.deepEqual(['ROUTER', 'DEALER'].map((type) => socketName(type, 'broker')), ['frontend', 'backend']);
    assert.deepEqual(['XSUB', 'XPUB'].map((type) => socketName(type, 'forwarder')), ['frontend', 'backend']);
  });

  it('gives a forwarder a subscription event for each prefix it passes upstream', () => {
    const forwarder = new UserProgram('forwarder');
    assert.deepEqual(forwarder.subscription(5, 'frontend', '10001', true), [{ event: 'subscription', socket: 'frontend', subscribe: true, topic: { size: 5, text: '10001' }, t: 5 }]);
    assert.deepEqual(forwarder.subscription(6, 'frontend', 'é', false), [{ event: 'subscription', socket: 'frontend', subscribe: false, topic: { size: 2, text: 'é' }, t: 6 }]);
    // A traced proxy loop sends them on its XSUB as messages: the first byte says which.
    const passed = (frames: { size: number; text?: string; hex?: string }[], socket = 'frontend') => forwarder.message({ event: 'sent', socket, seq: 1, frames, t: 7 }).slice(1);
    assert.deepEqual(passed([{ size: 6, text: '\u000110001' }]), [{ event: 'subscription', socket: 'frontend', subscribe: true, topic: { size: 5, text: '10001' }, t: 7 }]);
    assert.deepEqual(passed([{ size: 3, hex: '00ff01' }]), [{ event: 'subscription', socket: 'frontend', subscribe: false, topic: { size: 2, hex: 'ff01' }, t: 7 }]);
    for (const other of [[{ size: 5, text: '10001' }], [{ size: 1, text: '\u0001' }, { size: 1, text: 'x' }], [{ size: 0, text: '' }]]) assert.deepEqual(passed(other), [], JSON.stringify(other));
    assert.deepEqual(passed([{ size: 2, text: '\u0001a' }], 'backend'), [], 'an update sent to subscribers');
  });

  it('gives a ventilator batch-start before its "0" and batch-sent with the tasks and their cost', () => {
    const vent = new UserProgram('ventilator');
    const out: TimedEvent[] = [...vent.message(sent(10, 'sink', 1, '0'))];
    [5, 7, 'x'].forEach((w, i) => out.push(...vent.message(sent(11 + i, 'push', i + 1, String(w)))));
    out.push(...vent.end());
    assert.deepEqual(out.map((e) => e.event), ['batch-start', 'sent', 'sent', 'sent', 'sent', 'batch-sent']);
    assert.deepEqual(out[0], { event: 'batch-start', batch: 1, t: 10 });
    assert.deepEqual(out[5], { event: 'batch-sent', batch: 1, tasks: 3, expectedCostMs: 12, t: 13 });
    assert.deepEqual(vent.end(), [], 'a batch is closed once');
  });

  it('counts the tasks and results that sampling left out, from the gaps in seq', () => {
    const vent = new UserProgram('ventilator');
    const sentOut = [sent(0, 'sink', 1, '0'), sent(1, 'push', 1, '10'), sent(2, 'push', 4, '20')].flatMap((e) => vent.message(e));
    assert.deepEqual([...sentOut, ...vent.end()].at(-1), { event: 'batch-sent', batch: 1, tasks: 4, expectedCostMs: 70, t: 2 });
    const sink = new UserProgram('sink');
    const receivedOut = [received(0, 'pull', 1, '0'), received(3, 'pull', 2, ''), received(8, 'pull', 6, '')].flatMap((e) => sink.message(e));
    assert.deepEqual([...receivedOut, ...sink.end()].at(-1), { event: 'batch-done', batch: 1, results: 5, elapsedMs: 8, t: 8 });
  });

  it('closes a batch when the next one starts', () => {
    const sink = new UserProgram('sink');
    const out = [received(0, 'pull', 1, '0'), received(4, 'pull', 2, ''), received(9, 'pull', 3, '0')].flatMap((e) => sink.message(e));
    assert.deepEqual(out.filter((e) => e.event.startsWith('batch')), [
      { event: 'batch-start', batch: 1, t: 0 },
      { event: 'batch-done', batch: 1, results: 1, elapsedMs: 4, t: 4 },
      { event: 'batch-start', batch: 2, t: 9 },
    ]);
  });

  it('keeps a subscriber\'s prefixes, cancelled ones out, bounded', () => {
    const sub = new UserProgram('sub');
    sub.subscription(1, 'sub', '10001', true);
    sub.subscription(2, 'sub', '2', true);
    assert.deepEqual(sub.subscription(3, 'sub', '10001', false), [{ event: 'subscribed', socket: 'sub', filters: ['2'], t: 3 }]);
    let last: TimedEvent[] = [];
    for (let i = 0; i < MAX_FILTERS + 10; i++) last = sub.subscription(4, 'sub', `p${i}`, true);
    const filters = (last[0] as { filters: string[] }).filters;
    assert.equal(filters.length, MAX_FILTERS);
    assert.equal(filters[filters.length - 1], `p${MAX_FILTERS + 9}`);
  });

  it('passes other roles\' messages through untouched', () => {
    const worker = new UserProgram('worker');
    const event = sent(1, 'push', 1, '0');
    assert.deepEqual(worker.message(event), [event]);
    assert.deepEqual(worker.end(), []);
  });

  it('fills the pipeline panel from raw messages alone', () => {
    const events: CollectedEvent[] = [];
    const add = (source: string, list: TimedEvent[]) => events.push(...list.map((e) => ({ ...e, source }) as CollectedEvent));
    add('vent', [{ event: 'ready', role: 'ventilator', pid: 1, bound: ['tcp://*:5557'], connected: ['tcp://localhost:5558'], t: 0 }]);
    add('sink', [{ event: 'ready', role: 'sink', pid: 2, bound: ['tcp://*:5558'], connected: [], t: 0 }]);
    add('work', [{ event: 'ready', role: 'worker', pid: 3, bound: [], connected: ['tcp://localhost:5557', 'tcp://localhost:5558'], t: 0 }]);
    const vent = new UserProgram('ventilator');
    const sink = new UserProgram('sink');
    add('vent', vent.message(sent(10, 'sink', 1, '0')));
    add('sink', sink.message(received(10.2, 'pull', 1, '0')));
    [20, 30].forEach((w, i) => {
      add('vent', vent.message(sent(11 + i, 'push', i + 1, String(w))));
      add('work', [received(12 + i * 50, 'pull', i + 1, String(w)), sent(12 + i * 50 + w, 'push', i + 1, '')]);
      add('sink', sink.message(received(12.5 + i * 50 + w, 'pull', i + 2, '')));
    });
    add('vent', vent.end());
    add('sink', sink.end());
    const analytics = new Analytics();
    events.forEach((e) => analytics.add(e));
    const [batch] = analytics.report(200).pipeline.batches;
    assert.equal(batch.state, 'done');
    assert.equal(batch.tasks, 2);
    assert.equal(batch.expectedCostMs, 50);
    assert.equal(batch.results, 2);
    assert.equal(batch.elapsedMs, Math.round(92.5 - 10.2));
    assert.deepEqual(batch.workers.map((w) => [w.worker, w.tasks, w.busyMs]), [['work', 2, 50]]);
  });
});
