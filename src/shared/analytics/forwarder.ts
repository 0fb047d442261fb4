// Publish-subscribe through forwarders: per forwarder (XSUB frontend, XPUB backend), the updates
// it passed on and the subscriptions it passed upstream, each topic with whether it is active.
// An XPUB passes a topic's first subscription and its last cancellation only, so a topic that
// several subscribers share shows once.
import { printable } from '../format';
import { SourceInfo } from './sources';
import { CollectedEvent } from './types';

/** Topics kept per forwarder: beyond, the oldest go. */
export const MAX_TOPICS = 1000;

export interface ForwardedTopic {
  /** The prefix as printable text (binary bytes escaped). */
  topic: string;
  active: boolean;
  subscribed: number;
  cancelled: number;
  /** When it last changed, ms since the epoch. */
  lastT: number;
}

export interface ForwarderReport {
  source: string;
  /** What its frontend connected to or bound (the publishers' side), and its backend (the subscribers'). */
  frontend: string[];
  backend: string[];
  /** Exact counts of updates received from publishers and sent to subscribers. */
  updatesIn: number;
  updatesOut: number;
  topics: ForwardedTopic[];
}

interface Forwarder {
  updatesIn: number;
  updatesOut: number;
  topics: Map<string, ForwardedTopic>;
  info: SourceInfo;
}

export class ForwarderAnalytics {
  private readonly forwarders = new Map<string, Forwarder>();

  add(event: CollectedEvent, info: SourceInfo): void {
    if (info.role !== 'forwarder') return;
    if (event.event === 'ready' || !this.forwarders.has(event.source)) this.forwarders.set(event.source, { updatesIn: 0, updatesOut: 0, topics: new Map(), info });
    const forwarder = this.forwarders.get(event.source)!;
    if (event.event === 'received' && event.socket === 'frontend') forwarder.updatesIn = Math.max(forwarder.updatesIn, event.seq);
    else if (event.event === 'sent' && event.socket === 'backend') forwarder.updatesOut = Math.max(forwarder.updatesOut, event.seq);
    else if (event.event === 'counters') {
      forwarder.updatesIn = Math.max(forwarder.updatesIn, event.received.frontend ?? 0);
      forwarder.updatesOut = Math.max(forwarder.updatesOut, event.sent.backend ?? 0);
    } else if (event.event === 'subscription') {
      const topic = event.topic.text !== undefined ? printable(event.topic.text) : `0x${event.topic.hex ?? ''}`;
      let entry = forwarder.topics.get(topic);
      if (!entry) {
        if (forwarder.topics.size >= MAX_TOPICS) forwarder.topics.delete(forwarder.topics.keys().next().value!);
        entry = { topic, active: false, subscribed: 0, cancelled: 0, lastT: event.t };
        forwarder.topics.set(topic, entry);
      }
      entry.active = event.subscribe;
      entry.lastT = event.t;
      if (event.subscribe) entry.subscribed++;
      else entry.cancelled++;
    }
  }

  forget(source: string): void {
    this.forwarders.delete(source);
  }

  report(): ForwarderReport[] {
    return [...this.forwarders].map(([source, forwarder]) => {
      const sockets = forwarder.info.sockets ?? {};
      const places = (name: string) => [...(sockets[name]?.bound ?? []), ...(sockets[name]?.connected ?? [])];
      return {
        source,
        frontend: places('frontend'),
        backend: places('backend'),
        updatesIn: forwarder.updatesIn,
        updatesOut: forwarder.updatesOut,
        topics: [...forwarder.topics.values()].map((topic) => ({ ...topic })),
      };
    });
  }
}
