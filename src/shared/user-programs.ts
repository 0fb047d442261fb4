// The one rule for programs that do not report for themselves (the user's own, in any language),
// whose messages are seen from outside: decoded on the wire, or traced in the process.
//
// Contract:
// - `roleOfSockets(types)` names the pattern role of a program (or of one socket) from the
//   ZeroMQ socket types it uses, as the analytics know the roles: REQ -> req, REP -> rep,
//   PUB/XPUB -> pub, SUB/XSUB -> sub, PUSH only -> ventilator, PULL and PUSH -> worker, PULL only ->
//   sink, ROUTER only -> router, DEALER only -> dealer, PAIR only -> pair; ROUTER and DEALER ->
//   broker (the zguide's rrbroker), XSUB and XPUB -> forwarder (its wuproxy). Anything else (a mix
//   of patterns) has no role: its events are still shown, but no pattern panel takes them.
// - `socketName(type, role, peerRole)` is the name the analytics expect for one socket of a program
//   of that role: 'req', 'rep', 'pub', 'sub', 'push', 'pull', 'router', 'dealer', 'pair'; for a
//   ventilator the PUSH socket to a sink 'sink' (as the built-in ventilator names it); for a broker
//   or a forwarder 'frontend' (ROUTER, XSUB: clients', publishers' side) and 'backend' (DEALER,
//   XPUB). `MULTI_SOCKET_ROLES` are those whose `ready` says which socket has which endpoints.
// - `UserProgram` derives, from one program's raw events in its own order, the higher-level events
//   a built-in role reports itself. Feed it every `sent`/`received` with `message()`, each change
//   of a subscription with `subscription()`, and call `end()` when the program is gone (or the
//   capture ends). Each call returns the events to emit, in order, the given one included:
//     ventilator: `batch-start` before it sends "0" on 'sink'; `batch-sent` (tasks sent on 'push'
//                 and the sum of their numeric workloads) when the next batch starts or at the end;
//     sink:       `batch-start` after it receives "0" on 'pull'; `batch-done` (results, elapsed from
//                 the "0" to the last result) when the next batch starts or at the end;
//     sub:        `subscribed` with every prefix subscribed so far, on each change;
//     forwarder:  `subscription` for each prefix it passes upstream (subscribed or cancelled): given
//                 by `subscription()`, or a message it sends on its XSUB whose first byte is 1 or 0.
//   Its state is a few counters and at most MAX_FILTERS prefixes per socket: bounded.
import { RoleName, RoleEventOf, FramePreview, previewFrame } from './role-events';
import { TimedEvent } from './telemetry';

/** Prefixes kept per subscriber socket; beyond, the oldest are forgotten (a SUB with thousands is rare). */
export const MAX_FILTERS = 256;

/** Roles of two sockets, frontend and backend: their `ready` lists each socket's endpoints. */
export const MULTI_SOCKET_ROLES: readonly RoleName[] = ['broker', 'forwarder'];

/** Socket types by role and name, for the roles whose sockets are not named by their type. */
const NAMED: Partial<Record<RoleName, Record<string, string>>> = {
  broker: { ROUTER: 'frontend', DEALER: 'backend' },
  forwarder: { XSUB: 'frontend', XPUB: 'backend' },
};

export function roleOfSockets(types: Iterable<string>): RoleName | undefined {
  const raw = new Set([...types].map((type) => type.toUpperCase()));
  const exactly = (...wanted: string[]) => raw.size === wanted.length && wanted.every((type) => raw.has(type));
  if (exactly('ROUTER', 'DEALER')) return 'broker';
  if (exactly('XSUB', 'XPUB')) return 'forwarder';
  const set = new Set([...raw].map((type) => type.replace(/^X(PUB|SUB)$/, '$1')));
  const only = (...wanted: string[]) => set.size === wanted.length && wanted.every((type) => set.has(type));
  if (only('REQ')) return 'req';
  if (only('REP')) return 'rep';
  if (only('PUB')) return 'pub';
  if (only('SUB')) return 'sub';
  if (only('PUSH')) return 'ventilator';
  if (only('PULL', 'PUSH')) return 'worker';
  if (only('PULL')) return 'sink';
  if (only('ROUTER')) return 'router';
  if (only('DEALER')) return 'dealer';
  if (only('PAIR')) return 'pair';
  return undefined;
}

export function socketName(type: string, role: RoleName | undefined, peerRole?: RoleName): string {
  const named = role && NAMED[role]?.[type.toUpperCase()];
  if (named) return named;
  const name = type.toLowerCase().replace(/^x(pub|sub)$/, '$1');
  return role === 'ventilator' && name === 'push' && peerRole === 'sink' ? 'sink' : name;
}

type Message = RoleEventOf<'sent'> | RoleEventOf<'received'>;
type Timed<E> = E & { t: number };

/** A batch's "0": one frame, the single character. */
const isStartSignal = (frames: FramePreview[]) => frames.length === 1 && frames[0].size === 1 && frames[0].text === '0';
const workloadOf = (frame: FramePreview | undefined) => (frame?.text !== undefined && /^\d{1,9}$/.test(frame.text) ? Number(frame.text) : undefined);

/** An XSUB's message that is a subscription: one frame, 1 (subscribe) or 0 (cancel), then the prefix. */
function subscriptionIn(frames: FramePreview[]): { subscribe: boolean; topic: FramePreview } | undefined {
  const [frame] = frames;
  if (frames.length !== 1 || frame.size === 0) return undefined;
  const first = frame.text !== undefined ? frame.text.charCodeAt(0) : parseInt(frame.hex?.slice(0, 2) ?? '', 16);
  if (first !== 0 && first !== 1) return undefined;
  const rest = frame.text !== undefined ? { text: frame.text.slice(1) } : { hex: frame.hex!.slice(2) };
  return { subscribe: first === 1, topic: { size: frame.size - 1, ...rest, ...(frame.truncated ? { truncated: true } : {}) } };
}

interface Batch {
  batch: number;
  startT: number;
  /** ventilator: tasks sent and their cost; sink: results received. */
  count: number;
  costMs: number;
  lastT: number;
}

export class UserProgram {
  private batches = 0;
  private current?: Batch;
  private readonly filters = new Map<string, string[]>();
  /** The last seq seen per socket and direction: under sampling, a message stands for those left out before it. */
  private readonly lastSeq = new Map<string, number>();

  constructor(readonly role: RoleName | undefined) {}

  message(event: Timed<Message>): TimedEvent[] {
    const { role, current } = this;
    const key = `${event.event}\u0000${event.socket}`;
    const weight = Math.max(1, event.seq - (this.lastSeq.get(key) ?? event.seq - 1));
    this.lastSeq.set(key, event.seq);
    if (role === 'forwarder' && event.event === 'sent' && event.socket === 'frontend') {
      const passed = subscriptionIn(event.frames);
      if (passed) return [event, { event: 'subscription', socket: event.socket, ...passed, t: event.t }];
    } else if (role === 'ventilator' && event.event === 'sent') {
      if (event.socket === 'sink' && isStartSignal(event.frames)) return [...this.close(), this.start(event.t), event];
      if (event.socket === 'push' && current) {
        current.count += weight;
        current.costMs += (workloadOf(event.frames[0]) ?? 0) * weight;
        current.lastT = event.t;
      }
    } else if (role === 'sink' && event.event === 'received' && event.socket === 'pull') {
      if (isStartSignal(event.frames)) return [...this.close(), event, this.start(event.t)];
      if (current) {
        current.count += weight;
        current.lastT = event.t;
      }
    }
    return [event];
  }

  /** A SUB socket's prefix subscribed (on) or cancelled; for a forwarder, one it passed upstream. */
  subscription(t: number, socket: string, prefix: string, on: boolean): TimedEvent[] {
    if (this.role === 'forwarder') return [{ event: 'subscription', socket, subscribe: on, topic: previewFrame(new TextEncoder().encode(prefix)), t }];
    const kept = (this.filters.get(socket) ?? []).filter((filter) => filter !== prefix);
    if (on) kept.push(prefix);
    const filters = kept.slice(-MAX_FILTERS);
    this.filters.set(socket, filters);
    return [{ event: 'subscribed', socket, filters: [...filters], t }];
  }

  end(): TimedEvent[] {
    return this.close();
  }

  private start(t: number): TimedEvent {
    this.current = { batch: ++this.batches, startT: t, count: 0, costMs: 0, lastT: t };
    return { event: 'batch-start', batch: this.batches, t };
  }

  /** The closing event of the current batch, if any. */
  private close(): TimedEvent[] {
    const batch = this.current;
    this.current = undefined;
    if (!batch) return [];
    if (this.role === 'ventilator') return [{ event: 'batch-sent', batch: batch.batch, tasks: batch.count, expectedCostMs: batch.costMs, t: batch.lastT }];
    return [{ event: 'batch-done', batch: batch.batch, results: batch.count, elapsedMs: Math.round(batch.lastT - batch.startT), t: batch.lastT }];
  }
}
