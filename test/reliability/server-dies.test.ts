// A REP server killed (-9) while a REQ waits for its reply: the REQ with --timeout gives up, says
// so, reconnects and retries; a new server on the same endpoint answers, and the REQ finishes.
// The analytics count the timeouts and mark the dead server killed.
import { strict as assert } from 'node:assert';
import { ANY_PORT, runCli } from '../helpers/cli';
import { sleep, useFaults, waitFor } from './helpers/roles';

describe('REP dies while REQ waits', function () {
  this.timeout(20000);
  const { roles, record } = useFaults();

  it('the REQ times out with a clear message, retries, and recovers when a server returns', async () => {
    const recording = await record();
    const inspect = recording.endpoint;
    // A server that takes its time: the REQ is waiting when the server dies.
    const first = roles.start('rep', 'rep-1', ['--bind', ANY_PORT, '--delay', '5000'], { inspect });
    const endpoint = (await first.ready).bound[0];
    const req = roles.start('req', 'req', ['--connect', endpoint, '--count', '3', '--timeout', '400', '--retries', '0'], { inspect });
    await first.until((e) => e.event === 'received');
    // What it reported before it died reaches the capture within milliseconds.
    await recording.until((e) => e.source === 'rep-1' && e.event === 'received');
    await first.kill();
    const exit = await first.exited;
    recording.capture.add([{ event: 'exit', code: exit.code, signal: exit.signal, source: 'rep-1', t: Date.now() }]);

    await req.until((e) => e.event === 'timeout', 2);
    await sleep(300);
    const second = roles.start('rep', 'rep-2', ['--bind', endpoint, '--delay', '0'], { inspect });
    await second.ready;
    const done = await req.exited;
    assert.equal(done.code, 0, 'the REQ finished its requests');

    const text = req.events.map((e) => (e.event === 'output' ? e.text : '')).join('');
    assert.match(text, /No reply to request 0 within 400 ms, reconnecting and retrying \(try 2\)…/);
    assert.deepEqual(text.match(/^Received reply \d .*$/gm), [0, 1, 2].map((n) => `Received reply ${n} [ b'World' ]`));
    const timeouts = req.of('timeout');
    assert.ok(timeouts.length >= 2 && timeouts.every((e) => e.request === 0), `timeouts of request 0 only: ${timeouts.length}`);
    assert.deepEqual(timeouts.map((e) => e.attempt), timeouts.map((_, i) => i + 1));

    await recording.until((e) => e.source === 'req' && e.event === 'done');
    await waitFor(() => (recording.report().reqrep.servers.find((s) => s.source === 'rep-2')?.replies ?? 0) >= 3, 5000, () => 'the new server\'s replies');
    const report = recording.report();
    const client = report.reqrep.clients.find((c) => c.source === 'req')!;
    assert.deepEqual(
      { requests: client.requests, replies: client.replies, timeouts: client.timeouts, outstanding: client.outstanding, ended: client.ended },
      { requests: timeouts.length + 3, replies: 3, timeouts: timeouts.length, outstanding: [], ended: true },
    );
    const dead = report.sources.find((s) => s.source === 'rep-1')!;
    assert.deepEqual([dead.end, dead.error], ['killed', 'killed by SIGKILL']);
    const servers = new Map(report.reqrep.servers.map((s) => [s.source, s]));
    assert.deepEqual([servers.get('rep-1')!.requests, servers.get('rep-1')!.replies], [1, 0], 'the dead server took request 0 and never answered');
    // A retry given up on may still have reached the new server before its socket was closed:
    // the server answers it, to no one. The REQ's three came back.
    const revived = servers.get('rep-2')!;
    assert.ok(revived.requests === revived.replies && revived.replies >= 3 && revived.replies <= 3 + timeouts.length, `new server: ${revived.requests} requests, ${revived.replies} replies`);
    if (process.env.RELIABILITY_FIGURES) console.log(`      server died: ${timeouts.length} timeouts of 400 ms, then 3/3 replies from the new server`);
  });

  it('without a server coming back, the REQ gives up after --retries and says what to do', async () => {
    const first = roles.start('rep', 'rep', ['--bind', ANY_PORT, '--delay', '5000']);
    const endpoint = (await first.ready).bound[0];
    const client = runCli(['req', '--connect', endpoint, '--count', '1', '--timeout', '300', '--retries', '2']);
    await first.until((e) => e.event === 'received');
    await first.kill();
    const result = await client;
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), `Error: No reply to request 0 after 2 tries of 300 ms: is a server running at ${endpoint}? Start one, or raise --timeout or --retries.`);
    assert.ok(result.ms < 3000, `gave up after ${result.ms} ms`);
  });
});
