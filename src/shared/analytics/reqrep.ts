// Request-reply: per REQ client, requests paired with their replies, round-trip statistics, the
// request still waiting for its reply and whether it is stuck, and the lazy pirate's timeouts;
// per REP server, its exact counts.
//
// A REQ alternates strictly, so a reply pairs with the last request sent. Sampling may leave either
// out: the reply numbered r answers the request numbered r + (timeouts so far), since each timeout
// abandons one request; a reply whose request was not reported gives no round trip.
import { HistogramBin, Distribution, Summary } from './stats';
import { SourceInfo, SourceRegistry } from './sources';
import { CollectedEvent } from './types';

export const DEFAULT_STUCK_AFTER_MS = 5000;

export interface Outstanding {
  /** The request's seq on the socket (counting retries). */
  seq: number;
  sentAt: number;
  ageMs: number;
  stuck: boolean;
  /** True when the request's own event was sampled out: sentAt is then the first time the counters showed it, so ageMs is a lower bound. */
  approximate: boolean;
}

export interface ReqClientReport {
  source: string;
  connected: string[];
  /** Exact counts (counters and seq): requests sent including retries, replies received. */
  requests: number;
  replies: number;
  /** Requests given up after --timeout (each is sent again on a new socket). */
  timeouts: number;
  /** Replies whose request was reported too: the round trips measured. */
  pairs: number;
  /** Some message events were sampled out: round trips cover only the pairs seen. */
  sampled: boolean;
  roundTrip: Summary | null;
  histogram: HistogramBin[];
  outstanding: Outstanding[];
  stuck: boolean;
  ended: boolean;
}

export interface RepServerReport {
  source: string;
  bound: string[];
  requests: number;
  replies: number;
}

export interface ReqRepReport {
  stuckAfterMs: number;
  clients: ReqClientReport[];
  servers: RepServerReport[];
}

interface Client {
  rtt: Distribution;
  pending?: { seq: number; t: number; approximate: boolean };
  sent: number;
  received: number;
  timeouts: number;
  sampled: boolean;
}

interface Server {
  sent: number;
  received: number;
}

export class ReqRepAnalytics {
  private readonly clients = new Map<string, Client>();
  private readonly servers = new Map<string, Server>();

  constructor(
    private readonly registry: SourceRegistry,
    readonly stuckAfterMs = DEFAULT_STUCK_AFTER_MS,
  ) {}

  add(event: CollectedEvent, info: SourceInfo): void {
    // A DEALER client and a ROUTER server take turns as REQ and REP do; their socket has their name.
    if (info.role === 'rep' || info.role === 'router') return this.addServer(event, info.role);
    if (info.role !== 'req' && info.role !== 'dealer') return;
    const socket = info.role;
    if (event.event === 'ready' || !this.clients.has(event.source)) {
      // A new process (a restart may reuse its id): seq numbers start again, and so does the client.
      this.clients.set(event.source, { rtt: new Distribution(), sent: 0, received: 0, timeouts: 0, sampled: false });
    }
    const client = this.clients.get(event.source)!;
    switch (event.event) {
      case 'sent':
        if (event.socket !== socket) return;
        client.sampled ||= event.seq > client.sent + 1;
        client.sent = Math.max(client.sent, event.seq);
        client.pending = { seq: event.seq, t: event.t, approximate: false };
        return;
      case 'received':
        if (event.socket !== socket) return;
        client.sampled ||= event.seq > client.received + 1;
        client.received = Math.max(client.received, event.seq);
        if (client.pending && !client.pending.approximate && client.pending.seq === event.seq + client.timeouts) {
          client.rtt.add(event.t - client.pending.t);
        }
        client.pending = undefined;
        return;
      case 'timeout':
        client.timeouts++;
        client.pending = undefined;
        return;
      case 'counters': {
        client.sampled ||= event.sampledOut > 0;
        client.sent = Math.max(client.sent, event.sent[socket] ?? 0);
        client.received = Math.max(client.received, event.received[socket] ?? 0);
        const waiting = client.sent - client.received - client.timeouts;
        if (waiting <= 0) client.pending = undefined;
        else if (!client.pending || client.pending.seq < client.sent) client.pending = { seq: client.sent, t: event.t, approximate: true };
        return;
      }
      case 'done':
      case 'error':
        client.pending = undefined;
        return;
    }
  }

  forget(source: string): void {
    this.clients.delete(source);
    this.servers.delete(source);
  }

  report(now: number): ReqRepReport {
    const clients = [...this.clients].map(([source, client]): ReqClientReport => {
      const info = this.registry.get(source);
      const outstanding = client.pending && info?.endT === undefined ? [this.outstanding(client.pending, now)] : [];
      return {
        source,
        connected: info?.connected ?? [],
        requests: client.sent,
        replies: client.received,
        timeouts: client.timeouts,
        pairs: client.rtt.size,
        sampled: client.sampled,
        roundTrip: client.rtt.summary(),
        histogram: client.rtt.histogram(),
        outstanding,
        stuck: outstanding.some((o) => o.stuck),
        ended: info?.endT !== undefined,
      };
    });
    const servers = [...this.servers].map(([source, server]) => ({
      source,
      bound: this.registry.get(source)?.bound ?? [],
      requests: server.received,
      replies: server.sent,
    }));
    return { stuckAfterMs: this.stuckAfterMs, clients, servers };
  }

  private outstanding(pending: NonNullable<Client['pending']>, now: number): Outstanding {
    const ageMs = Math.max(0, now - pending.t);
    return { seq: pending.seq, sentAt: pending.t, ageMs, stuck: ageMs > this.stuckAfterMs, approximate: pending.approximate };
  }

  private addServer(event: CollectedEvent, socket: string): void {
    if (event.event === 'ready' || !this.servers.has(event.source)) this.servers.set(event.source, { sent: 0, received: 0 });
    const server = this.servers.get(event.source)!;
    if ((event.event === 'sent' || event.event === 'received') && event.socket === socket) {
      server[event.event] = Math.max(server[event.event], event.seq);
    } else if (event.event === 'counters') {
      server.sent = Math.max(server.sent, event.sent[socket] ?? 0);
      server.received = Math.max(server.received, event.received[socket] ?? 0);
    }
  }
}
