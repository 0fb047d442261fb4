// TCP reassembly: each connection's two byte streams, in order, whatever order the segments were
// captured in. Retransmitted and overlapping bytes are given once; segments that come early wait
// (bounded), and bytes that never come (a capture that dropped them, snaplen, a start mid-way) are
// told as a gap of their length, so the stream above can skip them or give up with a reason.
import { Segment } from './packet';

/** Early bytes kept per direction while waiting for a hole to fill; beyond, the hole is a gap. */
export const MAX_PENDING_BYTES = 4 * 1024 * 1024;
/** Connections followed at once; beyond, the least recently active is dropped. */
export const MAX_CONNECTIONS = 1024;
/**
 * How long (capture time) a hole waits to be filled: longer than a retransmission takes on a
 * quiet link (Linux's minimum RTO is 200 ms), short enough that a live capture that lost a packet
 * goes on decoding soon.
 */
export const HOLE_WAIT_MS = 500;
/** Early segments kept per direction (many tiny ones would make each look-up slow). */
export const MAX_PENDING_SEGMENTS = 4096;

export interface Endpoint {
  host: string;
  port: number;
}

export type CloseReason = 'fin' | 'rst' | 'evicted' | 'end';

export interface TcpConnection {
  id: number;
  /** ends[0] sent the SYN when it was seen; otherwise the guess of `clientFirst`. */
  ends: [Endpoint, Endpoint];
  /** The SYN was captured: the streams start at their first byte. */
  fromStart: boolean;
}

export interface TcpHandler {
  open(connection: TcpConnection, t: number): void;
  /** In-order bytes from ends[dir] to the other end. */
  data(connection: TcpConnection, dir: 0 | 1, bytes: Uint8Array, t: number): void;
  /** `lost` bytes from ends[dir] that the capture does not have. */
  gap(connection: TcpConnection, dir: 0 | 1, lost: number, t: number): void;
  close(connection: TcpConnection, reason: CloseReason, t: number): void;
}

interface Direction {
  next?: number;
  /** When the oldest segment now held arrived (a hole opened). */
  holeSince?: number;
  pending: Map<number, Segment>;
  pendingBytes: number;
  fin?: number;
  closed: boolean;
}

interface State {
  connection: TcpConnection;
  dirs: [Direction, Direction];
  lastT: number;
}

const key = (a: Endpoint, b: Endpoint) => `${a.host}|${a.port}|${b.host}|${b.port}`;
/** Signed distance from b to a in sequence space (mod 2^32). */
const diff = (a: number, b: number) => (a - b) | 0;
const direction = (): Direction => ({ pending: new Map(), pendingBytes: 0, closed: false });

/**
 * For a connection seen mid-way: the client is the end on an ephemeral port (the server's port is
 * the one that is the same for many connections), else the higher port.
 */
function clientFirst(a: Endpoint, b: Endpoint): boolean {
  const ephemeral = (port: number) => port >= 32768;
  if (ephemeral(a.port) !== ephemeral(b.port)) return ephemeral(a.port);
  return a.port > b.port;
}

export class TcpReassembler {
  /** Each connection under both its keys (either end first). */
  private readonly states = new Map<string, State>();
  private ids = 0;
  private count = 0;

  constructor(private readonly handler: TcpHandler) {}

  /** Connections followed now. */
  get size(): number {
    return this.count;
  }

  add(segment: Segment, t: number): void {
    const from = { host: segment.src, port: segment.srcPort };
    const to = { host: segment.dst, port: segment.dstPort };
    let state = this.states.get(key(from, to));
    if (state && segment.flags.syn && state.dirs.every((d) => d.closed || d.fin !== undefined)) {
      // A new connection on the same ports (the old one closed): start afresh.
      this.finish(state, 'fin', t);
      state = undefined;
    }
    if (!state) {
      // Without a SYN or bytes, nothing starts: a refused connect's RST, the last ACK of one just closed.
      if (!segment.flags.syn && segment.payload.length + segment.missing === 0) return;
      state = this.create(from, to, segment, t);
    }
    state.lastT = t;
    const dir: 0 | 1 = state.connection.ends[0].host === from.host && state.connection.ends[0].port === from.port ? 0 : 1;
    this.segment(state, dir, segment, t);
    if (segment.flags.rst) this.finish(state, 'rst', t);
    else if (state.dirs.every((d) => d.closed)) this.finish(state, 'fin', t);
  }

  /** The end of the capture: what is still pending is delivered, with its gaps, and every connection ends. */
  end(t: number): void {
    for (const state of new Set(this.states.values())) this.finish(state, 'end', t);
  }

  private create(from: Endpoint, to: Endpoint, segment: Segment, t: number): State {
    if (this.count >= MAX_CONNECTIONS) {
      let oldest: State | undefined;
      for (const state of this.states.values()) if (!oldest || state.lastT < oldest.lastT) oldest = state;
      this.finish(oldest!, 'evicted', t);
    }
    const synFromClient = segment.flags.syn && !segment.flags.fin;
    const client = synFromClient ? !segment.flags.ack : clientFirst(from, to);
    const ends: [Endpoint, Endpoint] = client ? [from, to] : [to, from];
    const state: State = { connection: { id: ++this.ids, ends, fromStart: synFromClient }, dirs: [direction(), direction()], lastT: t };
    this.states.set(key(from, to), state);
    this.states.set(key(to, from), state);
    this.count++;
    this.handler.open(state.connection, t);
    return state;
  }

  private segment(state: State, dir: 0 | 1, segment: Segment, t: number): void {
    const d = state.dirs[dir];
    if (d.closed) return;
    let seq = segment.seq;
    if (segment.flags.syn) {
      seq = (seq + 1) >>> 0;
      d.next ??= seq;
    }
    // Mid-way: the stream starts with the first byte seen (the reader above resynchronises).
    if (d.next === undefined) d.next = seq;
    const length = segment.payload.length + segment.missing;
    if (segment.flags.fin) d.fin = (seq + length) >>> 0;
    if (length > 0) {
      const at = diff(seq, d.next);
      if (at > 0) {
        this.hold(state, dir, { ...segment, seq }, t);
        // A hole that lasts past a retransmission's time is bytes the capture lost: skipped.
        const tooMuch = d.pendingBytes > MAX_PENDING_BYTES || d.pending.size > MAX_PENDING_SEGMENTS;
        if (tooMuch || t - d.holeSince! > HOLE_WAIT_MS) this.drain(state, dir, t, true);
      } else if (at + length > 0) {
        this.deliver(state, dir, { ...segment, seq }, -at, t);
        if (d.pending.size > 0) this.drain(state, dir, t);
      }
    }
    if (d.fin !== undefined && d.next === d.fin) d.closed = true;
  }

  /** Gives the bytes of a segment from `skip` on: those captured, then those cut by snaplen as a gap. */
  private deliver(state: State, dir: 0 | 1, segment: Segment, skip: number, t: number): void {
    const d = state.dirs[dir];
    const captured = segment.payload.subarray(Math.min(skip, segment.payload.length));
    if (captured.length) this.handler.data(state.connection, dir, captured, t);
    const lost = segment.missing - Math.max(0, skip - segment.payload.length);
    if (lost > 0) this.handler.gap(state.connection, dir, lost, t);
    d.next = (segment.seq + segment.payload.length + segment.missing) >>> 0;
  }

  private hold(state: State, dir: 0 | 1, segment: Segment, t: number): void {
    const d = state.dirs[dir];
    if (d.pending.size === 0) d.holeSince = t;
    const held = d.pending.get(segment.seq);
    if (held && held.payload.length + held.missing >= segment.payload.length + segment.missing) return;
    d.pendingBytes += segment.payload.length - (held?.payload.length ?? 0);
    // A copy: the segment's bytes are a view of a capture buffer that is not ours to keep.
    d.pending.set(segment.seq, { ...segment, payload: segment.payload.slice() });
  }

  /**
   * Delivers what waited and now follows on, in sequence order; `force` (too much waits, too long,
   * or the end) skips each hole as a gap. Called after a delivery or forced, never per held
   * segment: with a hole that never fills, each call would go over everything held.
   */
  private drain(state: State, dir: 0 | 1, t: number, force = false): void {
    const d = state.dirs[dir];
    const held = [...d.pending.values()].sort((a, b) => diff(a.seq, d.next!) - diff(b.seq, d.next!));
    for (const segment of held) {
      const at = diff(segment.seq, d.next!);
      if (at > 0) {
        if (!force) break;
        this.handler.gap(state.connection, dir, at, t);
        d.next = segment.seq;
      }
      d.pending.delete(segment.seq);
      d.pendingBytes -= segment.payload.length;
      const length = segment.payload.length + segment.missing;
      if (diff(segment.seq, d.next!) + length > 0) this.deliver(state, dir, segment, diff(d.next!, segment.seq), t);
    }
    d.holeSince = d.pending.size > 0 ? t : undefined;
  }

  private finish(state: State, reason: CloseReason, t: number): void {
    const { connection } = state;
    if (this.states.get(key(...connection.ends)) !== state) return;
    for (const dir of [0, 1] as const) this.drain(state, dir, t, true);
    this.states.delete(key(connection.ends[0], connection.ends[1]));
    this.states.delete(key(connection.ends[1], connection.ends[0]));
    this.count--;
    this.handler.close(connection, reason, t);
  }
}
