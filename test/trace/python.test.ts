// Traced pyzmq programs: against the built-in roles, over ipc:// and inproc://, with zmq.asyncio,
// with a sitecustomize of their own, and with a collector that is absent or does not read.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import type { CollectedEvent } from '../../src/shared/analytics';
import { ANY_PORT, Roles } from '../helpers/cli';
import { Proc, PYTHON, useRecording } from './traced';

const lines = (...code: string[]) => code.join('\n');

describe('trace: pyzmq programs', function () {
  this.timeout(60000);
  const roles = new Roles();
  const recording = useRecording(roles);
  const { start } = recording;

  /** Runs a Python program traced to its end; returns its stdout. */
  async function run(code: string, env?: NodeJS.ProcessEnv): Promise<string> {
    const file = path.join(recording.dir, 'program.py');
    writeFileSync(file, code);
    const proc = start(recording.recorder.endpoint, [PYTHON, file], { cwd: recording.dir, env: env ?? process.env });
    const { code: exit } = await proc.exited;
    assert.equal(exit, 0, proc.stderr);
    return proc.stdout;
  }

  /** Runs a Python program untraced, then traced to its end; returns its stdout, the same both times. */
  async function sameOutputTraced(code: string): Promise<string> {
    const file = path.join(recording.dir, 'untraced.py');
    writeFileSync(file, code);
    const untraced = new Proc(PYTHON, [file]);
    assert.equal((await untraced.exited).code, 0, untraced.stderr);
    assert.equal(await run(code), untraced.stdout, 'traced, the program printed what it printed untraced');
    return untraced.stdout;
  }

  const of = (events: CollectedEvent[], kind: string) => events.filter((e) => e.event === kind) as (CollectedEvent & Record<string, unknown>)[];

  it('traces a REQ client against the built-in rep: its round trips', async () => {
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0', '--json']);
    await rep.until((e) => e.event === 'ready');
    const [endpoint] = rep.of('ready')[0].bound;
    const out = await run(lines('import zmq', 's = zmq.Context().socket(zmq.REQ)', `s.connect(${JSON.stringify(endpoint)})`, 'for i in range(5):', '    s.send_string("Hello %d" % i)', '    print(s.recv_string())'));
    assert.equal(out, 'World\n'.repeat(5));
    const { reqrep } = await recording.recorder.report();
    assert.equal(reqrep.clients.length, 1);
    assert.deepEqual([reqrep.clients[0].requests, reqrep.clients[0].replies, reqrep.clients[0].pairs], [5, 5, 5]);
  });

  it("traces a SUB against the built-in pub: its filter and what it received", async () => {
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--interval', '1', '--json']);
    await pub.until((e) => e.event === 'ready');
    const [endpoint] = pub.of('ready')[0].bound;
    await run(lines('import zmq', 's = zmq.Context().socket(zmq.SUB)', `s.connect(${JSON.stringify(endpoint)})`, 's.subscribe("")', 's.setsockopt_string(zmq.SUBSCRIBE, "1")', 's.setsockopt(zmq.UNSUBSCRIBE, b"")', 'for i in range(3): s.recv_string()'));
    const { pubsub } = await recording.recorder.report();
    assert.deepEqual(pubsub.subscribers[0].filters, ['1']);
    assert.equal(pubsub.subscribers[0].received, 3);
  });

  it('traces ipc:// and inproc:// sockets, multipart, copy=False frames, pyobj, and Poller-driven receives', async () => {
    const ipc = `ipc://${recording.dir}/pipe`;
    await run(lines(
      'import zmq',
      'c = zmq.Context()',
      'a, b = c.socket(zmq.PAIR), c.socket(zmq.PAIR)',
      'a.bind("inproc://pair"); b.connect("inproc://pair")',
      'a.send_multipart([b"one", b"two"]); print(b.recv_multipart())',
      'a.send(b"head", zmq.SNDMORE); a.send(b"tail"); print(b.recv(), b.recv())',
      'push, pull = c.socket(zmq.PUSH), c.socket(zmq.PULL)',
      `pull.bind(${JSON.stringify(ipc)}); push.connect(${JSON.stringify(ipc)})`,
      'push.send_pyobj({"n": 1}); push.send(b"x" * 300, copy=False)',
      'poller = zmq.Poller(); poller.register(pull, zmq.POLLIN)',
      'got = []',
      'while len(got) < 2:',
      '    if dict(poller.poll(1000)).get(pull): got.append(pull.recv(copy=False))',
      'print(len(got))',
      'for s in (a, b, push, pull): s.close()',
      'c.term()',
    ));
    const events = recording.recorder.events();
    // Its `ready` lists what was bound before its first message; the later ipc bind shows as a socket event.
    assert.deepEqual(of(events, 'ready')[0].bound, ['inproc://pair']);
    assert.ok(of(events, 'socket').some((e) => e.socket === 'pull' && e.type === 'bind' && e.address === ipc));
    const messages = (kind: string, socket: string) => of(events, kind).filter((e) => e.socket === socket).map((e) => (e.frames as { text?: string; size: number }[]).map((f) => f.text ?? `${f.size} bytes`));
    assert.deepEqual(messages('sent', 'pair'), [['one', 'two'], ['head', 'tail']]);
    assert.deepEqual(messages('received', 'pair'), [['one', 'two'], ['head', 'tail']]);
    const received = of(events, 'received').filter((e) => e.socket === 'pull');
    assert.equal(received.length, 2);
    assert.deepEqual((received[1].frames as { size: number; truncated?: boolean }[])[0], { size: 300, text: 'x'.repeat(256), truncated: true });
    const counters = of(events, 'counters').pop()!;
    assert.deepEqual([counters.sent, counters.received], [{ pair: 2, push: 2 }, { pair: 2, pull: 2 }]);
  });

  it('traces what zmq.proxy forwards, to its capture socket too, and ends it as libzmq does when the context ends', async () => {
    const code = lines(
      'import threading, zmq',
      'c = zmq.Context()',
      'front, back, capture = c.socket(zmq.PULL), c.socket(zmq.PUSH), c.socket(zmq.PUSH)',
      'front.bind("inproc://in"); back.bind("inproc://out"); capture.bind("inproc://capture")',
      'def run():',
      '    try: zmq.proxy(front, back, capture)',
      '    except zmq.ContextTerminated: print("proxy: context terminated", flush=True)',
      '    for s in (front, back, capture): s.close()',
      'proxy = threading.Thread(target=run); proxy.start()',
      'push, pull, captured = c.socket(zmq.PUSH), c.socket(zmq.PULL), c.socket(zmq.PULL)',
      'push.connect("inproc://in"); pull.connect("inproc://out"); captured.connect("inproc://capture")',
      'push.send_multipart([b"a", b"b"]); push.send(b"c")',
      'print(pull.recv_multipart(), pull.recv_multipart(), captured.recv_multipart(), captured.recv_multipart(), flush=True)',
      'for s in (push, pull, captured): s.close()',
      'c.term(); proxy.join()',
    );
    assert.equal(await sameOutputTraced(code), "[b'a', b'b'] [b'c'] [b'a', b'b'] [b'c']\nproxy: context terminated\n");
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
    const counters = of(recording.recorder.events(), 'counters').pop()!;
    // Each of the 2 messages: sent by push, received by the proxy's front, sent on by back and
    // capture, received by pull and captured. libzmq's own proxy would leave the middle out.
    assert.deepEqual([total(counters.sent as Record<string, number>), total(counters.received as Record<string, number>)], [6, 6]);
  });

  it('runs zmq.proxy on zmq.asyncio sockets as libzmq does, through plain sockets on their handles', async () => {
    const code = lines(
      'import asyncio, threading, zmq, zmq.asyncio',
      'c = zmq.asyncio.Context()',
      'front, back = c.socket(zmq.PULL), c.socket(zmq.PUSH)',
      'front.bind("inproc://in"); back.bind("inproc://out")',
      'def run():',
      '    try: zmq.proxy(front, back)',
      '    except zmq.ContextTerminated: print("proxy: context terminated", flush=True)',
      '    front.close(); back.close()',
      'proxy = threading.Thread(target=run); proxy.start()',
      'async def main():',
      '    push, pull = c.socket(zmq.PUSH), c.socket(zmq.PULL)',
      '    push.connect("inproc://in"); pull.connect("inproc://out")',
      '    for i in range(3): await push.send_string(str(i))',
      '    print([await pull.recv_string() for i in range(3)], flush=True)',
      '    push.close(); pull.close()',
      'asyncio.run(main())',
      'c.term(); proxy.join()',
    );
    assert.equal(await sameOutputTraced(code), "['0', '1', '2']\nproxy: context terminated\n");
    const counters = of(recording.recorder.events(), 'counters').pop()!;
    assert.deepEqual([counters.sent, counters.received], [{ push: 6 }, { pull: 6 }], 'the proxy\'s 3 in and 3 out, and the program\'s own');
  });

  it('traces zmq.asyncio sockets', async () => {
    await run(lines(
      'import asyncio, zmq, zmq.asyncio',
      'async def main():',
      '    c = zmq.asyncio.Context()',
      '    pull, push = c.socket(zmq.PULL), c.socket(zmq.PUSH)',
      '    port = pull.bind_to_random_port("tcp://127.0.0.1")',
      '    push.connect("tcp://127.0.0.1:%d" % port)',
      '    for i in range(4): await push.send_string(str(i))',
      '    print([await pull.recv_string() for i in range(3)], await pull.recv_multipart())',
      '    push.close(); pull.close(); c.term()',
      'asyncio.run(main())',
    ));
    const events = recording.recorder.events();
    const texts = (kind: string) => of(events, kind).map((e) => (e.frames as { text: string }[])[0].text);
    assert.deepEqual(texts('sent'), ['0', '1', '2', '3']);
    assert.deepEqual(texts('received'), ['0', '1', '2', '3']);
    assert.equal(of(events, 'ready')[0].role, 'worker', 'a PULL and a PUSH');
  });

  it('reports how a program its tracer could not speak for ended: killed by a signal', async () => {
    const file = path.join(recording.dir, 'killed.py');
    writeFileSync(file, lines('import os, signal, time, zmq', 's = zmq.Context().socket(zmq.PUSH)', 's.bind("inproc://x")', 'time.sleep(0.5)', 'os.kill(os.getpid(), signal.SIGKILL)'));
    const proc = start(recording.recorder.endpoint, [PYTHON, file], { cwd: recording.dir });
    assert.deepEqual(await proc.exited, { code: null, signal: 'SIGKILL' });
    const events = recording.recorder.events();
    assert.deepEqual(of(events, 'exit').map((e) => [e.code, e.signal]), [[null, 'SIGKILL']]);
    assert.equal(of(events, 'done').length, 0);
    const [source] = (await recording.recorder.report()).sources;
    assert.deepEqual([source.role, source.end, source.error], ['ventilator', 'killed', 'killed by SIGKILL']);
  });

  it('gives and takes socket options as pyzmq does untraced: bytes, int64, int, fd, and an unknown one', async () => {
    // The tracer looks options up faster than pyzmq 23+ (tracer/python/zmq_sessions_trace/options.py).
    const code = lines(
      'import zmq',
      'c = zmq.Context()',
      's = c.socket(zmq.ROUTER)',
      's.setsockopt(zmq.ROUTING_ID, b"me\\x00")',
      's.set(zmq.MAXMSGSIZE, 123456789012)',
      's.linger = 7',
      's.bind("inproc://options")',
      'print(s.get(zmq.ROUTING_ID), s.get(zmq.MAXMSGSIZE), s.getsockopt(zmq.LINGER), s.get(zmq.TYPE), s.rcvmore, s.get(zmq.EVENTS))',
      'print(type(s.get(zmq.FD)).__name__, s.getsockopt_string(zmq.LAST_ENDPOINT), s.get(zmq.AFFINITY))',
      'for option in (9999, zmq.SUBSCRIBE):',
      '    try: print(s.get(option))',
      '    except zmq.ZMQError as error: print(int(option), zmq.Errno(error.errno).name)',
      // What pyzmq's backends themselves ask of SocketOption (the CFFI one reads its attributes).
      'import sys',
      'lookup = sys.modules[zmq.backend.Socket.__module__].SocketOption',
      'print(lookup(13) is zmq.SocketOption.RCVMORE, lookup.FD is zmq.SocketOption.FD, lookup.ROUTING_ID.name)',
      'try: lookup(9999)',
      'except ValueError: print("ValueError")',
      's.close(); c.term()',
    );
    assert.equal(await sameOutputTraced(code), "b'me\\x00' 123456789012 7 6 0 2\nint inproc://options 0\n9999 EINVAL\n6 EINVAL\nTrue True ROUTING_ID\nValueError\n");
    assert.equal(of(recording.recorder.events(), 'ready').length, 1, 'and the program is traced');
  });

  it('keeps the sitecustomize the environment already had', async () => {
    const own = path.join(recording.dir, 'site');
    mkdirSync(own);
    writeFileSync(path.join(own, 'sitecustomize.py'), 'import builtins\nbuiltins.SITE_WAS_HERE = True\nprint("their sitecustomize ran")\n');
    const out = await run('import zmq\nprint("site:", SITE_WAS_HERE)\nzmq.Context().socket(zmq.PUB).bind("inproc://x")\n', { ...process.env, PYTHONPATH: own });
    assert.equal(out, 'their sitecustomize ran\nsite: True\n');
    assert.equal(of(recording.recorder.events(), 'ready')[0].role, 'pub', 'and the program is traced');
  });

  it('samples above --sample-above messages a second, its counters exact', async () => {
    const file = path.join(recording.dir, 'many.py');
    writeFileSync(file, lines('import zmq', 'c = zmq.Context()', 'pull, push = c.socket(zmq.PULL), c.socket(zmq.PUSH)', 'pull.bind("inproc://many"); push.connect("inproc://many")', 'for i in range(20000):', '    push.send(b"%d" % i); pull.recv()', 'push.close(); pull.close(); c.term()'));
    const proc = start(recording.recorder.endpoint, [PYTHON, file], { cwd: recording.dir, own: ['--sample-above', '50'] });
    assert.equal((await proc.exited).code, 0, proc.stderr);
    const events = recording.recorder.events();
    const counters = of(events, 'counters').pop()!;
    assert.deepEqual([counters.sent, counters.received], [{ push: 20000 }, { pull: 20000 }]);
    const reported = of(events, 'sent').length + of(events, 'received').length;
    assert.ok(reported >= 50 && reported < 40000 / 10, `${reported} message events for 40,000 messages`);
    assert.equal(counters.sampledOut, 40000 - reported);
  });

  for (const collector of ['absent', 'stalled'] as const) {
    it(`runs at full speed and exits normally when the collector is ${collector}`, async () => {
      let stalled: zmq.Pull | undefined;
      const inspect = `ipc://${recording.dir}/collector-${collector}`;
      if (collector === 'stalled') {
        // Bound and never read: the relay's queue to it fills.
        stalled = new zmq.Pull({ receiveHighWaterMark: 1, linger: 0 });
        await stalled.bind(inspect);
      }
      const file = path.join(recording.dir, 'flood.py');
      writeFileSync(file, lines('import time, zmq', 'c = zmq.Context()', 'pull, push = c.socket(zmq.PULL), c.socket(zmq.PUSH)', 'pull.bind("inproc://flood"); push.connect("inproc://flood")', 't = time.process_time()', 'for i in range(100000):', '    push.send(b"0123456789abcdef"); pull.recv()', 'print("%.3f" % (time.process_time() - t))', 'push.close(); pull.close(); c.term()'));
      const untraced = new Proc(PYTHON, [file]);
      try {
        assert.equal((await untraced.exited).code, 0, untraced.stderr);
        const started = Date.now();
        const proc = start(inspect, [PYTHON, file]);
        const { code } = await proc.exited;
        assert.equal(code, 0, proc.stderr);
        const [base, seconds] = [Number(untraced.stdout), Number(proc.stdout)];
        // CPU time, not wall time: on a loaded machine the wall time of either run is mostly waiting
        // for a CPU. A program that waited on its collector would never end (the test times out);
        // the bench measures the throughput ratio (docs/performance.md).
        assert.ok(seconds < base * 3 + 0.2, `100,000 round trips took ${seconds} s of CPU traced, ${base} s untraced`);
        assert.ok(Date.now() - started < 20000, 'trace exits when the program does, without waiting for the collector');
      } finally {
        await untraced.stop();
        stalled?.close();
      }
    });
  }
});
