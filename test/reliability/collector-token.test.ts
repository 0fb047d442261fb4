// The collector is private by default (ipc in a folder only its user can enter, or loopback for
// `record`), and with a token it takes only the reports that carry it: another local process
// cannot inject fake traffic, whether it forges batches or runs a role without the token.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { Collector } from '../../src/collector/collector';
import { INSPECT_TOKEN_ENV, TELEMETRY_VERSION } from '../../src/shared/telemetry';
import { ANY_PORT, CLI, runCli, tempDir } from '../helpers/cli';
import { FaultRoles, Recording, sleep, waitFor } from './helpers/roles';

const TOKEN = 'b7f3c2a19d8e4f60a1b2c3d4e5f60718';

/** A report as a role would send it, claiming to be `source`, after a token frame when one is given. */
function forged(source: string, token?: string): string[] {
  const events = [{ event: 'ready', role: 'sink', pid: 1, bound: ['tcp://127.0.0.1:5558'], connected: [], t: Date.now() }, { event: 'batch-done', batch: 1, results: 999, elapsedMs: 1, t: Date.now() }];
  const batch = JSON.stringify({ v: TELEMETRY_VERSION, source, dropped: 0, events });
  return token === undefined ? [batch] : [token, batch];
}

describe('the collector and its token', function () {
  this.timeout(20000);
  const roles = new FaultRoles();
  let recording: Recording | undefined;
  let intruder: zmq.Push | undefined;
  afterEach(async () => {
    intruder?.close();
    intruder = undefined;
    await roles.stopAll();
    recording?.dispose();
    recording = undefined;
  });

  it('listens on ipc in a folder only its user can enter, or on loopback for record', async () => {
    const collector = await Collector.start();
    try {
      const match = /^ipc:\/\/(.+)\/collector$/.exec(collector.endpoint);
      assert.ok(match, collector.endpoint);
      const folder = statSync(match[1]);
      assert.equal(folder.mode & 0o777, 0o700, 'private folder');
      assert.equal(folder.uid, process.getuid!());
    } finally {
      collector.dispose();
    }
    const help = await runCli(['record', '--help']);
    assert.match(help.stdout, /--bind EP .*\(default "tcp:\/\/127\.0\.0\.1:5563"\)/);
  });

  it('takes the reports of roles with the token and ignores forged ones and roles without it', async () => {
    const collector = await Collector.start(undefined, { token: TOKEN });
    recording = Recording.of(collector);
    const inspect = recording.endpoint;
    const env = { ...process.env, [INSPECT_TOKEN_ENV]: TOKEN };
    const trusted = roles.start('sink', 'sink', ['--bind', ANY_PORT, '--tasks', '1'], { inspect, env });
    await trusted.ready;
    await recording.until((e) => e.source === 'sink' && e.event === 'ready');

    // Another local process: a role without the token, and forged batches with none or a wrong one.
    const { [INSPECT_TOKEN_ENV]: _, ...bare } = process.env;
    const stranger = roles.start('pub', 'stranger', ['--bind', ANY_PORT, '--message', 'fake', '--interval', '10'], { inspect, env: bare });
    await stranger.ready;
    await waitFor(() => collector.rejectedCount >= 1, 5000, () => 'the stranger\'s reports, rejected');
    await stranger.stop();
    // Whatever the stranger still had on its way has arrived: from here on, only the forgeries count.
    await sleep(700);
    const rejectedBefore = collector.rejectedCount;
    intruder = new zmq.Push({ linger: 0 });
    intruder.connect(inspect);
    const forgeries = [
      forged('forger'),
      forged('forger', 'wrong'),
      forged('forger', TOKEN.slice(0, -1)),
      forged('forger', `${TOKEN}x`),
      // The token inside the batch, where version 1 carried it, is not the token frame.
      [JSON.stringify({ ...JSON.parse(forged('forger')[0]), token: TOKEN })],
      [TOKEN],
      [...forged('forger', TOKEN), 'a third frame'],
      [TOKEN, 'not json'],
      ['not json'],
    ];
    for (const message of forgeries) await intruder.send(message);
    await waitFor(() => collector.rejectedCount >= rejectedBefore + forgeries.length, 5000, () => `rejected ${collector.rejectedCount - rejectedBefore} of ${forgeries.length} forgeries`);
    await sleep(200);
    assert.equal(collector.rejectedCount - rejectedBefore, forgeries.length, 'each forgery rejected once, nothing else');

    const sources = new Set(recording.capture.kept().events.map((e) => e.source));
    assert.deepEqual([...sources], ['sink'], 'only the trusted role');
    const report = recording.report();
    assert.deepEqual(report.sources.map((s) => s.source), ['sink'], 'no forger among the sources');
    assert.equal(report.pipeline.batches.length, 0, 'no forged batch-done');
    assert.ok(recording.capture.kept().events.every((e) => e.event !== 'batch-done'));

    // The real one goes on being heard.
    const before = recording.capture.size;
    await trusted.stop();
    await recording.until((e) => e.source === 'sink' && e.event === 'done');
    assert.ok(recording.capture.size > before);
  });

  it('record with the token in its environment records only roles that have it', async () => {
    const temp = tempDir();
    try {
      const out = path.join(temp.dir, 'capture.jsonl');
      const endpoint = `ipc://${temp.dir}/collector`;
      const env = { ...process.env, [INSPECT_TOKEN_ENV]: TOKEN };
      const recorder = spawn(process.execPath, [CLI, 'record', '--bind', endpoint, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'], env });
      let said = '';
      recorder.stdout.on('data', (chunk) => (said += chunk));
      try {
        await waitFor(() => said.includes('Recording to'), 5000);
        const run = await runCli(['run', 'reqrep', '--bind', ANY_PORT, '--count', '2', '--inspect', endpoint], { env });
        assert.equal(run.code, 0, run.stderr);
        intruder = new zmq.Push({ linger: 0 });
        intruder.connect(endpoint);
        await intruder.send(forged('forger'));
        await sleep(300);
      } finally {
        recorder.kill('SIGINT');
      }
      assert.equal(await new Promise((resolve) => recorder.once('close', resolve)), 0);
      assert.match(said, /^Recorded \d+ events from 2 roles to .*\. Ignored 1 message that was not a report with the token\.$/m);
      const sources = new Set(readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line).source));
      assert.deepEqual([...sources].sort(), ['rep', 'req']);
    } finally {
      temp.remove();
    }
  });

  it('a listener that throws neither ends the collector\'s receive loop nor keeps a batch from the others', async () => {
    const collector = await Collector.start(undefined, { token: TOKEN });
    const heard: string[] = [];
    const logged: unknown[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      collector.onBatch(() => {
        throw new Error('a listener bug');
      });
      collector.onBatch((batch) => heard.push(batch.source));
      intruder = new zmq.Push({ linger: 0 });
      intruder.connect(collector.endpoint);
      await intruder.send(forged('first', TOKEN));
      await waitFor(() => heard.length === 1, 5000, 'the first batch');
      await intruder.send(forged('second', TOKEN));
      await waitFor(() => heard.length === 2, 5000, () => `the second batch, after a listener threw (heard ${heard})`);
      assert.deepEqual(heard, ['first', 'second']);
      assert.equal(logged.length, 2, 'each failure reported');
    } finally {
      console.error = error;
      collector.dispose();
    }
  });
});
