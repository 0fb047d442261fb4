// `zmq-sessions capture --inspect-id ID`, as the extension runs it for a custom role inspected on
// the wire: of two pyzmq programs talking on a captured port, only the one started with
// ZMQ_SESSIONS_WIRE_ID=ID in its environment is reported, under ID, to a real collector with the
// token, with counters of its messages (what the role's item in the Sessions view shows).
import { strict as assert } from 'node:assert';
import { ChildProcess, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { Collector } from '../../src/collector/collector';
import { collected, CollectedEvent, INSPECT_TOKEN_ENV, WIRE_ID_ENV } from '../../src/shared/telemetry';
import { CLI } from '../helpers/cli';
import { PYTHON } from '../helpers/python';
import { waitFor } from '../helpers/wait';

const SERVER = `
import time, zmq
s = zmq.Context().socket(zmq.REP)
port = s.bind_to_random_port('tcp://127.0.0.1')
print(port, flush=True)
for _ in range(3):
    s.send(s.recv() + b' back')
# A process is told by its environment while it runs: the capture looks when it first sees a connection.
time.sleep(1)
`;
const CLIENT = `
import sys, zmq
s = zmq.Context().socket(zmq.REQ)
s.connect('tcp://127.0.0.1:' + sys.argv[1])
for i in range(3):
    s.send(b'ping %d' % i)
    print(s.recv().decode(), flush=True)
`;

const python = (script: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess => spawn(PYTHON, ['-c', script, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('close', resolve)));

describe('capture --inspect-id: one program of those on the wire', function () {
  this.timeout(30_000);

  it("reports only the tagged program's messages and counters, under its id", async () => {
    const token = 'wire-test-token';
    const collector = await Collector.start('tcp://127.0.0.1:*', { token });
    const events: CollectedEvent[] = [];
    collector.onBatch((batch) => events.push(...collected(batch)));
    const server = python(SERVER, [], { ...process.env, [WIRE_ID_ENV]: 'server-7' });
    const port = await new Promise<string>((resolve) => readline.createInterface({ input: server.stdout! }).once('line', resolve));
    const capture = spawn(process.execPath, [CLI, 'capture', '--port', port, '--inspect', collector.connectEndpoint, '--inspect-id', 'server-7'], {
      env: { ...process.env, [INSPECT_TOKEN_ENV]: token },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let said = '';
    capture.stderr!.on('data', (chunk) => (said += chunk));
    try {
      await waitFor(() => /Capturing on/.test(said), 10_000, () => `the capture did not start: ${said}`);
      const client = python(CLIENT, [port]);
      await Promise.all([exited(client), exited(server)]);
      await waitFor(() => events.some((event) => event.event === 'counters' && event.sent.rep === 3), 10_000, () => `no counters of 3: ${JSON.stringify(events.map((event) => event.event))} ${said}`);
    } finally {
      capture.kill('SIGINT');
      await exited(capture);
      collector.dispose();
    }
    assert.deepEqual([...new Set(events.map((event) => event.source))], ['server-7'], 'the client is not reported');
    const messages = events.filter((event) => event.event === 'sent' || event.event === 'received').map((event) => `${event.event} ${(event as Extract<CollectedEvent, { event: 'sent' }>).frames[0].text}`);
    assert.deepEqual(messages, ['received ping 0', 'sent ping 0 back', 'received ping 1', 'sent ping 1 back', 'received ping 2', 'sent ping 2 back']);
    const counters = events.filter((event) => event.event === 'counters').at(-1) as Extract<CollectedEvent, { event: 'counters' }>;
    assert.deepEqual([counters.sent, counters.received], [{ rep: 3 }, { rep: 3 }]);
    assert.match(said, /Capturing: \d+ packets, 1 connections, 6 messages so far\./);
  });
});
