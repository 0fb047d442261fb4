// Messages per second per source, socket and direction, in 1 s buckets aligned on the epoch
// second, over a bounded window. From the `counters` events, which are exact however much the
// message events are sampled: the increase since a source's previous counters event is counted in
// the second of the event that reports it (roles report every second, so at most ~1 s late).
import { CollectedEvent } from './types';

export const BUCKET_MS = 1000;
export const DEFAULT_WINDOW_S = 300;

export interface SocketThroughput {
  socket: string;
  direction: 'sent' | 'received';
  /** Exact total, from the latest counters. */
  total: number;
  /** Start of the first bucket of perSecond, ms since the epoch. */
  startT: number;
  /** Messages in each second from startT up to the second of `now`. */
  perSecond: number[];
  /** The last complete second (the one before `now`'s). */
  lastPerSecond: number;
  peakPerSecond: number;
}

export interface SourceThroughput {
  source: string;
  sockets: SocketThroughput[];
}

export interface ThroughputReport {
  bucketMs: number;
  windowS: number;
  sources: SourceThroughput[];
}

interface Series {
  socket: string;
  direction: 'sent' | 'received';
  total: number;
  buckets: Map<number, number>;
}

export class ThroughputAnalytics {
  private readonly sources = new Map<string, Map<string, Series>>();

  constructor(readonly windowS = DEFAULT_WINDOW_S) {}

  add(event: CollectedEvent): void {
    if (event.event === 'ready') {
      // A new process counts from 0 again.
      for (const series of this.sources.get(event.source)?.values() ?? []) series.total = 0;
      return;
    }
    if (event.event !== 'counters') return;
    const bySocket = this.sources.get(event.source) ?? new Map<string, Series>();
    this.sources.set(event.source, bySocket);
    const bucket = Math.floor(event.t / BUCKET_MS);
    for (const direction of ['sent', 'received'] as const) {
      for (const [socket, total] of Object.entries(event[direction])) {
        const key = `${direction}\u0000${socket}`;
        const series = bySocket.get(key) ?? { socket, direction, total: 0, buckets: new Map() };
        bySocket.set(key, series);
        const delta = total >= series.total ? total - series.total : total;
        series.total = total;
        series.buckets.set(bucket, (series.buckets.get(bucket) ?? 0) + delta);
        for (const old of series.buckets.keys()) if (old <= bucket - this.windowS) series.buckets.delete(old);
      }
    }
  }

  forget(source: string): void {
    this.sources.delete(source);
  }

  report(now: number): ThroughputReport {
    const last = Math.floor(now / BUCKET_MS);
    const sources = [...this.sources].map(([source, bySocket]) => ({
      source,
      sockets: [...bySocket.values()].map((series): SocketThroughput => {
        const kept = [...series.buckets.keys()];
        const first = Math.max(last - this.windowS + 1, Math.min(last, ...kept));
        const perSecond = Array.from({ length: last - first + 1 }, (_, i) => series.buckets.get(first + i) ?? 0);
        return {
          socket: series.socket,
          direction: series.direction,
          total: series.total,
          startT: first * BUCKET_MS,
          perSecond,
          lastPerSecond: series.buckets.get(last - 1) ?? 0,
          peakPerSecond: Math.max(0, ...perSecond),
        };
      }),
    }));
    return { bucketMs: BUCKET_MS, windowS: this.windowS, sources };
  }
}
