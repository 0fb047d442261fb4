// The built-in roles captured on the wire, as any program is: what the wire says must agree with
// what the roles report about themselves.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Analytics } from '../../src/shared/analytics';
import { parseCapture } from '../../src/shared/telemetry';
import { ANY_PORT, CLI, Roles, runCli, tempDir } from '../helpers/cli';
import { captureCli, line } from './capturing';

describe('wire: the built-in roles', function () {
  this.timeout(60000);
  const temp = tempDir();
  const roles = new Roles();
  afterEach(() => roles.stopAll());
  after(() => temp.remove());

  it('rep and req: the same requests, replies and round trips on the wire as the req reports', async () => {
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '20']);
    const endpoint = (await rep.ready).bound[0];
    const out = path.join(temp.dir, 'roles.jsonl');
    const capture = await captureCli([Number(endpoint.split(':').pop())], out);
    const req = await runCli(['req', '--connect', endpoint, '--count', '5', '--json']);
    await capture.stop();
    assert.equal(req.code, 0, req.stderr);
    const reported = req.stdout.split('\n').filter((text) => text.includes('"event":"reply"')).map((text) => JSON.parse(text).roundTripMs as number);
    const events = capture.events();
    assert.deepEqual(events.filter((e) => e.event === 'sent').map(line), Array.from({ length: 5 }, () => ['req Hello', 'rep World']).flat());
    const analytics = new Analytics();
    events.forEach((e) => analytics.add(e));
    const [client] = analytics.report(Date.now()).reqrep.clients;
    assert.equal(client.pairs, 5);
    assert.match(client.source, /^node cli\.js req .*\(pid \d+\)$/);
    // The rep's 20 ms pause is in every round trip; the wire sees one no longer than the req times
    // it (the req's own includes its library's time on both sides), whatever the load.
    const median = [...reported].sort((a, b) => a - b)[2];
    assert.ok(client.roundTrip!.p50Ms >= 20 && client.roundTrip!.p50Ms <= median + 1, `wire ${client.roundTrip!.p50Ms} ms, req ${median} ms`);
  });

  it('reports to a collector with --inspect, with the token, each program under its own name', async () => {
    const out = path.join(temp.dir, 'recorded.jsonl');
    const env = { ...process.env, ZMQ_SESSIONS_INSPECT_TOKEN: 'wire-test-token' };
    // record says the endpoint it was given, not the port a `*` became: a port free now, then.
    const collector = `tcp://127.0.0.1:${await freePort()}`;
    const record = spawn(process.execPath, [CLI, 'record', '--bind', collector, '--out', out], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    record.stdout.on('data', (chunk) => (said += chunk));
    while (!/Recording to/.test(said)) await new Promise((resolve) => setTimeout(resolve, 20));
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0']);
    const endpoint = (await rep.ready).bound[0];
    const capture = spawn(process.execPath, [CLI, 'capture', '--port', endpoint.split(':').pop()!, '--inspect', collector], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let captureSaid = '';
    capture.stderr.on('data', (chunk) => (captureSaid += chunk));
    while (!/Capturing on/.test(captureSaid)) await new Promise((resolve) => setTimeout(resolve, 20));
    await runCli(['req', '--connect', endpoint, '--count', '3']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    capture.kill('SIGINT');
    await new Promise((resolve) => capture.once('close', resolve));
    record.kill('SIGINT');
    await new Promise((resolve) => record.once('close', resolve));
    // Each program reports in batches of its own: the file holds them as they came, so by time.
    const events = parseCapture(readFileSync(out, 'utf8')).sort((a, b) => a.t - b.t);
    assert.deepEqual(events.filter((e) => e.event === 'sent').map(line), ['req Hello', 'rep World', 'req Hello', 'rep World', 'req Hello', 'rep World']);
    assert.equal(new Set(events.map((e) => e.source)).size, 2);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
