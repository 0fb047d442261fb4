// `zmq-sessions trace` passes the program's exit code, signals and output through, and says what
// it cannot trace.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';
import { waitFor } from '../helpers/wait';
import { Proc, PYTHON, traced } from './traced';

describe('trace: the command', () => {
  let dir: ReturnType<typeof tempDir>;
  // No collector listens here: the program must not care.
  let nowhere: string;
  beforeEach(() => {
    dir = tempDir();
    nowhere = `ipc://${dir.dir}/nobody`;
  });
  afterEach(() => dir.remove());

  it("exits with the program's exit code and passes its output through", async () => {
    const result = await runCli(['trace', '--inspect', nowhere, '--', PYTHON, '-c', 'import sys, zmq; print("out"); sys.stderr.write("err\\n"); sys.exit(3)']);
    assert.equal(result.code, 3, result.stderr);
    assert.equal(result.stdout, 'out\n');
    assert.equal(result.stderr, 'err\n');
  });

  it('ends by the signal that ended the program', async () => {
    const proc = traced(nowhere, [PYTHON, '-c', 'import os, signal, zmq; os.kill(os.getpid(), signal.SIGTERM)']);
    assert.deepEqual(await proc.exited, { code: null, signal: 'SIGTERM' });
  });

  it('passes a SIGTERM on to the program', async () => {
    const program = 'import signal, sys, time, zmq\nsignal.signal(signal.SIGTERM, lambda *a: (print("got SIGTERM", flush=True), sys.exit(7)))\nprint("ready", flush=True)\ntime.sleep(30)';
    const proc = traced(nowhere, [PYTHON, '-c', program]);
    await proc.until('ready');
    proc.child.kill('SIGTERM');
    assert.deepEqual(await proc.exited, { code: 7, signal: null });
    assert.match(proc.stdout, /got SIGTERM/);
  });

  it("runs behind the program: the relay at nice 19 in Linux's idle class, the program at its own priority", async () => {
    const proc = traced(nowhere, [PYTHON, '-c', 'import time, zmq; print("ready", flush=True); time.sleep(30)']);
    try {
      await proc.until('ready');
      const relay = proc.child.pid!;
      const [program] = readFileSync(`/proc/${relay}/task/${relay}/children`, 'utf8').trim().split(' ').map(Number);
      // Every thread of the relay, zeromq.js's and libuv's too.
      const threads = readdirSync(`/proc/${relay}/task`);
      assert.ok(threads.length > 1, `threads of the relay: ${threads.join(', ')}`);
      for (const tid of threads) assert.deepEqual(scheduling(`/proc/${relay}/task/${tid}/stat`), { nice: 19, policy: SCHED_IDLE }, `thread ${tid}`);
      assert.deepEqual(scheduling(`/proc/${program}/stat`), { nice: getPriority(), policy: SCHED_OTHER });
    } finally {
      await proc.stop();
    }
  });

  it('passes stdin to the program', async () => {
    const proc = traced(nowhere, [PYTHON, '-c', 'print(input().upper())'], { input: 'typed\n' });
    assert.equal((await proc.exited).code, 0);
    assert.equal(proc.stdout, 'TYPED\n');
  });

  it('says in one line that it traces Python and Node programs only, and runs any other', async () => {
    const result = await runCli(['trace', '--inspect', nowhere, '--', 'sh', '-c', 'echo shell; exit 4']);
    assert.equal(result.code, 4);
    assert.equal(result.stdout, 'shell\n');
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /sh is not a Python or Node program\. Tracing sees inside Python \(pyzmq\) and Node \(zeromq\.js\) programs only; `zmq-sessions capture` sees the rest/);
  });

  it('says in one line when Python is told to skip the tracer (-I), and runs the program', async () => {
    const result = await runCli(['trace', '--inspect', nowhere, '--', PYTHON, '-I', '-c', 'import zmq; print("ran")']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'ran\n');
    assert.equal(result.stderr, 'zmq-sessions trace: python3 -I isolates the program from PYTHONPATH, where the tracer is: the program runs untraced. Run it without that, or see it on the wire with `zmq-sessions capture`.\n');
  });

  it('says what to do when the program is missing or not given', async () => {
    const missing = await runCli(['trace', '--inspect', nowhere, '--', 'no-such-program-here']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'Error: Cannot run no-such-program-here: no such program. Check its name, or give its path.\n');
    const none = await runCli(['trace', '--inspect', nowhere]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Give the program to trace after '--'/);
  });

  it('turns tracing off with one line when the tracer cannot start, and the program runs on', async () => {
    const env = { ...process.env, PYTHONPATH: path.resolve(__dirname, '../../../tracer/python'), ZMQ_SESSIONS_TRACE: 'bogus://nowhere' };
    const proc = new Proc(PYTHON, ['-c', 'import zmq; c = zmq.Context(); s = c.socket(zmq.PAIR); s.bind("inproc://x"); print("ran"); s.close(); c.term()'], { env });
    await waitFor(() => proc.child.exitCode !== null, 10000, 'the program to end');
    assert.equal(proc.child.exitCode, 0, proc.stderr);
    assert.equal(proc.stdout, 'ran\n');
    assert.match(proc.stderr, /^zmq-sessions trace: tracing is off \(ZMQError: .*\)\n$/);
  });
});

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

/** A process's or thread's niceness and scheduling policy, from its /proc stat (the fields after its name). */
function scheduling(statFile: string): { nice: number; policy: number } {
  const stat = readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { nice: Number(fields[16]), policy: Number(fields[38]) };
}
