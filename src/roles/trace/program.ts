// One traced process: its tracer's raw facts in, the events a built-in role of the same kind
// reports out. The role and the socket names come from the shared rule for user programs
// (src/shared/user-programs.ts), which also derives the pattern's own events (a batch's start
// from its "0", a subscriber's filters).
//
// A program has no moment at which it says its sockets are ready, so its `ready` goes out at its
// first message or subscription, or once its sockets have been still for READY_QUIET_MS, or at
// its exit: by then it has made the sockets it uses, and its role follows from their types.
// What comes before waits (bounded) and goes out after it, named.
import { FramePreview, previewFrame, RoleName, SocketPlaces } from '../../shared/role-events';
import { TimedEvent } from '../../shared/telemetry';
import { FrameHead, monitorEventName, TraceFact } from '../../shared/trace-facts';
import { MULTI_SOCKET_ROLES, roleOfSockets, socketName, UserProgram } from '../../shared/user-programs';

export const READY_QUIET_MS = 200;
/** Facts held while the role is not known yet: sockets, endpoints and their monitor events. */
const MAX_WAITING = 256;

interface TracedSocket {
  type: string;
  bound: string[];
  connected: string[];
  ignored: boolean;
  name?: string;
}

/** What a program without a pattern role (DEALER, ROUTER, a mix) reports as its role: no panel takes it, its rows still show. */
export const NO_ROLE = 'program';

export class TracedProgram {
  private readonly sockets = new Map<number, TracedSocket>();
  private waiting: TraceFact[] = [];
  private program?: UserProgram;
  private timer?: NodeJS.Timeout;
  private ended = false;

  constructor(
    readonly pid: number,
    private readonly emit: (event: TimedEvent) => void,
  ) {}

  get ready(): boolean {
    return this.program !== undefined;
  }

  take(fact: TraceFact): void {
    if (this.ended) return;
    if (fact.f === 'socket') this.sockets.set(fact.s, { type: fact.type, bound: [], connected: [], ignored: false });
    else if (fact.f === 'ignore') this.socket(fact.s).ignored = true;
    if (!this.program) {
      // Counters come from the start, every second: only those that count something make it ready.
      if (fact.f === 'counters' && Object.keys(fact.sent).length + Object.keys(fact.received).length === 0) return;
      if (fact.f === 'exit') return this.end(fact.t);
      if (fact.f === 'msg' || fact.f === 'subscribe' || fact.f === 'counters') this.becomeReady(fact.t);
      if (!this.program) {
        this.hold(fact);
        return;
      }
    }
    this.apply(fact);
  }

  /**
   * The process is gone: the last derived events, then `done`, or, for a process that ended
   * without its tracer's word (killed, os._exit), how its parent saw it end.
   */
  end(t: number, exit?: { code: number | null; signal: string | null }): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    // A process that imported zmq but made no socket is no role of any pattern: it says nothing.
    if (!this.program && this.sockets.size === 0) return;
    this.becomeReady(t);
    for (const event of this.program!.end()) this.emit(event);
    this.emit(exit && (exit.signal || exit.code) ? { event: 'exit', ...exit, t } : { event: 'done', reason: 'finished', t });
  }

  private hold(fact: TraceFact): void {
    if (this.waiting.length < MAX_WAITING) this.waiting.push(fact);
    // The socket facts (bind, connect) the role's `ready` lists are applied to the sockets now.
    this.track(fact);
    clearTimeout(this.timer);
    if (this.sockets.size > 0) this.timer = setTimeout(() => this.becomeReady(fact.t + READY_QUIET_MS), READY_QUIET_MS).unref();
  }

  private becomeReady(t: number): void {
    if (this.program || this.sockets.size === 0) return;
    clearTimeout(this.timer);
    const used = [...this.sockets.values()].filter((socket) => !socket.ignored);
    const role = roleOfSockets(used.map((socket) => socket.type));
    this.program = new UserProgram(role);
    for (const socket of used) socket.name = socketName(socket.type, role, peerRole(socket, used, role));
    const bound = used.flatMap((socket) => socket.bound);
    const connected = used.flatMap((socket) => socket.connected);
    // A program with no pattern role still reports, under NO_ROLE: its messages and socket events show.
    this.emit({ event: 'ready', role: (role ?? NO_ROLE) as RoleName, pid: this.pid, bound, connected, ...placesBySocket(used, role), t });
    const waiting = this.waiting;
    this.waiting = [];
    for (const fact of waiting) this.apply(fact, false);
  }

  /** Keeps a socket's endpoints, for `ready`. */
  private track(fact: TraceFact): void {
    if (fact.f !== 'bind' && fact.f !== 'connect' && fact.f !== 'unbind' && fact.f !== 'disconnect') return;
    const socket = this.socket(fact.s);
    const list = fact.f === 'bind' || fact.f === 'unbind' ? socket.bound : socket.connected;
    if (fact.f === 'bind' || fact.f === 'connect') list.push(fact.ep);
    else if (list.includes(fact.ep)) list.splice(list.indexOf(fact.ep), 1);
  }

  private apply(fact: TraceFact, track = true): void {
    const program = this.program!;
    if (track) this.track(fact);
    switch (fact.f) {
      case 'msg': {
        const socket = this.socket(fact.s);
        if (socket.ignored) return;
        const frames = fact.frames.map(preview);
        for (const event of program.message({ event: fact.d, socket: this.name(fact.s), seq: fact.seq, frames, t: fact.t })) this.emit(event);
        return;
      }
      case 'subscribe':
        for (const event of program.subscription(fact.t, this.name(fact.s), fact.prefix, fact.on)) this.emit(event);
        return;
      case 'event':
        if (this.socket(fact.s).ignored) return;
        this.emit({ event: 'socket', socket: this.name(fact.s), type: monitorEventName(fact.e), ...(fact.addr ? { address: fact.addr } : {}), t: fact.t });
        return;
      case 'counters':
        this.emit({ event: 'counters', sent: this.byName(fact.sent), received: this.byName(fact.received), sampledOut: fact.sampledOut, t: fact.t });
        return;
      case 'exit':
        this.end(fact.t);
        return;
    }
  }

  private socket(id: number): TracedSocket {
    let socket = this.sockets.get(id);
    if (!socket) this.sockets.set(id, (socket = { type: 'UNKNOWN', bound: [], connected: [], ignored: false }));
    return socket;
  }

  /** A socket's name as the analytics expect it; one made after `ready` is named by the role then known. */
  private name(id: number): string {
    const socket = this.socket(id);
    return (socket.name ??= socketName(socket.type, this.program?.role));
  }

  /** Counts by socket number to counts by socket name (two sockets of one name add up). */
  private byName(counts: Record<string, number>): Record<string, number> {
    const named: Record<string, number> = {};
    for (const [id, count] of Object.entries(counts)) {
      const socket = this.sockets.get(Number(id));
      if (!socket || socket.ignored || !Number.isFinite(count)) continue;
      const name = this.name(Number(id));
      named[name] = (named[name] ?? 0) + count;
    }
    return named;
  }
}

/** For a broker or a forwarder, which socket has which endpoints: the analytics find its workers or publishers by them. */
function placesBySocket(used: TracedSocket[], role: RoleName | undefined): { sockets?: Record<string, SocketPlaces> } {
  if (!role || !MULTI_SOCKET_ROLES.includes(role)) return {};
  const sockets: Record<string, SocketPlaces> = {};
  for (const socket of used) {
    const places = (sockets[socket.name!] ??= { bound: [], connected: [] });
    places.bound.push(...socket.bound);
    places.connected.push(...socket.connected);
  }
  return { sockets };
}

/**
 * Whom a ventilator's PUSH socket talks to, as far as the program's own sockets tell: the zguide's
 * ventilator binds the PUSH its workers connect to and connects a second PUSH to the sink.
 */
function peerRole(socket: TracedSocket, used: TracedSocket[], role: RoleName | undefined): RoleName | undefined {
  if (role !== 'ventilator') return undefined;
  const toWorkers = used.some((other) => other !== socket && other.bound.length > 0);
  return socket.bound.length === 0 && socket.connected.length > 0 && toWorkers ? 'sink' : 'worker';
}

/** The preview of a frame from its head: the tracer sends one byte more than a preview shows, so that a cut frame is told apart. */
function preview([size, head]: FrameHead): FramePreview {
  const bytes = Buffer.from(head, 'base64');
  const shown = previewFrame(bytes);
  return { ...shown, size };
}
