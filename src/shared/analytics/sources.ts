// What is known of each role instance (source): its role and endpoints from its `ready` event,
// its first and last event times and how it ended. Events of a source that come before its
// `ready` (a sub's `subscribed`, early socket events) wait, bounded, and are replayed after it,
// so that the pattern analytics always know the role of what they are given.
import { RoleName, SocketPlaces, SocketSecurity } from '../role-events';
import { CollectedEvent, EndReason } from './types';

/** Events kept per source while its role is unknown; older ones are dropped and counted. */
export const PENDING_PER_SOURCE = 256;

export interface SourceInfo {
  source: string;
  role?: RoleName;
  pid?: number;
  bound: string[];
  connected: string[];
  /** Its sockets that speak CURVE; the others speak NULL. */
  security?: Record<string, SocketSecurity>;
  /** Each socket's endpoints, for roles with several sockets (a broker's frontend and backend). */
  sockets?: Record<string, SocketPlaces>;
  /** Time of its first event (its start, as far as the analytics can tell). */
  firstT: number;
  lastT: number;
  readyT?: number;
  endT?: number;
  end?: EndReason;
  error?: string;
}

export class SourceRegistry {
  private readonly sources = new Map<string, SourceInfo>();
  private readonly pending = new Map<string, CollectedEvent[]>();
  /** Events dropped because their source's `ready` did not come in time. */
  unattributed = 0;

  /** Records an event; returns the events now ready for the pattern analytics, in order. */
  admit(event: CollectedEvent): CollectedEvent[] {
    let info = this.sources.get(event.source);
    if (!info) {
      info = { source: event.source, bound: [], connected: [], firstT: event.t, lastT: event.t };
      this.sources.set(event.source, info);
    }
    info.firstT = Math.min(info.firstT, event.t);
    info.lastT = Math.max(info.lastT, event.t);
    if (event.event === 'ready') {
      Object.assign(info, { role: event.role, pid: event.pid, bound: [...event.bound], connected: [...event.connected], security: { ...event.security }, sockets: event.sockets, readyT: event.t });
      delete info.endT;
      delete info.end;
      delete info.error;
      const waiting = this.pending.get(event.source) ?? [];
      this.pending.delete(event.source);
      return [event, ...waiting];
    }
    if (event.event === 'done' || event.event === 'error') {
      info.endT = event.t;
      info.end = event.event === 'done' ? event.reason : 'error';
      if (event.event === 'error') info.error = event.message;
    }
    // Its launcher saw it exit; it ended without a word only if neither done nor error came first.
    if (event.event === 'exit' && (info.endT === undefined || (info.readyT !== undefined && info.endT < info.readyT))) {
      info.endT = event.t;
      info.end = 'killed';
      info.error = event.signal ? `killed by ${event.signal}` : `exited with code ${event.code}`;
    }
    if (info.role) return [event];
    const waiting = this.pending.get(event.source) ?? [];
    this.pending.set(event.source, waiting);
    waiting.push(event);
    if (waiting.length > PENDING_PER_SOURCE) {
      waiting.shift();
      this.unattributed++;
    }
    return [];
  }

  get(source: string): SourceInfo | undefined {
    return this.sources.get(source);
  }

  all(): SourceInfo[] {
    return [...this.sources.values()];
  }

  ofRole(...roles: RoleName[]): SourceInfo[] {
    return this.all().filter((info) => info.role && roles.includes(info.role));
  }

  /** Forgets the longest-ended sources beyond `max`; returns their ids for the analytics to drop. */
  trim(max: number): string[] {
    if (this.sources.size <= max) return [];
    const ended = this.all().filter((info) => info.endT !== undefined).sort((a, b) => a.endT! - b.endT!);
    const gone = ended.slice(0, this.sources.size - max).map((info) => info.source);
    for (const source of gone) {
      this.sources.delete(source);
      this.pending.delete(source);
    }
    return gone;
  }
}

const THIS_MACHINE = new Set(['localhost', '127.0.0.1', '*', '0.0.0.0', '[::1]', '[::]', '::1']);

const keys = new Map<string, string>();

/** One key per place: tcp://localhost:P, tcp://127.0.0.1:P, tcp://*:P, tcp://0.0.0.0:P are all `tcp://~:P`. */
export function endpointKey(endpoint: string): string {
  let key = keys.get(endpoint);
  if (key !== undefined) return key;
  const tcp = /^tcp:\/\/(.+):(\d+)$/.exec(endpoint.trim());
  key = tcp ? `tcp://${THIS_MACHINE.has(tcp[1].toLowerCase()) ? '~' : tcp[1].toLowerCase()}:${Number(tcp[2])}` : endpoint.trim();
  if (keys.size >= 1000) keys.clear(); // a cache, bounded
  keys.set(endpoint, key);
  return key;
}

/** Whether a peer that connected to `connected` reaches one that bound `bound`. */
export function reaches(connected: string[], bound: string[]): boolean {
  const keys = new Set(bound.map(endpointKey));
  return connected.some((endpoint) => keys.has(endpointKey(endpoint)));
}
