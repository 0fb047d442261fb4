// Publish-subscribe: per subscriber, what its publishers (directly, or through forwarders: see
// routes.ts) published that its filters match during
// its lifetime (first event to done/error, or now; for one that finished its count, to its last
// receive, since what came after was not for it), split at the time it joined (its connection
// completed: the first 'handshake', else 'connect', on socket 'sub'): what came before was missed by
// joining late; what came after and did not arrive was dropped (PUB's high-water mark, or before
// the subscription reached the publisher).
//
// A publisher's recent `sent` events (PUB_RING of them) are kept, so that a subscriber whose events
// arrive late is still matched against them; older ones are folded into the totals of the
// subscribers known by then. Each event stands for itself and the messages sampled out just before
// it (its seq minus the previous seq seen), so the counts scale to the publisher's exact count and
// are exact when nothing was sampled; `estimated` says when they were scaled.
import { endpointKey, SourceInfo, SourceRegistry } from './sources';
import { routeToSubscriber } from './routes';
import { RingBuffer } from '../ring-buffer';
import { CollectedEvent } from './types';

export const PUB_RING = 8192;
/**
 * How long after a finished subscriber's last receive a message still counts as published for it.
 * A publisher stamps a message once its send completed, which can be after the subscriber stamped
 * its arrival, and the processes' clocks differ by a little too.
 */
export const FINISH_SLACK_MS = 5;

export interface PublisherReport {
  source: string;
  bound: string[];
  /** Exact count of messages published. */
  published: number;
  /** Message events reported (fewer than published when sampled). */
  reported: number;
  sampled: boolean;
  subscribers: string[];
}

export interface SubscriberReport {
  source: string;
  filters: string[];
  publishers: string[];
  startedAt: number;
  joinedAt: number | null;
  endedAt: number | null;
  /** Published during its lifetime and matching one of its filters. */
  matched: number;
  /** Matched, published before it joined. */
  missedBeforeJoin: number;
  /** Matched, published after it joined. */
  matchedAfterJoin: number;
  /** Exact count received. */
  received: number;
  /** matchedAfterJoin - received (what it received counts as after its join). */
  droppedAfterJoin: number;
  /** matched - received = missedBeforeJoin + droppedAfterJoin. */
  missed: number;
  /** Counts scaled over sampled-out publisher events. */
  estimated: boolean;
  /** Some of the publisher's events of its lifetime were forgotten before it was known: counts are low. */
  partial: boolean;
}

export interface PubSubReport {
  publishers: PublisherReport[];
  subscribers: SubscriberReport[];
}

interface Published {
  t: number;
  /** Messages it stands for: itself and those sampled out before it. */
  w: number;
  /** For w > 1, the time of the publisher's previous reported message: those sampled out went between. */
  from: number;
  text: string;
}

interface Pub {
  ring: RingBuffer<Published>;
  lastSeq: number;
  lastT?: number;
  published: number;
  reported: number;
  sampled: boolean;
  evictedUpToT: number;
}

interface Sub {
  filters: string[];
  received: number;
  /** The last received message reported, and whether the role stopped because it had its count. */
  lastReceived?: { t: number; seq: number };
  finished: boolean;
  handshakes: Map<string, number>;
  connects: Map<string, number>;
}

interface Counts {
  before: number;
  after: number;
  estimated: boolean;
}

interface Link extends Counts {
  partial: boolean;
  /** Where the subscriber meets the first hop of its way to the publisher (endpoint keys). */
  via: string[];
}

export class PubSubAnalytics {
  private readonly pubs = new Map<string, Pub>();
  private readonly subs = new Map<string, Sub>();
  /** Folded counts per publisher, then subscriber. */
  private readonly links = new Map<string, Map<string, Link>>();

  constructor(private readonly registry: SourceRegistry) {}

  add(event: CollectedEvent, info: SourceInfo): void {
    if (info.role === 'pub') this.addPub(event);
    else if (info.role === 'sub') this.addSub(event);
    // A forwarder that joins (or says its endpoints again) may link publishers to subscribers.
    else if (info.role === 'forwarder' && event.event === 'ready') this.link();
  }

  forget(source: string): void {
    this.pubs.delete(source);
    this.subs.delete(source);
    this.links.delete(source);
    for (const links of this.links.values()) links.delete(source);
  }

  report(): PubSubReport {
    const publishers = [...this.pubs].map(([source, pub]) => ({
      source,
      bound: this.registry.get(source)?.bound ?? [],
      published: pub.published,
      reported: pub.reported,
      sampled: pub.sampled,
      subscribers: [...(this.links.get(source)?.keys() ?? [])],
    }));
    const subscribers = [...this.subs].map(([source, sub]) => this.subscriberReport(source, sub));
    return { publishers, subscribers };
  }

  private addPub(event: CollectedEvent): void {
    if (event.event === 'ready' || !this.pubs.has(event.source)) {
      const old = this.pubs.get(event.source);
      // Messages of an earlier process under the same id are folded first, then it starts again.
      if (old) old.ring.forEach((message) => this.fold(event.source, message));
      this.pubs.set(event.source, { ring: new RingBuffer(PUB_RING), lastSeq: 0, published: 0, reported: 0, sampled: false, evictedUpToT: old?.evictedUpToT ?? -Infinity });
      this.link();
    }
    const pub = this.pubs.get(event.source)!;
    if (event.event === 'sent' && event.socket === 'pub') {
      const w = Math.max(1, event.seq - pub.lastSeq);
      pub.sampled ||= w > 1;
      pub.lastSeq = Math.max(pub.lastSeq, event.seq);
      pub.published = Math.max(pub.published, event.seq);
      pub.reported++;
      const first = event.frames[0];
      const evicted = pub.ring.push({ t: event.t, w, from: w > 1 ? (pub.lastT ?? event.t) : event.t, text: first?.text ?? '' });
      pub.lastT = event.t;
      if (evicted) this.fold(event.source, evicted);
    } else if (event.event === 'counters') {
      pub.published = Math.max(pub.published, event.sent.pub ?? 0);
      pub.sampled ||= event.sampledOut > 0;
    }
  }

  private addSub(event: CollectedEvent): void {
    if (event.event === 'ready' && !this.subs.has(event.source)) this.subs.set(event.source, { filters: [], received: 0, finished: false, handshakes: new Map(), connects: new Map() });
    // Each ready, for one seen on the wire says its endpoints again as it learns more of them.
    if (event.event === 'ready') this.link();
    const sub = this.subs.get(event.source);
    if (!sub) return;
    if (event.event === 'subscribed' && event.socket === 'sub') sub.filters = [...event.filters];
    else if (event.event === 'received' && event.socket === 'sub') {
      sub.received = Math.max(sub.received, event.seq);
      if (!sub.lastReceived || event.seq > sub.lastReceived.seq) sub.lastReceived = { t: event.t, seq: event.seq };
    } else if (event.event === 'ready') sub.finished = false;
    else if (event.event === 'done') sub.finished = event.reason === 'finished';
    else if (event.event === 'counters') sub.received = Math.max(sub.received, event.received.sub ?? 0);
    else if (event.event === 'socket' && event.socket === 'sub' && (event.type === 'handshake' || event.type === 'connect')) {
      const times = event.type === 'handshake' ? sub.handshakes : sub.connects;
      const key = event.address ? endpointKey(event.address) : '';
      if (!times.has(key)) times.set(key, event.t);
    }
  }

  /** Creates the links between publishers and subscribers whose endpoints meet. */
  private link(): void {
    for (const [pubSource, pub] of this.pubs) {
      const publisher = this.registry.get(pubSource);
      const links = this.links.get(pubSource) ?? new Map<string, Link>();
      this.links.set(pubSource, links);
      for (const subSource of this.subs.keys()) {
        const info = this.registry.get(subSource);
        const via = info && publisher && !links.has(subSource) ? routeToSubscriber(this.registry, publisher, info) : undefined;
        if (!info || !via) continue;
        links.set(subSource, { before: 0, after: 0, estimated: false, partial: pub.evictedUpToT >= info.firstT, via });
      }
    }
  }

  private fold(pubSource: string, message: Published): void {
    const pub = this.pubs.get(pubSource);
    if (pub) pub.evictedUpToT = Math.max(pub.evictedUpToT, message.t);
    for (const [subSource, link] of this.links.get(pubSource) ?? []) {
      const sub = this.subs.get(subSource);
      const info = this.registry.get(subSource);
      if (sub && info) count(link, sub, info, this.joinedAt(sub, info, link.via), message);
    }
  }

  /** When the subscriber's connection on its way to a publisher (`via`; to any, without it) completed. */
  private joinedAt(sub: Sub, info: SourceInfo, via?: string[]): number | undefined {
    const keys = via && new Set(via);
    for (const times of [sub.handshakes, sub.connects]) {
      let first: number | undefined;
      for (const [key, t] of times) {
        // With a single endpoint, every connection is to it (its address may be resolved differently).
        const relevant = !keys || key === '' || keys.has(key) || info.connected.length === 1;
        if (relevant && (first === undefined || t < first)) first = t;
      }
      if (first !== undefined) return first;
    }
    return undefined;
  }

  private subscriberReport(source: string, sub: Sub): SubscriberReport {
    const info = this.registry.get(source)!;
    const total: Link = { before: 0, after: 0, estimated: false, partial: false, via: [] };
    const publishers: string[] = [];
    for (const [pubSource, links] of this.links) {
      const link = links.get(source);
      if (!link) continue;
      publishers.push(pubSource);
      const joined = this.joinedAt(sub, info, link.via);
      Object.assign(total, { before: total.before + link.before, after: total.after + link.after });
      total.estimated ||= link.estimated;
      total.partial ||= link.partial;
      this.pubs.get(pubSource)?.ring.forEach((message) => count(total, sub, info, joined, message));
    }
    // What it received came after its join, whatever the time stamps say: the monitor reports a
    // handshake when it reads it, which can be after the first messages were published to it.
    // What it received matched its filters and was published in its lifetime, however sparse the
    // publisher's samples around that time were.
    const matched = Math.max(Math.round(total.before + total.after), sub.received);
    const after = Math.max(Math.round(total.after), Math.min(sub.received, matched));
    const droppedAfterJoin = after - Math.min(sub.received, after);
    return {
      source,
      filters: sub.filters,
      publishers,
      startedAt: info.firstT,
      joinedAt: this.joinedAt(sub, info) ?? null,
      endedAt: info.endT ?? null,
      matched,
      missedBeforeJoin: matched - after,
      matchedAfterJoin: after,
      received: sub.received,
      droppedAfterJoin,
      missed: matched - after + droppedAfterJoin,
      estimated: total.estimated,
      partial: total.partial,
    };
  }
}

/**
 * Adds one published message to a subscriber's counts, if it matches within its lifetime. A sampled
 * message stands for those sampled out since the publisher's previous report as well: they are
 * spread evenly over that time, so that a subscriber that lived between two samples still counts
 * its share (an estimate, and said to be one).
 */
function count(counts: Counts, sub: Sub, info: SourceInfo, joined: number | undefined, message: Published): void {
  const end = sub.finished && sub.lastReceived?.seq === sub.received ? sub.lastReceived.t + FINISH_SLACK_MS : (info.endT ?? Infinity);
  if (!sub.filters.some((filter) => message.text.startsWith(filter))) return;
  const { t, w, from } = message;
  if (from >= t) {
    if (t < info.firstT || t > end) return;
    if (joined === undefined || t < joined) counts.before += w;
    else counts.after += w;
    counts.estimated ||= w > 1;
    return;
  }
  const share = (lo: number, hi: number) => (Math.max(0, Math.min(hi, t) - Math.max(lo, from)) / (t - from)) * w;
  const lifetime = share(info.firstT, end);
  if (lifetime === 0) return;
  const before = joined === undefined ? lifetime : share(info.firstT, Math.min(end, joined));
  counts.before += before;
  counts.after += lifetime - before;
  counts.estimated = true;
}
