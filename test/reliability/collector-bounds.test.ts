// What reaches a collector cannot take over its process. A stranger who reaches its TCP endpoint
// cannot make it hold what it sends: `record` on a tokened tcp endpoint, fed two 256 MiB frames by
// a process without the token, stays small (before the limit, its peak was 1,072 MiB) and goes on
// recording the roles that have the token. And reports that come faster than its listeners take
// them do not starve the rest of the process (the extension host stopped answering VS Code).
import { strict as assert } from 'node:assert';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { Collector } from '../../src/collector/collector';
import { INSPECT_TOKEN_ENV, TELEMETRY_VERSION } from '../../src/shared/telemetry';
import { CLI, tempDir } from '../helpers/cli';
import { sleep, waitFor } from './helpers/roles';

const TOKEN = '5e1f0c2b7a9d4e38b6c1f2a3d4e5f607';
const MiB = 1024 * 1024;

/** The peak resident memory of a process so far (VmHWM), in MiB. */
function peakMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmHWM:'))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

describe('the collector under a stranger\'s huge messages', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;
  let recorder: ChildProcess | undefined;
  const sockets: zmq.Push[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    recorder?.kill('SIGKILL');
    recorder = undefined;
    temp?.remove();
  });

  it('record stays under 200 MiB when a process without the token sends two 256 MiB frames, and still records', async () => {
    temp = tempDir();
    const out = path.join(temp.dir, 'capture.jsonl');
    recorder = spawn(process.execPath, [CLI, 'record', '--bind', 'tcp://127.0.0.1:*', '--out', out], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, [INSPECT_TOKEN_ENV]: TOKEN } });
    let said = '';
    recorder.stdout!.on('data', (chunk) => (said += chunk));
    await waitFor(() => /--inspect (tcp:\/\/127\.0\.0\.1:\d+)/.test(said), 10_000, () => `record's endpoint (it said: ${said})`);
    const endpoint = /--inspect (tcp:\/\/127\.0\.0\.1:\d+)/.exec(said)![1];
    const before = peakMiB(recorder.pid!);

    const stranger = new zmq.Push({ linger: 0, sendTimeout: 10_000 });
    sockets.push(stranger);
    stranger.connect(endpoint);
    const huge = Buffer.alloc(256 * MiB, 0x7b);
    await stranger.send(huge);
    await stranger.send(huge);
    // The frames are on their way once queued: give the collector time to take them in, or not.
    await sleep(3000);
    const peak = peakMiB(recorder.pid!);
    assert.ok(peak < 200, `record's peak memory reached ${peak.toFixed(0)} MiB (it started at ${before.toFixed(0)} MiB)`);

    // A role with the token is still heard.
    const role = new zmq.Push({ linger: 1000 });
    sockets.push(role);
    role.connect(endpoint);
    const batch = { v: TELEMETRY_VERSION, source: 'after', dropped: 0, events: [{ event: 'socket', socket: 'pull', type: 'listening', t: Date.now() }] };
    await role.send([TOKEN, JSON.stringify(batch)]);
    await waitFor(() => readFileSync(out, 'utf8').includes('"source":"after"'), 10_000, 'the batch of the role with the token in the capture');
  });

  it('gives the rest of the process its turns while reports come faster than its listeners take them', async () => {
    const collector = await Collector.start();
    // A listener that takes 2 ms a batch, as the analytics and the views of a busy window can.
    collector.onBatch(() => {
      for (const end = Date.now() + 2; Date.now() < end; );
    });
    const flood = new zmq.Push({ linger: 0 });
    sockets.push(flood);
    flood.connect(collector.endpoint);
    const batch = JSON.stringify({ v: TELEMETRY_VERSION, source: 'flood', dropped: 0, events: [] });
    let flooding = true;
    const sending = (async () => {
      while (flooding) await flood.send(batch);
    })();
    try {
      await sleep(500);
      // A timer of 50 ms over 2 s: 40 turns when nothing starves it; without turns it got 0 to 3.
      let turns = 0;
      const timer = setInterval(() => turns++, 50);
      await new Promise((resolve) => setImmediate(resolve));
      const started = Date.now();
      while (Date.now() - started < 2000) await new Promise((resolve) => setTimeout(resolve, 100));
      clearInterval(timer);
      assert.ok(turns >= 10, `the timer had ${turns} turns in 2 s`);
    } finally {
      flooding = false;
      collector.dispose();
      await Promise.race([sending.catch(() => undefined), sleep(1000)]);
    }
  });
});
