// Request-reply through brokers: per broker, each client's round trips as the broker sees them
// (a request in on the ROUTER frontend paired with the reply out to the same identity), the
// requests queued at the broker and those out at its workers, and each worker's load. A DEALER
// backend does not say which worker took a request, so the load comes from the workers' own
// reports: the REP and ROUTER roles whose endpoints meet the broker's backend.
import { frameBytes } from '../frame-view';
import { FramePreview } from '../role-events';
import { Distribution, Summary } from './stats';
import { reaches, SourceInfo, SourceRegistry } from './sources';
import { CollectedEvent } from './types';

/** Client identities kept per broker, and requests kept waiting per identity: beyond, the oldest go. */
export const MAX_IDENTITIES = 1000;
export const MAX_WAITING_PER_IDENTITY = 1000;

export interface BrokerClientReport {
  /** The ROUTER's identity of the client's connection, in hex. */
  identity: string;
  requests: number;
  replies: number;
  /** Requests in, not yet answered (at the broker or at a worker). */
  waiting: number;
  /** From the request's arrival at the broker to the reply's departure: the workers' time plus the queue's. */
  roundTrip: Summary | null;
}

export interface BrokerWorkerReport {
  source: string;
  /** Requests the worker received (its own exact count). */
  requests: number;
  /** Its share of the requests of all this broker's workers, 0-1. */
  share: number;
}

export interface BrokerReport {
  source: string;
  frontend: string[];
  backend: string[];
  /** Exact counts: requests in from clients, passed on to workers, replies back from workers and out to clients. */
  requestsIn: number;
  requestsOut: number;
  repliesIn: number;
  repliesOut: number;
  /** Requests received but not yet passed to a worker: they wait in the broker (no worker free or connected). */
  queued: number;
  /** Requests passed to workers and not yet answered. */
  atWorkers: number;
  /** Message events were sampled out: round trips cover only the pairs seen. */
  sampled: boolean;
  clients: BrokerClientReport[];
  workers: BrokerWorkerReport[];
}

interface Client {
  waiting: number[];
  requests: number;
  replies: number;
  rtt: Distribution;
}

interface Broker {
  /** Its process: a `ready` from another one (a restart under the same id) starts again. */
  pid?: number;
  clients: Map<string, Client>;
  counts: { frontendIn: number; frontendOut: number; backendIn: number; backendOut: number };
  sampled: boolean;
}

const WORKER_SOCKETS: Partial<Record<string, string>> = { rep: 'rep', router: 'router' };

export class BrokerAnalytics {
  private readonly brokers = new Map<string, Broker>();
  /** Requests each REP or ROUTER source received: the candidates for a broker's workers. */
  private readonly served = new Map<string, number>();

  constructor(private readonly registry: SourceRegistry) {}

  add(event: CollectedEvent, info: SourceInfo): void {
    const workerSocket = info.role && WORKER_SOCKETS[info.role];
    if (workerSocket) return this.addWorker(event, workerSocket);
    if (info.role !== 'broker') return;
    // A program seen on the wire says `ready` again, same process, as it learns its endpoints: its figures go on.
    const known = this.brokers.get(event.source);
    if (!known || (event.event === 'ready' && event.pid !== known.pid)) {
      const pid = event.event === 'ready' ? event.pid : undefined;
      this.brokers.set(event.source, { pid, clients: new Map(), counts: { frontendIn: 0, frontendOut: 0, backendIn: 0, backendOut: 0 }, sampled: false });
    }
    const broker = this.brokers.get(event.source)!;
    const { counts } = broker;
    if (event.event === 'counters') {
      counts.frontendIn = Math.max(counts.frontendIn, event.received.frontend ?? 0);
      counts.frontendOut = Math.max(counts.frontendOut, event.sent.frontend ?? 0);
      counts.backendIn = Math.max(counts.backendIn, event.received.backend ?? 0);
      counts.backendOut = Math.max(counts.backendOut, event.sent.backend ?? 0);
      broker.sampled ||= event.sampledOut > 0;
      return;
    }
    if (event.event !== 'sent' && event.event !== 'received') return;
    const key = `${event.socket === 'frontend' ? 'frontend' : 'backend'}${event.event === 'received' ? 'In' : 'Out'}` as keyof Broker['counts'];
    broker.sampled ||= event.seq > counts[key] + 1;
    counts[key] = Math.max(counts[key], event.seq);
    if (event.socket !== 'frontend' || event.frames.length === 0) return;
    const client = this.client(broker, identityOf(event.frames[0]));
    if (event.event === 'received') {
      client.requests++;
      client.waiting.push(event.t);
      if (client.waiting.length > MAX_WAITING_PER_IDENTITY) client.waiting.shift();
    } else {
      client.replies++;
      const sentAt = client.waiting.shift();
      if (sentAt !== undefined) client.rtt.add(event.t - sentAt);
    }
  }

  forget(source: string): void {
    this.brokers.delete(source);
    this.served.delete(source);
  }

  report(): BrokerReport[] {
    return [...this.brokers].map(([source, broker]) => {
      const info = this.registry.get(source);
      const frontend = info?.sockets?.frontend ?? { bound: [], connected: [] };
      const backend = info?.sockets?.backend ?? { bound: [], connected: [] };
      const workers = this.workersOf(backend);
      const total = workers.reduce((sum, worker) => sum + worker.requests, 0);
      const { frontendIn, frontendOut, backendIn, backendOut } = broker.counts;
      return {
        source,
        frontend: [...frontend.bound, ...frontend.connected],
        backend: [...backend.bound, ...backend.connected],
        requestsIn: frontendIn,
        requestsOut: backendOut,
        repliesIn: backendIn,
        repliesOut: frontendOut,
        queued: Math.max(0, frontendIn - backendOut),
        atWorkers: Math.max(0, backendOut - backendIn),
        sampled: broker.sampled,
        clients: [...broker.clients].map(([identity, client]) => ({
          identity,
          requests: client.requests,
          replies: client.replies,
          waiting: client.waiting.length,
          roundTrip: client.rtt.summary(),
        })),
        workers: workers.map((worker) => ({ ...worker, share: total > 0 ? worker.requests / total : 0 })),
      };
    });
  }

  private client(broker: Broker, identity: string): Client {
    let client = broker.clients.get(identity);
    if (!client) {
      if (broker.clients.size >= MAX_IDENTITIES) broker.clients.delete(broker.clients.keys().next().value!);
      client = { waiting: [], requests: 0, replies: 0, rtt: new Distribution() };
      broker.clients.set(identity, client);
    }
    return client;
  }

  /** Workers meet the backend either way: they connect to what it binds, or bind what it connects to. */
  private workersOf(backend: { bound: string[]; connected: string[] }): { source: string; requests: number }[] {
    return [...this.served]
      .filter(([source]) => {
        const worker = this.registry.get(source);
        return worker && (reaches(worker.connected, backend.bound) || reaches(backend.connected, worker.bound));
      })
      .map(([source, requests]) => ({ source, requests }));
  }

  private addWorker(event: CollectedEvent, socket: string): void {
    if (event.event === 'ready') this.served.set(event.source, 0);
    const seen = this.served.get(event.source) ?? 0;
    if (event.event === 'received' && event.socket === socket) this.served.set(event.source, Math.max(seen, event.seq));
    else if (event.event === 'counters') this.served.set(event.source, Math.max(seen, event.received[socket] ?? 0));
  }
}

/** A frame's bytes in hex, whether its preview kept it as text or as hex. */
function identityOf(frame: FramePreview): string {
  return Array.from(frameBytes(frame), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
