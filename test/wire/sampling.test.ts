// A flood captured live and sent to a collector, as the extension runs `capture`: above
// --sample-above messages a second a program's messages go as a sample, as a built-in role's do,
// while its counters stay exact.
import { strict as assert } from 'node:assert';
import { ChildProcess, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { Collector } from '../../src/collector/collector';
import { collected, CollectedEvent, INSPECT_TOKEN_ENV } from '../../src/shared/telemetry';
import { CLI } from '../helpers/cli';
import { PYTHON } from '../helpers/python';
import { waitFor } from '../helpers/wait';

const MESSAGES = 20_000;
const SAMPLE_ABOVE = 500;
// PUSH to PULL in one process: once told on stdin that the capture listens, it connects and floods.
const FLOOD = `
import sys, zmq
ctx = zmq.Context()
push = ctx.socket(zmq.PUSH)
port = push.bind_to_random_port('tcp://127.0.0.1')
print(port, flush=True)
sys.stdin.readline()
pull = ctx.socket(zmq.PULL)
pull.connect('tcp://127.0.0.1:%d' % port)
for i in range(${MESSAGES}):
    push.send(b'task %05d' % i)
for _ in range(${MESSAGES}):
    pull.recv()
print('done', flush=True)
`;

type Counters = Extract<CollectedEvent, { event: 'counters' }>;

describe('capture --inspect: a flood goes to the collector as a sample', function () {
  this.timeout(60_000);

  it('keeps at most --sample-above messages a second of a program, and counts every one', async () => {
    const token = 'wire-sampling-token';
    const collector = await Collector.start('tcp://127.0.0.1:*', { token });
    const events: CollectedEvent[] = [];
    collector.onBatch((batch) => events.push(...collected(batch)));
    const flood = spawn(PYTHON, ['-c', FLOOD], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: flood.stdout! });
    const port = await new Promise<string>((resolve) => lines.once('line', resolve));
    const capture = spawn(process.execPath, [CLI, 'capture', '--port', port, '--inspect', collector.connectEndpoint, '--sample-above', String(SAMPLE_ABOVE)], {
      env: { ...process.env, [INSPECT_TOKEN_ENV]: token },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let said = '';
    capture.stderr!.on('data', (chunk) => (said += chunk));
    const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('close', resolve)));
    // The last counters of each program (each end is one, when its process has gone before it is named).
    const counters = () => [...new Map(events.filter((event): event is Counters => event.event === 'counters').map((event) => [event.source, event])).values()];
    const total = (way: 'sent' | 'received') => counters().reduce((sum, each) => sum + Object.values(each[way]).reduce((a, b) => a + b, 0), 0);
    try {
      await waitFor(() => /Capturing on/.test(said), 10_000, () => `the capture did not start: ${said}`);
      flood.stdin!.end('go\n');
      await exited(flood);
      await waitFor(() => total('sent') === MESSAGES && total('received') === MESSAGES, 30_000, () => `counters ${JSON.stringify(counters())}; ${said}`);
    } finally {
      capture.kill('SIGINT');
      await exited(capture);
      collector.dispose();
    }
    const kept = events.filter((event) => event.event === 'sent' || event.event === 'received');
    // The wire's seconds of the flood, each with at most SAMPLE_ABOVE kept per program.
    const times = kept.map((event) => event.t);
    const seconds = Math.ceil((Math.max(...times) - Math.min(...times)) / 1000) + 1;
    assert.ok(kept.length <= SAMPLE_ABOVE * seconds * counters().length, `${kept.length} messages kept over ${seconds} s of wire time`);
    const sampledOut = counters().reduce((sum, each) => sum + each.sampledOut, 0);
    assert.equal(kept.length + sampledOut, 2 * MESSAGES, 'kept and sampled out make every message');
  });
});
