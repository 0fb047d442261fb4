// What a collector gathered, or a capture file holds: the newest events in a bounded ring buffer
// (to show, to export as JSON Lines, the format `zmq-sessions record` writes), and the analytics
// over every event since the last clear. Listeners hear of new events and of clears.
import { Analytics } from '../shared/analytics';
import { Emitter, Event, Subscription } from '../shared/emitter';
import { RingBuffer } from '../shared/ring-buffer';
import { collected, CollectedEvent } from '../shared/telemetry';
import { Collector } from './collector';

export class Capture {
  private ring: RingBuffer<CollectedEvent>;
  private subscription?: Subscription;
  private readonly dropped = new Map<string, number>();
  private readonly sampled = new Map<string, number>();
  private readonly newEvents = new Emitter<{ events: CollectedEvent[]; firstId: number }>();
  private readonly clears = new Emitter<void>();
  private added = 0;
  private messageCount = 0;
  /** Evicted by the buffers a resize replaced: the count of loss runs on across capacities. */
  private evictedBefore = 0;
  analytics = new Analytics();
  /** New events, each with its id: `firstId` + its index. */
  readonly onAdded: Event<{ events: CollectedEvent[]; firstId: number }> = this.newEvents.event;
  readonly onCleared: Event<void> = this.clears.event;

  constructor(capacity: number, collector?: Collector) {
    this.ring = new RingBuffer(capacity);
    this.subscription = collector?.onBatch((batch) => {
      this.dropped.set(batch.source, batch.dropped);
      this.add(collected(batch));
    });
  }

  /** A capture of the events of a file, e.g. one that `record` or Export Capture wrote. */
  static of(events: CollectedEvent[], capacity: number): Capture {
    const capture = new Capture(capacity);
    capture.add(events);
    return capture;
  }

  add(events: CollectedEvent[]): void {
    if (events.length === 0) return;
    const firstId = this.added;
    for (const event of events) {
      const evicted = this.ring.push(event);
      if (isMessage(event)) this.messageCount++;
      if (evicted && isMessage(evicted)) this.messageCount--;
      this.analytics.add(event);
      if (event.event === 'counters') this.sampled.set(event.source, event.sampledOut);
    }
    this.added += events.length;
    this.newEvents.fire({ events, firstId });
  }

  get size(): number {
    return this.ring.size;
  }

  /** Message events (sent, received, proxied) among those kept. */
  get messages(): number {
    return this.messageCount;
  }

  /** The events kept, oldest first, with the id of the first. */
  kept(): { events: CollectedEvent[]; firstId: number } {
    return { events: this.ring.toArray(), firstId: this.added - this.ring.size };
  }

  /** Events the buffer let go for newer ones, events the roles could not send, message events they sampled out. */
  get lost(): { evicted: number; droppedAtRoles: number; sampledOut: number } {
    const sum = (counts: Map<string, number>) => [...counts.values()].reduce((total, count) => total + count, 0);
    return { evicted: this.evictedBefore + this.ring.evicted, droppedAtRoles: sum(this.dropped), sampledOut: sum(this.sampled) };
  }

  /** A new capacity keeps the newest events that fit. */
  resize(capacity: number): void {
    if (capacity === this.ring.capacity) return;
    const ring = new RingBuffer<CollectedEvent>(capacity);
    // The newer events that fit; the older ones a smaller buffer lets go count as evicted.
    for (const event of this.ring.toArray()) ring.push(event);
    this.evictedBefore += this.ring.evicted;
    this.ring = ring;
    this.messageCount = ring.toArray().filter(isMessage).length;
  }

  toJsonLines(): string {
    return this.ring.toArray().map((event) => `${JSON.stringify(event)}\n`).join('');
  }

  /** Forgets every event and the analytics over them. */
  clear(): void {
    this.ring.clear();
    this.evictedBefore = 0;
    this.messageCount = 0;
    this.dropped.clear();
    this.sampled.clear();
    this.analytics = new Analytics();
    this.clears.fire();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.newEvents.dispose();
    this.clears.dispose();
  }
}

function isMessage(event: CollectedEvent): boolean {
  return event.event === 'sent' || event.event === 'received' || event.event === 'proxied';
}
