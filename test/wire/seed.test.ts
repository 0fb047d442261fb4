// The seed's own Python programs, unchanged, captured on the wire by `zmq-sessions capture` (live,
// with process names) and by tcpdump (a pcap for `report`). They use fixed ports 5555-5558: the
// tests hold the seed ports' lock from before their captures start, so that no other run of them
// is captured too.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Analytics, CollectedEvent } from '../../src/shared/analytics';
import { CLI, tempDir } from '../helpers/cli';
import { PYTHON } from '../helpers/python';
import { seedPortsLock } from '../trace/traced';
import { captureCli, captureFile, line } from './capturing';

const SEED = path.resolve(__dirname, '../../../test/fixtures/seed-workspace');

/** Runs a shell script in a copy of the seed's folder. */
function seedScript(dir: string, script: string): Promise<string> {
  for (const file of readdirSync(SEED).filter((name) => name.endsWith('.py'))) copyFileSync(path.join(SEED, file), path.join(dir, file));
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`seed script exited ${code}: ${out}`))));
  });
}

const analyse = (events: CollectedEvent[]) => {
  const analytics = new Analytics();
  events.forEach((e) => analytics.add(e));
  return analytics.report(Math.max(...events.map((e) => e.t)));
};

describe('wire: the seed programs', function () {
  this.timeout(60000);
  const temp = tempDir();
  let lock: { release: () => Promise<void> } | undefined;
  before(async () => {
    lock = await seedPortsLock();
  });
  after(async () => {
    await lock?.release();
    temp.remove();
  });

  it('hwclient and hwserver: every message, named by process, round trips of ~1000 ms, live and from the pcap', async () => {
    const out = path.join(temp.dir, 'hw.jsonl');
    const pcap = path.join(temp.dir, 'hw.pcap');
    const capture = await captureCli([5555], out);
    const dump = await captureFile('tcpdump', [5555], pcap);
    const printed = await seedScript(temp.dir, `${PYTHON} hwserver.py > server.out & S=$!; ${PYTHON} hwclient.py; kill $S`);
    await Promise.all([capture.stop(), dump.stop()]);
    assert.equal(printed.match(/Received reply \d+ \[ b'World' \]/g)?.length, 10, printed);
    const events = capture.events();
    const sent = events.filter((e) => e.event === 'sent');
    assert.deepEqual(sent.map(line), Array.from({ length: 10 }, () => ['req Hello', 'rep World']).flat());
    assert.ok(sent.every((e) => /^python3 hw(client|server)\.py \(pid \d+\)$/.test(e.source)), sent.map((e) => e.source).join());
    for (const report of [analyse(events), JSON.parse(execFileSync(process.execPath, [CLI, 'report', pcap, '--json'], { encoding: 'utf8' }))]) {
      const [client] = report.reqrep.clients;
      assert.equal(client.pairs, 10);
      assert.ok(client.roundTrip.p50Ms > 990 && client.roundTrip.p50Ms < 1300, `round trip ${client.roundTrip.p50Ms} ms`);
      assert.deepEqual(report.reqrep.servers.map((s: { requests: number; replies: number }) => [s.requests, s.replies]), [[10, 10]]);
    }
    const types = new Set(events.filter((e) => e.event === 'socket').map((e) => (e as { type: string }).type));
    for (const type of ['connect', 'accept', 'handshake', 'disconnect']) assert.ok(types.has(type), `no ${type} socket event`);
  });

  it('taskvent, taskwork and tasksink: the batch, its tasks per worker and its results, live and from the pcap', async () => {
    const out = path.join(temp.dir, 'pipe.jsonl');
    const pcap = path.join(temp.dir, 'pipe.pcap');
    const capture = await captureCli([5557, 5558], out);
    const dump = await captureFile('tcpdump', [5557, 5558], pcap);
    const printed = await seedScript(
      temp.dir,
      `${PYTHON} tasksink.py > sink.out & S=$!; ${PYTHON} taskwork.py > w1.out & W=$!; sleep 0.5; echo | ${PYTHON} taskvent.py; wait $S; kill $W; cat sink.out`,
    );
    await Promise.all([capture.stop(), dump.stop()]);
    const cost = Number(/Total expected cost: (\d+) msec/.exec(printed)?.[1]);
    const elapsed = Number(/Total elapsed time: (\d+) msec/.exec(printed)?.[1]);
    const events = capture.events();
    assert.equal(events.filter((e) => e.event === 'sent').length, 201, 'the "0", 100 tasks, 100 results');
    const live = analyse(events);
    const fromFile = JSON.parse(execFileSync(process.execPath, [CLI, 'report', pcap, '--json'], { encoding: 'utf8' }));
    for (const report of [live, fromFile]) {
      const [batch] = report.pipeline.batches;
      assert.equal(batch.tasks, 100);
      assert.equal(batch.results, 100);
      assert.equal(batch.expectedCostMs, cost);
      assert.ok(Math.abs(batch.elapsedMs - elapsed) < 50, `elapsed ${batch.elapsedMs} ms on the wire, ${elapsed} printed`);
      assert.equal(batch.workers.reduce((sum: number, w: { tasks: number }) => sum + w.tasks, 0), 100);
    }
    assert.match(live.pipeline.batches[0].workers[0].worker, /^python3 taskwork\.py \(pid \d+\)$/);
  });

  it('wuclient and wuserver: the subscription and what the subscriber received', async () => {
    const out = path.join(temp.dir, 'wu.jsonl');
    const capture = await captureCli([5556], out);
    const printed = await seedScript(temp.dir, `${PYTHON} wuserver.py > /dev/null & P=$!; ${PYTHON} wuclient.py; kill $P`);
    await capture.stop();
    const events = capture.events();
    const [subscriber] = analyse(events).pubsub.subscribers;
    assert.deepEqual(subscriber.filters, ['10001']);
    assert.match(printed, /Average temperature for zipcode '10001'/);
    assert.equal(subscriber.received, 5);
    const received = events.filter((e) => e.event === 'received');
    assert.equal(received.length, 5);
    assert.ok(received.every((e) => line(e).startsWith('sub 10001 ')));
  });
});

// Fail early, with the reason, where the machine cannot capture.
before(() => {
  const probe = spawnSync('tcpdump', ['--version']);
  if (probe.status !== 0) throw new Error('tcpdump is needed for the wire tests: sudo apt-get install tcpdump');
});
