import { strict as assert } from 'node:assert';
import { Analytics, AnalyticsReport, formatReport } from '../../../src/shared/analytics';
import { PENDING_PER_SOURCE } from '../../../src/shared/analytics/sources';
import { table } from '../../../src/shared/analytics/format';
import { analyse, Source } from './events';

/** One of each pattern: a REQ with a stuck request, a late subscriber, a finished pipeline batch. */
function session(): AnalyticsReport {
  const rep = new Source('rep-1').ready(0, 'rep', ['tcp://127.0.0.1:5555'], []);
  const req = new Source('req-1').ready(0, 'req', [], ['tcp://localhost:5555']);
  req.sent(100, 'req', 1, 'Hello').received(112.5, 'req', 1, 'World').sent(200, 'req', 2, 'Hello');
  rep.received(100.2, 'rep', 1).sent(112.3, 'rep', 1);
  const pub = new Source('pub-1').ready(0, 'pub', ['tcp://127.0.0.1:5556'], []);
  for (let i = 1; i <= 10; i++) pub.sent(1000 + i * 10, 'pub', i, i % 2 ? '10001 50 30' : '20001 60 40');
  const sub = new Source('sub-1').event(1000, { event: 'subscribed', socket: 'sub', filters: ['10001'] }).ready(1000, 'sub', [], ['tcp://localhost:5556']);
  sub.socket(1045, 'sub', 'handshake', 'tcp://127.0.0.1:5556').received(1050.1, 'sub', 1).received(1070.1, 'sub', 2);
  const vent = new Source('vent-1').ready(0, 'ventilator', ['tcp://127.0.0.1:5557'], ['tcp://localhost:5558']);
  const sink = new Source('sink-1').ready(0, 'sink', ['tcp://127.0.0.1:5558'], []);
  const worker = new Source('worker-1').ready(0, 'worker', [], ['tcp://localhost:5557', 'tcp://localhost:5558']);
  vent.event(2000, { event: 'batch-start', batch: 1, tasks: 2 }).event(2000.5, { event: 'batch-sent', batch: 1, tasks: 2, expectedCostMs: 30 });
  sink.received(2001, 'pull', 1, '0').event(2001, { event: 'batch-start', batch: 1 }).received(2012, 'pull', 2).received(2033, 'pull', 3).event(2033, { event: 'batch-done', batch: 1, results: 2, elapsedMs: 32 });
  worker.received(2001, 'pull', 1, '10').sent(2011, 'push', 1).received(2011, 'pull', 2, '20').sent(2032, 'push', 2);
  pub.counters(1500, { pub: 10 }, {});
  return analyse([rep, req, pub, sub, vent, sink, worker].flatMap((s) => s.events), 6000);
}

describe('analytics: report', () => {
  it('keeps the JSON contract: pipeline.batches[] with tasks, expectedCostMs, elapsedMs and workers[].tasks, and survives JSON', () => {
    const report = session();
    const json = JSON.parse(JSON.stringify(report));
    assert.deepEqual(json, report, 'no undefined, NaN or Infinity in the report');
    const [batch] = json.pipeline.batches;
    assert.deepEqual([batch.tasks, batch.expectedCostMs, batch.elapsedMs, batch.workers.map((w: { tasks: number }) => w.tasks)], [2, 30, 32, [2]]);
    assert.deepEqual(report.sources.map((s) => [s.source, s.role]), [
      ['rep-1', 'rep'], ['req-1', 'req'], ['pub-1', 'pub'], ['sub-1', 'sub'], ['vent-1', 'ventilator'], ['sink-1', 'sink'], ['worker-1', 'worker'],
    ]);
  });

  it('prints one section per pattern with aligned columns and units', () => {
    const text = formatReport(session());
    const lines = text.split('\n');
    assert.equal(lines[0], 'ZeroMQ sessions report at 00:00:06.000 UTC');
    for (const title of ['Sources', 'Request-reply (stuck after 5000 ms)', 'Publish-subscribe', 'Pipeline', 'Throughput (messages per second, last 10 s, oldest first)', 'Socket events (last 10 per source)']) {
      assert.ok(lines.includes(title), title);
    }
    const has = (pattern: RegExp) => assert.ok(lines.some((line) => pattern.test(line)), `${pattern} in\n${text}`);
    has(/^ {2}req-1 +2 +1 +0 +1 +12\.5 +12\.5 +12\.5 +12\.5 +#2 for 5800\.0 ms STUCK$/);
    has(/^ {2}rep-1 +1 +1 +tcp:\/\/127\.0\.0\.1:5555$/);
    has(/^ {2}sub-1 +"10001" +45\.0 +5 +2 +2 +1$/);
    has(/^ +1 +vent-1 +done +2 +30\.0 +32\.0 +30\.0 +1 +0\.94x +94% +100%$/);
    has(/^ {4}worker-1 +2 +31\.0 +97% +6\.0 +15\.5$/);
    has(/^ {2}sub-1 +00:00:01\.045 +sub +handshake +tcp:\/\/127\.0\.0\.1:5556$/);
    const header = lines.find((line) => line.includes('p50 ms'))!;
    const values = lines.find((line) => line.includes('STUCK'))!;
    assert.equal(header.indexOf('p50 ms') + 'p50 ms'.length, values.indexOf('12.5') + '12.5'.length, 'numbers are right-aligned under their header');
    assert.ok(!lines.some((line) => line !== line.trimEnd()), 'no trailing blanks');
    assert.ok(text.endsWith('\n'));
  });

  it('aligns a table: text to the left, numbers to the right', () => {
    assert.deepEqual(table(['name', 'n'], [['a', '1'], ['long', '100']], 'lr'), ['name    n', 'a       1', 'long  100']);
  });

  it('says so when there is nothing, and counts events of a source that never said its role', () => {
    assert.equal(formatReport(new Analytics().report(0)), 'ZeroMQ sessions report at 00:00:00.000 UTC\n\nNo events yet.\n');
    const mute = new Source('custom-1');
    for (let n = 0; n < PENDING_PER_SOURCE + 5; n++) mute.event(n, { event: 'output', text: 'x' });
    const report = analyse(mute.events, 1000);
    assert.equal(report.unattributedEvents, 5);
    assert.match(formatReport(report), /5 events dropped: their source never said its role\./);
  });
});
