// What the window's collector keeps: the newest events in a bounded ring buffer, to export as
// JSON Lines (the same format `zmq-sessions record` writes) or to clear.
import { RingBuffer } from '../shared/ring-buffer';
import { collected, CollectedEvent } from '../shared/telemetry';
import { Collector } from './collector';

export class Capture {
  private ring: RingBuffer<CollectedEvent>;
  private readonly subscription: { dispose(): void };
  private dropped = new Map<string, number>();

  constructor(collector: Collector, capacity: number) {
    this.ring = new RingBuffer(capacity);
    this.subscription = collector.onBatch((batch) => {
      this.dropped.set(batch.source, batch.dropped);
      for (const event of collected(batch)) this.ring.push(event);
    });
  }

  get size(): number {
    return this.ring.size;
  }

  /** Events the buffer let go for newer ones, and events the roles could not send. */
  get lost(): { evicted: number; droppedAtRoles: number } {
    return { evicted: this.ring.evicted, droppedAtRoles: [...this.dropped.values()].reduce((sum, count) => sum + count, 0) };
  }

  /** A new capacity keeps the newest events that fit. */
  resize(capacity: number): void {
    if (capacity === this.ring.capacity) return;
    const ring = new RingBuffer<CollectedEvent>(capacity);
    for (const event of this.ring.toArray()) ring.push(event);
    this.ring = ring;
  }

  toJsonLines(): string {
    return this.ring.toArray().map((event) => `${JSON.stringify(event)}\n`).join('');
  }

  clear(): void {
    this.ring.clear();
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
