// Socket monitor events (accept, connect, connect:retry, disconnect, handshake, ...) per source, in
// the order the source reported them: the last N of them, and exact counts per type.
import { RingBuffer } from '../ring-buffer';
import { CollectedEvent } from './types';

export const DEFAULT_SOCKET_EVENTS_KEPT = 100;

export interface SocketEventEntry {
  t: number;
  socket: string;
  type: string;
  address?: string;
}

export interface SourceSocketEvents {
  source: string;
  /** All socket events reported, including those no longer listed. */
  total: number;
  counts: Record<string, number>;
  /** The last ones, oldest first. */
  events: SocketEventEntry[];
}

export interface SocketEventsReport {
  sources: SourceSocketEvents[];
}

interface Log {
  total: number;
  counts: Record<string, number>;
  events: RingBuffer<SocketEventEntry>;
}

export class SocketEventsAnalytics {
  private readonly logs = new Map<string, Log>();

  constructor(readonly kept = DEFAULT_SOCKET_EVENTS_KEPT) {}

  add(event: CollectedEvent): void {
    if (event.event !== 'socket') return;
    const log = this.logs.get(event.source) ?? { total: 0, counts: {}, events: new RingBuffer<SocketEventEntry>(this.kept) };
    this.logs.set(event.source, log);
    log.total++;
    log.counts[event.type] = (log.counts[event.type] ?? 0) + 1;
    log.events.push({ t: event.t, socket: event.socket, type: event.type, ...(event.address ? { address: event.address } : {}) });
  }

  forget(source: string): void {
    this.logs.delete(source);
  }

  report(): SocketEventsReport {
    return { sources: [...this.logs].map(([source, log]) => ({ source, total: log.total, counts: { ...log.counts }, events: log.events.toArray() })) };
  }
}
