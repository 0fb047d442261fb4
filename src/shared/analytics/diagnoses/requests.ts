// Diagnoses of request-reply clients, from each REQ socket's own sent and received sequence:
// - stuck-request: a request that has waited over 5 s for its reply (the analytics' stuckAfterMs),
//   also one still waiting when its client ended, and whether its server was seen leaving;
// - req-state: a REQ that sent twice without a reply between. A plain REQ refuses the second send
//   (EFSM) and nothing of it shows; one that made it is a REQ_RELAXED socket, which programs set to
//   "retry" on the same socket, and which, without REQ_CORRELATE, may read the reply to the first
//   request as the reply to the second. Seen when a program is captured on the wire or traced,
//   never from the built-in req.
// A socket is a REQ when its client's role is req, or when the socket is named req.
import type { AnalyticsReport } from '../report';
import { reaches } from '../sources';
import { CollectedEvent } from '../types';
import { Diagnosis } from './types';

interface Waiting {
  seq: number;
  sentAt: number;
}

interface Client {
  waiting?: Waiting;
  /** The longest wait that ended without a reply: the client ended, or gave up (--timeout). */
  longest?: Waiting & { waitedMs: number; how: 'ended' | 'timeout' };
  timeouts: number;
  /** The first send that followed a send with no reply between. */
  twice?: { first: Waiting; second: Waiting };
  /** Its last disconnect event, to say whether the server was seen leaving. */
  disconnectedAt?: number;
}

type Report = Omit<AnalyticsReport, 'diagnoses'>;

export class RequestWatch {
  private readonly clients = new Map<string, Client>();

  add(event: CollectedEvent, role: string | undefined): void {
    const isReq = role === 'req' || ('socket' in event && event.socket === 'req');
    if (event.event === 'ready') {
      if (event.role === 'req') this.clients.set(event.source, { timeouts: 0 });
      return;
    }
    if (!isReq && !this.clients.has(event.source)) return;
    const client = this.clients.get(event.source) ?? { timeouts: 0 };
    this.clients.set(event.source, client);
    switch (event.event) {
      case 'sent':
        if (event.socket !== 'req') return;
        // Consecutive seqs with nothing between: both sends were seen, and no reply or timeout came.
        if (client.waiting && event.seq === client.waiting.seq + 1 && !client.twice) client.twice = { first: client.waiting, second: { seq: event.seq, sentAt: event.t } };
        client.waiting = { seq: event.seq, sentAt: event.t };
        return;
      case 'received':
        if (event.socket === 'req') client.waiting = undefined;
        return;
      case 'timeout':
        client.timeouts++;
        if (client.waiting) this.endWait(client, event.t, 'timeout');
        return;
      case 'counters':
        // A reply sampled out still ends the wait.
        if ((event.received.req ?? 0) >= (event.sent.req ?? 0) - client.timeouts) client.waiting = undefined;
        return;
      case 'socket':
        if (event.socket === 'req' && event.type === 'disconnect') client.disconnectedAt = event.t;
        return;
      case 'done':
      case 'error':
      case 'exit':
        if (client.waiting) this.endWait(client, event.t, 'ended');
        return;
    }
  }

  forget(source: string): void {
    this.clients.delete(source);
  }

  find(report: Report): Diagnosis[] {
    const found: Diagnosis[] = [];
    const stuckAfterMs = report.reqrep.stuckAfterMs;
    for (const [source, client] of this.clients) {
      const info = report.sources.find((s) => s.source === source);
      const live = client.waiting && info?.endT == null ? { ...client.waiting, waitedMs: report.now - client.waiting.sentAt, how: 'waiting' as const } : undefined;
      const wait = live ?? client.longest;
      if (wait && wait.waitedMs > stuckAfterMs) found.push(stuck(report, source, wait, client));
      if (client.twice) found.push(sentTwice(source, client.twice));
    }
    return found;
  }

  private endWait(client: Client, t: number, how: 'ended' | 'timeout'): void {
    const waitedMs = t - client.waiting!.sentAt;
    if (!client.longest || waitedMs > client.longest.waitedMs) client.longest = { ...client.waiting!, waitedMs, how };
    client.waiting = undefined;
  }
}

function stuck(report: Report, source: string, wait: Waiting & { waitedMs: number; how: 'waiting' | 'ended' | 'timeout' }, client: Client): Diagnosis {
  const info = report.sources.find((s) => s.source === source);
  const servers = report.sources.filter((s) => s.source !== source && reaches(info?.connected ?? [], s.bound));
  const waitEnd = wait.sentAt + wait.waitedMs;
  const left = servers.filter((s) => s.endT !== null && s.endT < waitEnd);
  const disconnected = client.disconnectedAt !== undefined && client.disconnectedAt >= wait.sentAt && client.disconnectedAt < waitEnd;
  const server = servers.length ? servers.map((s) => s.source).join(', ') : `the server at ${info?.connected.join(', ') || 'its endpoint'}`;
  const seen = left.length
    ? `${left.map((s) => s.source).join(', ')} was seen leaving (${left.map((s) => s.end).join(', ')}) ${relative(left[0].endT! - wait.sentAt)} the request`
    : disconnected
      ? `its connection closed ${Math.round(client.disconnectedAt! - wait.sentAt)} ms after the request`
      : `${server} was not seen leaving: it is slow, or lost the request`;
  const how = wait.how === 'waiting' ? 'has waited' : wait.how === 'ended' ? 'waited, until it ended,' : 'waited, until it gave up,';
  return {
    kind: 'stuck-request',
    severity: 'error',
    sources: [source, ...servers.map((s) => s.source)],
    summary: `${source} ${how} ${(wait.waitedMs / 1000).toFixed(1)} s for the reply to request #${wait.seq}; ${seen}.`,
    evidence: [
      { name: 'request', value: wait.seq },
      { name: 'waited', value: Math.round(wait.waitedMs), unit: 'ms' },
      { name: 'stuck after', value: report.reqrep.stuckAfterMs, unit: 'ms' },
      { name: 'server seen leaving', value: left.length ? 'yes' : disconnected ? 'connection closed' : 'no' },
      { name: 'timeouts so far', value: client.timeouts },
    ],
    advice: 'A REQ waits for ever for a reply that will not come, and cannot send again: give up after a timeout, close the socket and retry on a new one — the lazy pirate (the req role\'s --timeout MS --retries N) (zguide, Chapter 4, "Client-Side Reliability (Lazy Pirate Pattern)").',
    panel: 'reqrep',
    at: wait.sentAt,
  };
}

function relative(ms: number): string {
  return ms >= 0 ? `${Math.round(ms)} ms after` : `${Math.round(-ms)} ms before`;
}

function sentTwice(source: string, twice: NonNullable<Client['twice']>): Diagnosis {
  return {
    kind: 'req-state',
    severity: 'error',
    sources: [source],
    summary: `${source} sent request #${twice.second.seq} before the reply to #${twice.first.seq} came: a plain REQ refuses that (EFSM), so this one is relaxed (ZMQ_REQ_RELAXED), and unless it also sets ZMQ_REQ_CORRELATE the reply it reads next may answer #${twice.first.seq}.`,
    evidence: [
      { name: 'first request', value: twice.first.seq },
      { name: 'second request', value: twice.second.seq },
      { name: 'between them', value: Math.round(twice.second.sentAt - twice.first.sentAt), unit: 'ms' },
      { name: 'replies between', value: 0 },
    ],
    advice: 'Receive each reply before the next send; to give up on a reply, close the REQ and open a new one (the lazy pirate: the req role\'s --timeout and --retries), or set ZMQ_REQ_CORRELATE beside ZMQ_REQ_RELAXED so that late replies are dropped, or use DEALER for requests without lockstep (zguide, Chapter 4, "Client-Side Reliability (Lazy Pirate Pattern)", and Chapter 3, "The Request-Reply Mechanisms").',
    panel: 'reqrep',
    at: twice.first.sentAt,
  };
}
