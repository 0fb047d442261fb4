// The seed's seven Python programs, unchanged, under `zmq-sessions trace` with `record`: they print
// what they print untraced, and the analytics of what they reported match it.
import { strict as assert } from 'node:assert';
import type { AnalyticsReport } from '../../src/shared/analytics';
import { tempDir } from '../helpers/cli';
import { waitFor } from '../helpers/wait';
import { Proc, PYTHON, Recorder, seedPortsLock, traced } from './traced';

describe('trace: the seed programs', function () {
  this.timeout(90000);
  let dir: ReturnType<typeof tempDir>;
  let lock: Awaited<ReturnType<typeof seedPortsLock>>;
  let recorder: Recorder;
  let report: AnalyticsReport;
  const procs: Proc[] = [];
  const run = (command: string[], input?: string) => {
    const proc = traced(recorder.endpoint, command, { input });
    procs.push(proc);
    return proc;
  };
  const outputs: Record<string, string> = {};

  before(async () => {
    lock = await seedPortsLock();
    dir = tempDir();
    recorder = new Recorder(dir.dir);
    await recorder.started();
    try {
      // Request-reply: ten round trips of the server's one second.
      const server = run([PYTHON, 'hwserver.py']);
      const client = run([PYTHON, 'hwclient.py']);
      // Publish-subscribe, at the same time: the publisher at full speed, the client's 5 updates.
      const publisher = run([PYTHON, 'wuserver.py']);
      const subscriber = run([PYTHON, 'wuclient.py']);
      // The pipeline: the sink, three workers and the ventilator, given its Enter once the three
      // workers have connected to it, as the seed asks.
      const sink = run([PYTHON, 'tasksink.py']);
      const workers = [1, 2, 3].map(() => run([PYTHON, 'taskwork.py']));
      const ventilator = run([PYTHON, 'taskvent.py']);
      const connected = () => new Set(recorder.events().filter((e) => e.source.startsWith('taskwork-') && e.event === 'socket' && e.socket === 'pull' && e.type === 'handshake').map((e) => e.source)).size;
      await waitFor(() => connected() === 3, 20000, () => `3 workers connected, saw ${connected()}`, 50);
      ventilator.child.stdin!.end('\n');
      for (const [name, proc] of Object.entries({ client, subscriber, sink, ventilator })) {
        const { code } = await proc.exited;
        assert.equal(code, 0, `${name} exited ${code}: ${proc.stderr}`);
        outputs[name] = proc.stdout;
      }
      await Promise.all([server, publisher, ...workers].map((proc) => proc.stop()));
      outputs.server = server.stdout;
      outputs.workers = workers.map((worker) => worker.stdout).join('');
      report = await recorder.report();
    } finally {
      await Promise.all(procs.map((proc) => proc.stop()));
      await recorder.stop();
      await lock.release();
    }
  });

  after(() => dir?.remove());

  it('prints what the programs print untraced', () => {
    assert.match(outputs.client, /Received reply 9 \[ b'World' \]/);
    assert.equal(outputs.server.match(/Received request: b'Hello'/g)?.length, 10);
    assert.match(outputs.subscriber, /Average temperature for zipcode '10001' was -?\d+F/);
    assert.match(outputs.ventilator, /Total expected cost: \d+ msec/);
    assert.match(outputs.sink, /Total elapsed time: \d+ msec/);
    assert.equal(outputs.workers.replace(/[^.]/g, '').length, 100, 'the workers print a dot per task');
  });

  it('gives the request-reply round trips of about the server\'s second', () => {
    const [client] = report.reqrep.clients;
    assert.equal(report.reqrep.clients.length, 1);
    assert.equal(client.requests, 10);
    assert.equal(client.replies, 10);
    assert.equal(client.pairs, 10);
    assert.ok(client.roundTrip!.p50Ms > 990 && client.roundTrip!.p50Ms < 1200, `p50 ${client.roundTrip!.p50Ms}`);
    assert.equal(report.reqrep.servers[0].requests, 10);
  });

  it("gives the subscriber's filter and the updates it received", () => {
    const [subscriber] = report.pubsub.subscribers;
    assert.deepEqual(subscriber.filters, ['10001']);
    assert.equal(subscriber.received, 5);
    assert.ok(report.pubsub.publishers[0].published > 5, 'the publisher counts every message, sampled or not');
  });

  it("gives the pipeline batch with the sink's own elapsed time and each worker's share", () => {
    const [batch] = report.pipeline.batches;
    assert.equal(report.pipeline.batches.length, 1);
    assert.equal(batch.tasks, 100);
    assert.equal(batch.results, 100);
    assert.equal(batch.expectedCostMs, Number(/Total expected cost: (\d+)/.exec(outputs.ventilator)![1]));
    const printed = Number(/Total elapsed time: (\d+)/.exec(outputs.sink)![1]);
    assert.ok(Math.abs(batch.elapsedMs! - printed) <= 5, `elapsed ${batch.elapsedMs} ms, the sink printed ${printed}`);
    assert.equal(batch.workers.length, 3);
    assert.equal(batch.workers.reduce((sum, worker) => sum + worker.tasks, 0), 100);
  });

  it('gives the socket events of each program', () => {
    const types = new Set(report.socketEvents.sources.flatMap((source) => Object.keys(source.counts)));
    for (const type of ['bind', 'accept', 'connect', 'handshake']) assert.ok(types.has(type), `${type} in ${[...types]}`);
  });

  // No false alarms: the seed's sessions, run as the seed says, are the normal case.
  it('finds no pitfall in them', () => {
    assert.deepEqual(report.diagnoses.map((d) => `${d.kind}: ${d.summary}`), []);
  });
});
