// What a tracer inside a program (tracer/python for pyzmq, src/tracer for zeromq.js) tells the
// relay of its `zmq-sessions trace` process: raw facts about the program's sockets, numbered by the
// tracer. The relay turns them into the events a built-in role reports (src/roles/trace/). One
// ZeroMQ message carries one JSON-encoded TraceBatch.

export const TRACE_VERSION = 1;

/** The relay's endpoint, given to the tracer in the traced program's environment. */
export const TRACE_ENDPOINT_ENV = 'ZMQ_SESSIONS_TRACE';
/** The relay's token: it takes only the batches that carry it. */
export const TRACE_TOKEN_ENV = 'ZMQ_SESSIONS_TRACE_TOKEN';
/** --sample-above, for the tracer, which samples where the messages are. */
export const TRACE_SAMPLE_ENV = 'ZMQ_SESSIONS_TRACE_SAMPLE_ABOVE';

/** One frame: its size and its first bytes (one more than a preview shows), base64. */
export type FrameHead = [size: number, head: string];

export type TraceFact = { t: number } & (
  | { f: 'hello'; argv?: string[] }
  /** A socket of the program, with its ZeroMQ type in capitals (REQ, PUSH, ...). */
  | { f: 'socket'; s: number; type: string }
  | { f: 'bind' | 'connect' | 'unbind' | 'disconnect'; s: number; ep: string }
  /** A PAIR the program reads its own socket monitor on: not a socket of its pattern. */
  | { f: 'ignore'; s: number }
  | { f: 'subscribe'; s: number; prefix: string; on: boolean }
  /** A message; seq counts every message of that socket and direction from 1, sampled or not. */
  | { f: 'msg'; s: number; d: 'sent' | 'received'; seq: number; frames: FrameHead[] }
  /** A libzmq monitor event (ZMQ_EVENT_*) with its value and address. */
  | { f: 'event'; s: number; e: number; v?: number; addr?: string }
  /** Exact message counts by socket number. */
  | { f: 'counters'; sent: Record<string, number>; received: Record<string, number>; sampledOut: number }
  | { f: 'close'; s: number }
  /** The program is exiting. */
  | { f: 'exit' }
);

export interface TraceBatch {
  v: typeof TRACE_VERSION;
  pid: number;
  token: string;
  /** Facts the tracer could not send so far (its queue was full, or the relay behind). */
  dropped: number;
  facts: TraceFact[];
}

/** Facts kept from one batch: a tracer sends every 20 ms, far fewer than this. */
export const MAX_FACTS_PER_BATCH = 20000;

/** A batch from a tracer, or undefined when the text is not one (the relay counts those). */
export function parseTraceBatch(text: string): TraceBatch | undefined {
  try {
    const value = JSON.parse(text);
    if (value?.v !== TRACE_VERSION || !Number.isSafeInteger(value.pid) || !Array.isArray(value.facts)) return undefined;
    const facts = (value.facts as unknown[]).slice(0, MAX_FACTS_PER_BATCH).filter(isFact);
    return { v: TRACE_VERSION, pid: value.pid, token: String(value.token ?? ''), dropped: Number(value.dropped) || 0, facts };
  } catch {
    return undefined;
  }
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isText = (value: unknown): value is string => typeof value === 'string';

function isFact(value: unknown): value is TraceFact {
  if (typeof value !== 'object' || value === null) return false;
  const fact = value as Record<string, unknown>;
  if (!isNumber(fact.t)) return false;
  switch (fact.f) {
    case 'hello':
    case 'exit':
      return true;
    case 'socket':
      return isNumber(fact.s) && isText(fact.type);
    case 'bind':
    case 'connect':
    case 'unbind':
    case 'disconnect':
      return isNumber(fact.s) && isText(fact.ep);
    case 'ignore':
    case 'close':
      return isNumber(fact.s);
    case 'subscribe':
      return isNumber(fact.s) && isText(fact.prefix) && typeof fact.on === 'boolean';
    case 'msg':
      return isNumber(fact.s) && (fact.d === 'sent' || fact.d === 'received') && isNumber(fact.seq) && Array.isArray(fact.frames);
    case 'event':
      return isNumber(fact.s) && isNumber(fact.e);
    case 'counters':
      return typeof fact.sent === 'object' && typeof fact.received === 'object' && isNumber(fact.sampledOut);
    default:
      return false;
  }
}

/** libzmq's monitor events by number, named as zeromq.js names them (and the built-in roles report them). */
const MONITOR_EVENTS: Record<number, string> = {
  0x0001: 'connect',
  0x0002: 'connect:delay',
  0x0004: 'connect:retry',
  0x0008: 'bind',
  0x0010: 'bind:error',
  0x0020: 'accept',
  0x0040: 'accept:error',
  0x0080: 'close',
  0x0100: 'close:error',
  0x0200: 'disconnect',
  0x0800: 'handshake:error:other',
  0x1000: 'handshake',
  0x2000: 'handshake:error:protocol',
  0x4000: 'handshake:error:auth',
};

export function monitorEventName(event: number): string {
  return MONITOR_EVENTS[event] ?? 'unknown';
}

/** The libzmq number of a monitor event zeromq.js names (as its Observer does), for the Node tracer's `event` facts. */
export function monitorEventNumber(name: string): number | undefined {
  const found = Object.entries(MONITOR_EVENTS).find(([, known]) => known === name);
  return found ? Number(found[0]) : undefined;
}
