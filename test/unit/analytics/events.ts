// Builders of collected events for the analytics tests: one Source per role instance, whose
// methods return events stamped with its id, and merges of several sources' streams that keep
// each source's order (as the collector guarantees) but interleave them differently.
import { Analytics, AnalyticsReport, CollectedEvent } from '../../../src/shared/analytics';
import { RoleEvent, RoleName } from '../../../src/shared/role-events';

export class Source {
  readonly events: CollectedEvent[] = [];

  constructor(readonly id: string) {}

  private push(t: number, event: RoleEvent): this {
    this.events.push({ ...event, t, source: this.id } as CollectedEvent);
    return this;
  }

  ready(t: number, role: RoleName, bound: string[], connected: string[]): this {
    return this.push(t, { event: 'ready', role, pid: 100, bound, connected });
  }

  sent(t: number, socket: string, seq: number, text = ''): this {
    return this.push(t, { event: 'sent', socket, seq, frames: [{ size: text.length, text }] });
  }

  received(t: number, socket: string, seq: number, text = ''): this {
    return this.push(t, { event: 'received', socket, seq, frames: [{ size: text.length, text }] });
  }

  counters(t: number, sent: Record<string, number>, received: Record<string, number>, sampledOut = 0): this {
    return this.push(t, { event: 'counters', sent, received, sampledOut });
  }

  socket(t: number, socket: string, type: string, address?: string): this {
    return this.push(t, { event: 'socket', socket, type, ...(address ? { address } : {}) });
  }

  event(t: number, event: RoleEvent): this {
    return this.push(t, event);
  }

  done(t: number, reason: 'finished' | 'signal' = 'finished'): this {
    return this.push(t, { event: 'done', reason });
  }
}

/** Merges that keep each stream's order: in turn, one after the other both ways, and seeded random ones. */
export function interleavings(streams: CollectedEvent[][]): [string, CollectedEvent[]][] {
  const merges: [string, CollectedEvent[]][] = [
    ['by time', streams.flat().sort((a, b) => a.t - b.t)],
    ['source after source', streams.flat()],
    ['last source first', [...streams].reverse().flat()],
    ['round robin', roundRobin(streams)],
  ];
  for (const seed of [1, 2, 3]) merges.push([`random ${seed}`, randomMerge(streams, seed)]);
  return merges;
}

function roundRobin(streams: CollectedEvent[][]): CollectedEvent[] {
  const out: CollectedEvent[] = [];
  for (let i = 0; out.length < streams.reduce((n, s) => n + s.length, 0); i++) {
    for (const stream of streams) if (i < stream.length) out.push(stream[i]);
  }
  return out;
}

function randomMerge(streams: CollectedEvent[][], seed: number): CollectedEvent[] {
  const cursors = streams.map(() => 0);
  const out: CollectedEvent[] = [];
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (;;) {
    const open = streams.map((_, i) => i).filter((i) => cursors[i] < streams[i].length);
    if (!open.length) return out;
    const pick = open[Math.floor(random() * open.length)];
    out.push(streams[pick][cursors[pick]++]);
  }
}

export function analyse(events: CollectedEvent[], now: number, analytics = new Analytics()): AnalyticsReport {
  for (const event of events) analytics.add(event);
  return analytics.report(now);
}
