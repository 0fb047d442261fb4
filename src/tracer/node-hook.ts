// `zmq-sessions trace` for Node programs: loaded with `--require` through NODE_OPTIONS (bundled on
// its own as dist/trace-hook.js). It waits for the program to load its own zeromq (6.x), then wraps
// the sockets' methods on their shared prototype: each wrapper calls the original with the
// program's arguments and returns its very promise; what it saw goes, sampled and batched, to the
// relay of the `trace` process (src/roles/trace/relay.ts), over a PUSH socket of the program's
// zeromq that never waits (sendTimeout 0: what the relay cannot take is counted as dropped).
// A failure of the tracer turns it off with one line on stderr.
// Socket monitor events come from observers of the tracer's own (node-monitor.ts).
import Module from 'node:module';
import { PREVIEW_BYTES } from '../shared/role-events';
import { Sampler } from '../shared/sampler';
import { Monitors } from './node-monitor';
import { FrameHead, TRACE_ENDPOINT_ENV, TRACE_SAMPLE_ENV, TRACE_TOKEN_ENV, TRACE_VERSION, TraceFact } from '../shared/trace-facts';

const BATCH_MS = 20;
const COUNTERS_MS = 1000;
const MAX_QUEUED = 10000;
const TYPES = ['PAIR', 'PUB', 'SUB', 'REQ', 'REP', 'DEALER', 'ROUTER', 'PULL', 'PUSH', 'XPUB', 'XSUB', 'STREAM'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the program's zeromq, of whatever 6.x it is
type Zmq = any;
interface Traceable {
  type: number;
  lastEndpoint?: string;
}
interface State {
  id: number;
  sent: number;
  received: number;
}
type Fact = TraceFact extends infer F ? (F extends TraceFact ? Omit<F, 't'> : never) : never;

let on = true;
const states = new WeakMap<object, State>();
const live = new Set<State>();
let nextId = 1;
let queue: TraceFact[] = [];
let dropped = 0;
let monitors: Monitors | undefined;
const sampler = new Sampler(Number(process.env[TRACE_SAMPLE_ENV] ?? 2000));
const now = () => performance.timeOrigin + performance.now();

function fact(value: Fact, t = now()): void {
  if (queue.length >= MAX_QUEUED) dropped++;
  else queue.push({ ...value, t } as TraceFact);
}

function fail(error: unknown): void {
  if (!on) return;
  on = false;
  process.stderr.write(`zmq-sessions trace: tracing stopped (${error instanceof Error ? error.message : String(error)}); the program goes on untraced\n`);
}

function head(frame: unknown): FrameHead {
  const bytes = typeof frame === 'string' ? Buffer.from(frame.slice(0, PREVIEW_BYTES + 1)) : ArrayBuffer.isView(frame) ? Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength) : frame instanceof ArrayBuffer ? Buffer.from(frame) : Buffer.from(String(frame ?? ''));
  const size = typeof frame === 'string' ? Buffer.byteLength(frame) : bytes.length;
  return [size, bytes.subarray(0, PREVIEW_BYTES + 1).toString('base64')];
}

function stateOf(socket: { type: number }): State {
  let state = states.get(socket);
  if (!state) {
    state = { id: nextId++, sent: 0, received: 0 };
    states.set(socket, state);
    live.add(state);
    fact({ f: 'socket', s: state.id, type: TYPES[socket.type] ?? String(socket.type) });
    monitors?.watch(socket);
  }
  return state;
}

function message(state: State, direction: 'sent' | 'received', frames: unknown, t: number): void {
  const seq = direction === 'sent' ? ++state.sent : ++state.received;
  if (sampler.keep(direction)) fact({ f: 'msg', s: state.id, d: direction, seq, frames: (Array.isArray(frames) ? frames : [frames]).map(head) }, t);
}

/** Runs `record` after the original, never letting it change the result or throw into the program. */
function guarded(record: () => void): void {
  if (!on) return;
  try {
    record();
  } catch (error) {
    fail(error);
  }
}

function patch(zmq: Zmq): void {
  const proto = zmq.Socket.prototype;
  const original = { send: proto.send, receive: proto.receive, bind: proto.bind, unbind: proto.unbind, connect: proto.connect, disconnect: proto.disconnect, close: proto.close };
  const reporter: object = startReporter(zmq);
  const traced = (socket: object) => on && socket !== reporter;
  monitors = new Monitors(zmq, (socket, e, address) => guarded(() => fact({ f: 'event', s: stateOf(socket as Traceable).id, e, ...(address ? { addr: address } : {}) })));
  const programEvents = Object.getOwnPropertyDescriptor(proto, 'events')?.get;
  const wrappers: Record<string, (this: Traceable, ...args: never[]) => unknown> = {};

  wrappers.send = function (this: Traceable, frames: unknown, ...rest: unknown[]) {
    const t = now();
    const sending = original.send.call(this, frames, ...rest);
    monitors?.track(sending);
    if (traced(this)) sending.then(() => guarded(() => message(stateOf(this), 'sent', frames, t)), () => undefined);
    return sending;
  };
  wrappers.receive = function (this: Traceable, ...rest: unknown[]) {
    const receiving = original.receive.apply(this, rest);
    monitors?.track(receiving);
    if (traced(this)) receiving.then((frames: Buffer[]) => guarded(() => message(stateOf(this), 'received', frames, now())), () => undefined);
    return receiving;
  };
  for (const name of ['bind', 'unbind', 'connect', 'disconnect'] as const) {
    wrappers[name] = function (this: Traceable, address: string, ...rest: unknown[]) {
      // Known (and observed) before its first bind or connect, so that their events are seen.
      if (traced(this)) guarded(() => stateOf(this));
      const result = original[name].call(this, address, ...rest);
      monitors?.track(result);
      const record = () => guarded(() => fact({ f: name, s: stateOf(this).id, ep: name === 'bind' && address.includes('*') ? this.lastEndpoint ?? address : address }));
      if (!traced(this)) return result;
      if (result instanceof Promise) result.then(record, () => undefined);
      else record();
      return result;
    };
  }
  wrappers.close = function (this: Traceable, ...rest: unknown[]) {
    const state = states.get(this);
    if (state && traced(this)) guarded(() => fact({ f: 'close', s: state.id }));
    return original.close.apply(this, rest);
  };
  // zeromq.js defines bind, connect and close on its base class unwritable and unconfigurable:
  // the wrappers go on each socket class's own prototype, in front of them.
  const classes = Object.values(zmq).filter((value): value is { prototype: object } => typeof value === 'function' && value.prototype instanceof zmq.Socket);
  for (const socketClass of classes) {
    for (const [name, wrapper] of Object.entries(wrappers)) Object.defineProperty(socketClass.prototype, name, { value: wrapper, writable: true, configurable: true });
    if (programEvents) {
      Object.defineProperty(socketClass.prototype, 'events', {
        get(this: object) {
          guarded(() => monitors?.programObserves(this));
          return programEvents.call(this);
        },
        configurable: true,
      });
    }
  }
  for (const [name, subscribing] of [['subscribe', true], ['unsubscribe', false]] as const) {
    const method = zmq.Subscriber.prototype[name];
    zmq.Subscriber.prototype[name] = function (this: Traceable, ...prefixes: (string | Buffer)[]) {
      const result = method.apply(this, prefixes);
      guarded(() => {
        for (const prefix of prefixes.length ? prefixes : ['']) fact({ f: 'subscribe', s: stateOf(this).id, prefix: prefix.toString(), on: subscribing });
      });
      return result;
    };
  }
}

function startReporter(zmq: Zmq): object {
  const endpoint = process.env[TRACE_ENDPOINT_ENV]!;
  const token = process.env[TRACE_TOKEN_ENV] ?? '';
  const socket = new zmq.Push({ linger: 300, sendHighWaterMark: 100, sendTimeout: 0 });
  socket.connect(endpoint);
  let sending = false;
  const flush = () => {
    if (sending || queue.length === 0 || socket.closed) return;
    const facts = queue;
    queue = [];
    sending = true;
    socket
      .send(JSON.stringify({ v: TRACE_VERSION, pid: process.pid, token, dropped, facts }))
      .catch(() => (dropped += facts.length))
      .finally(() => (sending = false));
  };
  let reported = '';
  const counters = () => {
    const all = [...live];
    const counts = {
      f: 'counters' as const,
      sent: Object.fromEntries(all.filter((s) => s.sent).map((s) => [s.id, s.sent])),
      received: Object.fromEntries(all.filter((s) => s.received).map((s) => [s.id, s.received])),
      sampledOut: sampler.sampledOut,
    };
    const text = JSON.stringify(counts);
    if (text !== reported) fact(counts);
    reported = text;
  };
  setInterval(() => guarded(flush), BATCH_MS).unref();
  setInterval(() => guarded(counters), COUNTERS_MS).unref();
  fact({ f: 'hello', argv: process.argv.slice(1) });
  // The last counters, once the program has nothing more to do; the socket's linger bounds the wait.
  process.once('beforeExit', () =>
    guarded(() => {
      counters();
      fact({ f: 'exit' });
      sending = false;
      flush();
      socket.close();
    }),
  );
  return socket;
}

// The program's `require('zeromq')` (or anything that loads it) is patched as it is first loaded.
const patched = new WeakSet<object>();
const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  const exports = load.call(this, request, ...rest) as Zmq;
  if (on && exports && typeof exports === 'object' && exports.Socket && exports.Push && exports.Subscriber && !patched.has(exports.Socket)) {
    patched.add(exports.Socket);
    try {
      if (process.env[TRACE_ENDPOINT_ENV]) patch(exports);
    } catch (error) {
      fail(error);
    }
  }
  return exports;
};
