// Bad input beyond what test/roles/cli.test.ts checks: hosts that cannot be reached (in a namespace
// with no route out, so no packet leaves this machine), more malformed endpoints, a port taken by
// a running role, a custom command that does not exist. Each fails clearly; what else runs goes on.
import { strict as assert } from 'node:assert';
import { ChildRole } from '../../src/roles/child';
import { ANY_PORT, runCli } from '../helpers/cli';
import { useNetwork } from './helpers/netns';
import { useFaults, waitFor } from './helpers/roles';

describe('bad input', function () {
  this.timeout(20000);
  const { roles, record } = useFaults();

  describe('hosts that cannot be reached', () => {
    const network = useNetwork('the unreachable-host tests', 'all');
    let isolated = '';
    // Only loopback: every other address is unreachable, and no name resolves.
    before(() => (isolated = network.namespace('u')));

    it('a REQ to an address with no route retries visibly, then gives up with what to do', async () => {
      const recording = await record();
      const endpoint = 'tcp://10.250.200.2:5555';
      const req = roles.start('req', 'req', ['--connect', endpoint, '--count', '1', '--timeout', '400', '--retries', '2'], { ns: isolated, inspect: recording.endpoint });
      const exit = await req.exited;
      assert.equal(exit.code, 1);
      assert.equal(exit.lastError, `No reply to request 0 after 2 tries of 400 ms: is a server running at ${endpoint}? Start one, or raise --timeout or --retries.`);
      const retries = req.of('socket').filter((e) => e.type === 'connect:retry' && e.address === endpoint);
      assert.ok(retries.length >= 2, `connect retries in its events: ${retries.length}`);
      await recording.until((e) => e.source === 'req' && e.event === 'error');
      const report = recording.report();
      const counts = report.socketEvents.sources.find((s) => s.source === 'req')!.counts;
      assert.ok(counts['connect:retry'] >= 2, `the analytics count the retries: ${JSON.stringify(counts)}`);
      assert.deepEqual(report.sources.map((s) => [s.source, s.end]), [['req', 'error']]);
    });

    it('a worker whose hosts do not resolve keeps retrying, visibly, and stops at once on SIGTERM', async () => {
      const worker = roles.start('worker', 'worker', ['--connect', 'tcp://no-such-host.invalid:5557', '--sink', 'tcp://no-such-host.invalid:5558'], { ns: isolated });
      await worker.ready;
      await worker.until((e) => e.event === 'socket' && e.type === 'connect:retry', 4);
      assert.deepEqual(new Set(worker.of('socket').map((e) => e.socket)), new Set(['pull', 'push']));
      const asked = Date.now();
      const exit = await worker.stop();
      assert.deepEqual([exit.code, exit.signal], [0, null]);
      assert.ok(Date.now() - asked < 1000);
    });

    it('binding an address that is not this machine\'s names it and says what to use', async () => {
      for (const host of ['10.250.200.2', 'no-such-host.invalid']) {
        const rep = roles.start('rep', 'rep', ['--bind', `tcp://${host}:5555`], { ns: isolated });
        const exit = await rep.exited;
        assert.equal(exit.code, 1);
        assert.equal(exit.lastError, `Cannot bind tcp://${host}:5555: ${host} is not an address of this machine. Use 127.0.0.1 or one of this machine's addresses.`);
      }
    });
  });

  // Not in test/roles/cli.test.ts: each exits 2 with one line that names the value.
  const malformed: [string, string[], RegExp][] = [
    ['no port', ['rep', '--bind', 'tcp://127.0.0.1'], /^Error: Malformed endpoint 'tcp:\/\/127\.0\.0\.1': use tcp:\/\/HOST:PORT/],
    ['no host', ['req', '--connect', 'tcp://:5555'], /^Error: Malformed endpoint 'tcp:\/\/:5555'/],
    ['empty ipc path', ['sink', '--bind', 'ipc://'], /^Error: Malformed endpoint 'ipc:\/\/': the ipc path is empty; use ipc:\/\/PATH\.$/],
    ['inproc', ['pub', '--bind', 'inproc://x'], /^Error: Unsupported transport 'inproc:\/\/' in 'inproc:\/\/x': sessions run between processes/],
    ['unclosed IPv6 bracket', ['rep', '--bind', 'tcp://[::1:5555'], /^Error: Malformed endpoint 'tcp:\/\/\[::1:5555'/],
    ['hex port', ['rep', '--bind', 'tcp://127.0.0.1:0x10'], /the port must be a number from 1 to 65535 or \* for any free port\.$/],
    ['trailing space', ['worker', '--sink', 'tcp://127.0.0.1:5558 '], /^Error: Malformed endpoint 'tcp:\/\/127\.0\.0\.1:5558 '/],
    ['upper-case transport', ['sub', '--connect', 'TCP://127.0.0.1:5556'], /^Error: Malformed endpoint 'TCP:\/\/127\.0\.0\.1:5556'/],
    ['empty endpoint', ['rep', '--bind', ''], /^Error: Malformed endpoint '': use tcp:\/\/HOST:PORT/],
    ['malformed --inspect', ['sink', '--inspect', 'tcp://x'], /^Error: Malformed endpoint 'tcp:\/\/x'/],
    ['pgm', ['pub', '--bind', 'pgm://eth0;239.192.1.1:5555'], /^Error: Unsupported transport 'pgm:\/\/'/],
  ];
  for (const [what, args, message] of malformed) {
    it(`exits 2 with one line for a malformed endpoint: ${what}`, async () => {
      const result = await runCli(args, { timeoutMs: 5000 });
      assert.equal(result.code, 2);
      assert.match(result.stderr.trim(), message);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.equal(result.stdout, '');
    });
  }

  it('a role whose port a running role holds fails alone: the running one goes on serving', async () => {
    const recording = await record();
    const inspect = recording.endpoint;
    const server = roles.start('rep', 'rep', ['--bind', ANY_PORT, '--delay', '0'], { inspect });
    const endpoint = (await server.ready).bound[0];
    const first = await runCli(['req', '--connect', endpoint, '--count', '2']);
    assert.equal(first.code, 0);
    for (const role of ['rep', 'pub', 'sink'] as const) {
      const rival = roles.start(role, `rival-${role}`, ['--bind', endpoint]);
      const exit = await rival.exited;
      assert.equal(exit.code, 1, role);
      assert.equal(exit.lastError, `Address in use: ${endpoint} is already bound by another program. Stop that program or choose another endpoint with --bind.`);
    }
    const after = await runCli(['req', '--connect', endpoint, '--count', '3']);
    assert.equal(after.code, 0, after.stderr);
    assert.equal(after.stdout.match(/Received reply/g)?.length, 3);
    assert.equal(server.child.exitCode, null, 'the server still runs');
    // Its analytics show nothing wrong: still running, every request answered.
    await waitFor(() => recording.report().reqrep.servers.find((s) => s.source === 'rep')?.replies === 5, 5000, () => 'the server\'s five replies');
    const report = recording.report();
    assert.deepEqual(report.sources.map((s) => [s.source, s.end, s.error]), [['rep', null, null]]);
  });

  it('a custom command that does not exist: the launcher says so, and nothing starts', async () => {
    const role = new ChildRole('zmq-sessions-no-such-program', ['--bind', ANY_PORT]);
    await assert.rejects(role.spawned, { code: 'ENOENT' });
    const exit = await role.exited;
    assert.equal(exit.lastError, 'command not found: zmq-sessions-no-such-program');
    assert.equal(role.running, false);
    assert.deepEqual(await role.stop(), exit, 'stopping it is harmless');
  });
});
