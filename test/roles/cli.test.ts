import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { ROLE_NAMES } from '../../src/shared/role-events';
import { runCli, tempDir } from '../helpers/cli';

describe('zmq-sessions command line', () => {
  it('prints its usage with every role and run', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.code, 0);
    for (const role of ROLE_NAMES) assert.match(result.stdout, new RegExp(`^  ${role} `, 'm'));
    assert.match(result.stdout, /run <reqrep\|pubsub\|pipeline\|broker\|forwarder\|pair>/);
  });

  it('prints every command\'s options with their defaults', async () => {
    for (const command of [...ROLE_NAMES, 'run']) {
      const result = await runCli([command, '--help']);
      assert.equal(result.code, 0, command);
      assert.match(result.stdout, new RegExp(`^Usage: zmq-sessions ${command}`), command);
      assert.match(result.stdout, /--help/, command);
    }
    const rep = await runCli(['rep', '--help']);
    assert.match(rep.stdout, /--bind EP .*\(default "tcp:\/\/127\.0\.0\.1:5555"\)/);
    assert.match(rep.stdout, /--reply TEXT .*\(default "World"\)/);
  });

  const usageErrors: [string[], RegExp][] = [
    [[], /Usage: zmq-sessions/],
    [['fly'], /Unknown command 'fly'.*zmq-sessions --help/],
    [['rep', '--colour'], /Unknown option '--colour' for 'rep'/],
    [['req', '--count', 'ten'], /Invalid --count 'ten': expected a whole number/],
    [['req', '--count', '-1'], /Option '--count' needs a value; for one that starts with '-', write --count=VALUE/],
    [['req', '--count=-1'], /Invalid --count '-1'/],
    [['req', '--count'], /Option '--count' needs a value/],
    [['rep', '--bind', 'localhost:5555'], /Malformed endpoint 'localhost:5555': use tcp:\/\/HOST:PORT/],
    [['rep', '--bind', 'tcp://127.0.0.1:70000'], /port must be a number from 1 to 65535/],
    [['req', '--connect', 'tcp://*:5555'], /Cannot connect to 'tcp:\/\/\*:5555'/],
    [['sub', '--connect', 'udp://127.0.0.1:5556'], /Unsupported transport 'udp:\/\/'/],
    [['ventilator', '--workload', '50-10'], /Invalid --workload '50-10'/],
    [['pub', '--sample-above', 'many'], /Invalid --sample-above 'many': expected a whole number/],
    [['run'], /'run' needs a pattern: one of reqrep, pubsub, pipeline, broker, forwarder, pair/],
    [['run', 'mesh'], /Unknown pattern 'mesh'/],
    [['broker', '--frontend-bind', 'tcp://127.0.0.1:*', '--backend-connect', 'tcp://*:5'], /Cannot connect to 'tcp:\/\/\*:5'/],
    [['broker', '--bind', 'tcp://127.0.0.1:*'], /Unknown option '--bind' for 'broker'/],
    [['sub', 'extra'], /Unexpected argument 'extra'/],
    [['proxy', '--pattern', 'broker', '--bind', 'tcp://127.0.0.1:*'], /Invalid --pattern 'broker': use reqrep .* or pipeline/],
  ];
  for (const [args, message] of usageErrors) {
    it(`exits 2 with one line for: ${args.join(' ') || '(nothing)'}`, async () => {
      const result = await runCli(args);
      assert.equal(result.code, 2);
      const output = args.length ? result.stderr : result.stdout;
      assert.match(output, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      if (args.length) assert.equal(result.stderr.trim().split('\n').length, 1);
    });
  }

  it('exits 1 naming the endpoint when the port is in use', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const result = await runCli(['rep', '--bind', `tcp://127.0.0.1:${port}`]);
      assert.equal(result.code, 1);
      assert.equal(result.stderr.trim(), `Error: Address in use: tcp://127.0.0.1:${port} is already bound by another program. Stop that program or choose another endpoint with --bind.`);
    } finally {
      server.close();
    }
  });

  it('exits 1 when an ipc path cannot be created', async () => {
    const temp = tempDir();
    try {
      const missing = await runCli(['sink', '--bind', `ipc://${temp.dir}/no/such/dir/sink`]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /does not exist\. Create it or choose another path\./);
      const tooLong = await runCli(['sink', '--bind', `ipc://${temp.dir}/${'x'.repeat(120)}`]);
      assert.equal(tooLong.code, 1);
      assert.match(tooLong.stderr, /too long for a Unix socket/);
    } finally {
      temp.remove();
    }
  });

  it('warns when binding all interfaces, and still binds', async () => {
    const result = await runCli(['pub', '--bind', 'tcp://*:0', '--count', '1']);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /^Warning: tcp:\/\/\*:0 listens on all network interfaces, so other machines can connect\. Use tcp:\/\/127\.0\.0\.1:0 to stay local\.$/m);
  });

  it('reports errors as JSON events with --json', async () => {
    const result = await runCli(['rep', '--bind', 'ipc:///proc/zmq-sessions-test', '--json']);
    assert.equal(result.code, 1);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(events.at(-1).event, 'error');
    assert.equal(events.at(-1).exitCode, 1);
    assert.match(events.at(-1).message, /Cannot bind ipc:\/\/\/proc\/zmq-sessions-test/);
  });
});
