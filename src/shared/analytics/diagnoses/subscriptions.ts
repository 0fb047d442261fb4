// Diagnoses of subscribers, from the publish-subscribe analytics and how the published messages
// begin:
// - no-subscription: a SUB with no subscription at all, which receives nothing;
// - filter-matches-nothing: its filters matched none of the N (at least 100) messages published
//   while it was subscribed, and the messages cannot be matching rarely: some beginning of the
//   filter (its first k characters) begins none of them while their first k characters take few
//   values (a handful of topics, first characters that are digits). "10001" among random zipcodes
//   is rare, not impossible: their first five characters take thousands of values;
// - slow-joiner: a subscriber that was there before the publisher's first message missed matching
//   messages published before its connection (and so its subscription) reached the publisher. One
//   that joins a publisher already publishing expects nothing from before it joined: no finding;
// - hwm-drop: matching messages published after it joined did not arrive: the publisher dropped
//   them at its high-water mark. Only when at least HWM of them were published after its join,
//   since a queue cannot overflow with fewer (this keeps a sampled publisher's estimates quiet).
import type { AnalyticsReport } from '../report';
import type { SubscriberReport } from '../pubsub';
import { CollectedEvent } from '../types';
import { Diagnosis, DiagnosisOptions, LIBZMQ_DEFAULT_HWM } from './types';

/** Characters of a message's beginning kept to tell how messages begin. */
const HEAD_CHARS = 24;
/** Distinct beginnings kept per length and publisher; past them, they begin in too many ways to say. */
const HEADS_KEPT = 64;
/** Beginnings shown as evidence. */
const HEADS_SHOWN = 3;
/** Publish counts remembered per publisher, to count what it published while a subscriber lived. */
const MARKS_KEPT = 600;

interface Shape {
  /** The distinct beginnings of each length from 1 to HEAD_CHARS (index k - 1), or null past HEADS_KEPT of them. */
  heads: (Set<string> | null)[];
  /** The first few messages' beginnings, to show. */
  examples: string[];
  /** (t, published) after each message or counters event, thinned to MARKS_KEPT. */
  marks: { t: number; published: number }[];
  hwm?: number;
}

type Report = Omit<AnalyticsReport, 'diagnoses'>;

export class PublishWatch {
  private readonly shapes = new Map<string, Shape>();
  private readonly hwms = new Map<string, number>();

  add(event: CollectedEvent, role: string | undefined): void {
    if (event.event === 'ready' && event.hwm !== undefined) this.hwms.set(event.source, event.hwm);
    if (role !== 'pub') return;
    if (event.event === 'ready') this.shapes.delete(event.source);
    const shape = this.shapes.get(event.source) ?? { heads: Array.from({ length: HEAD_CHARS }, () => new Set<string>()), examples: [], marks: [] };
    this.shapes.set(event.source, shape);
    if (event.event === 'sent' && event.socket === 'pub') {
      const text = event.frames[0]?.text ?? '';
      shape.heads.forEach((heads, i) => {
        if (!heads || text.length <= i) return;
        heads.add(text.slice(0, i + 1));
        if (heads.size > HEADS_KEPT) shape.heads[i] = null;
      });
      const head = text.slice(0, HEAD_CHARS);
      if (shape.examples.length < HEADS_SHOWN && !shape.examples.includes(head)) shape.examples.push(head);
      mark(shape, event.t, event.seq);
    } else if (event.event === 'counters' && event.sent.pub !== undefined) mark(shape, event.t, event.sent.pub);
  }

  forget(source: string): void {
    this.shapes.delete(source);
    this.hwms.delete(source);
  }

  find(report: Report, options: Required<DiagnosisOptions>): Diagnosis[] {
    return report.pubsub.subscribers.flatMap((sub) => {
      const found: Diagnosis[] = [];
      const none = this.noSubscription(report, sub, options);
      if (none) return [none];
      const nothing = this.matchesNothing(report, sub, options);
      if (nothing) found.push(nothing);
      if (sub.missedBeforeJoin >= 1 && sub.joinedAt !== null && this.startedFirst(sub)) found.push(slowJoiner(sub));
      const drop = this.hwmDrop(report, sub, options);
      if (drop) found.push(drop);
      return found;
    });
  }

  private noSubscription(report: Report, sub: SubscriberReport, options: Required<DiagnosisOptions>): Diagnosis | undefined {
    const until = sub.endedAt ?? report.now;
    if (sub.filters.length > 0 || sub.received > 0 || until - sub.startedAt <= options.noSubscriptionAfterMs) return undefined;
    return {
      kind: 'no-subscription',
      severity: 'error',
      sources: [sub.source, ...sub.publishers],
      summary: `${sub.source} has no subscription: a SUB socket receives nothing until it subscribes.`,
      evidence: [
        { name: 'subscriptions', value: 0 },
        { name: 'published meanwhile', value: this.publishedDuring(sub, until) },
        { name: 'received', value: sub.received },
      ],
      advice: 'Subscribe to the prefixes you want, or to "" for everything (ZMQ_SUBSCRIBE; the sub role\'s --filter) (zguide, Chapter 2, "Missing Message Problem Solver").',
      panel: 'pubsub',
      at: sub.startedAt,
    };
  }

  private matchesNothing(report: Report, sub: SubscriberReport, options: Required<DiagnosisOptions>): Diagnosis | undefined {
    if (sub.matched > 0 || sub.received > 0 || !sub.filters.length || sub.filters.includes('')) return undefined;
    const until = sub.endedAt ?? report.now;
    const published = this.publishedDuring(sub, until);
    if (published < options.filterMinMessages) return undefined;
    const shapes = sub.publishers.map((p) => this.shapes.get(p)).filter((s): s is Shape => s !== undefined);
    // Some beginning of the filter is none of the few ways the messages begin.
    const impossible = (filter: string) =>
      shapes.every((shape) => shape.heads.some((heads, i) => heads !== null && i < filter.length && !heads.has(filter.slice(0, i + 1))));
    if (!shapes.length || !sub.filters.every(impossible)) return undefined;
    const heads = shapes.flatMap((shape) => shape.examples);
    return {
      kind: 'filter-matches-nothing',
      severity: 'warning',
      sources: [sub.source, ...sub.publishers],
      summary: `${sub.source}'s filter ${sub.filters.map((f) => JSON.stringify(f)).join(', ')} matched none of the ${published} messages published while it was subscribed; they begin like ${heads.map((h) => JSON.stringify(h)).join(', ')}.`,
      evidence: [
        { name: 'filters', value: sub.filters.map((f) => JSON.stringify(f)).join(' ') },
        { name: 'published while subscribed', value: published },
        { name: 'matched', value: 0 },
        { name: 'messages begin like', value: heads.map((h) => JSON.stringify(h)).join(', ') },
      ],
      advice: 'A subscription matches the beginning of a message, byte for byte: subscribe to a prefix the publisher sends (e.g. the topic or the zipcode), or to "" for everything (zguide, Chapter 1, "Getting the Message Out").',
      panel: 'pubsub',
      at: sub.startedAt,
    };
  }

  private hwmDrop(report: Report, sub: SubscriberReport, options: Required<DiagnosisOptions>): Diagnosis | undefined {
    if (sub.droppedAfterJoin < options.hwmDropMin || sub.received === 0 || sub.joinedAt === null) return undefined;
    const hwm = Math.min(...sub.publishers.map((p) => this.hwms.get(p) ?? LIBZMQ_DEFAULT_HWM));
    // HWM 0 is no limit: a publisher without one never drops at it.
    if (hwm === 0 || sub.matchedAfterJoin < hwm) return undefined;
    const until = sub.endedAt ?? report.now;
    const seconds = Math.max(0.001, (until - sub.joinedAt) / 1000);
    const e = sub.estimated ? '~' : '';
    const rate = Math.round(this.publishedDuring(sub, until, sub.joinedAt) / seconds);
    return {
      kind: 'hwm-drop',
      severity: 'warning',
      sources: [sub.source, ...sub.publishers],
      summary: `${e}${sub.droppedAfterJoin} messages for ${sub.source} were dropped at the publisher's high-water mark of ${hwm}: it read slower than ${sub.publishers.join(', ')} published.`,
      evidence: [
        { name: 'dropped', value: `${e}${sub.droppedAfterJoin}` },
        { name: 'drop rate', value: Math.round(sub.droppedAfterJoin / seconds), unit: 'msg/s' },
        { name: 'published', value: rate, unit: 'msg/s' },
        { name: 'received', value: Math.round(sub.received / seconds), unit: 'msg/s' },
        { name: 'high-water mark', value: hwm, unit: 'messages' },
      ],
      advice: 'A PUB drops what a subscriber cannot take once its queue holds HWM messages: read faster, publish slower, raise the HWM on both sides (--hwm), or have a slow subscriber notice and leave (zguide, Chapter 2, "High-Water Marks", and Chapter 5, "Slow Subscriber Detection (Suicidal Snail Pattern)").',
      panel: 'pubsub',
      at: sub.joinedAt,
    };
  }

  /** Whether the subscriber started before each of its publishers' first message. */
  private startedFirst(sub: SubscriberReport): boolean {
    return sub.publishers.every((p) => {
      const first = this.shapes.get(p)?.marks[0];
      return first !== undefined && sub.startedAt <= first.t;
    });
  }

  /** Messages its publishers published between its start (or `from`) and `until`. */
  private publishedDuring(sub: SubscriberReport, until: number, from = sub.startedAt): number {
    return sub.publishers.reduce((sum, p) => {
      const marks = this.shapes.get(p)?.marks ?? [];
      return sum + Math.max(0, publishedAt(marks, until) - publishedAt(marks, from));
    }, 0);
  }
}

function slowJoiner(sub: SubscriberReport): Diagnosis {
  const e = sub.estimated ? '~' : '';
  return {
    kind: 'slow-joiner',
    severity: 'warning',
    sources: [sub.source, ...sub.publishers],
    summary: `${sub.source} missed ${e}${sub.missedBeforeJoin} matching messages published between its connect and its subscription reaching ${sub.publishers.join(', ') || 'the publisher'} (${Math.round(sub.joinedAt! - sub.startedAt)} ms).`,
    evidence: [
      { name: 'missed before join', value: `${e}${sub.missedBeforeJoin}` },
      { name: 'joined after', value: Math.round(sub.joinedAt! - sub.startedAt), unit: 'ms' },
      { name: 'received', value: sub.received },
    ],
    advice: 'A PUB sends only to subscriptions it already has: start the subscribers first and have the publisher wait until they are connected (a sync REQ/REP handshake), or accept the loss (zguide, Chapter 2, "Node Coordination").',
    panel: 'pubsub',
    at: sub.startedAt,
  };
}

function mark(shape: Shape, t: number, published: number): void {
  const last = shape.marks[shape.marks.length - 1];
  if (last && published <= last.published) return;
  shape.marks.push({ t, published });
  // Thinned by halves: bounded, and still fine-grained over the latest stretch.
  if (shape.marks.length > MARKS_KEPT) shape.marks = shape.marks.filter((_, i) => i % 2 === 0 || i >= MARKS_KEPT / 2);
}

/** The publisher's count at time t, from the marks around it. */
function publishedAt(marks: { t: number; published: number }[], t: number): number {
  let before = 0;
  for (const m of marks) {
    if (m.t > t) break;
    before = m.published;
  }
  return before;
}
