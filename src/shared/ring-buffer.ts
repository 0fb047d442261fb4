/** A fixed-capacity buffer that keeps the newest items, counting what it had to let go. */
export class RingBuffer<T> {
  private readonly items: T[] = [];
  private start = 0;
  private evictedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number of 1 or more, not ${capacity}`);
  }

  /** Appends; returns the oldest item when it had to make room, so callers can fold it into totals. */
  push(item: T): T | undefined {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.evictedCount++;
    return evicted;
  }

  /** The newest item. */
  last(): T | undefined {
    return this.items.length === 0 ? undefined : this.items[(this.start + this.items.length - 1) % this.items.length];
  }

  forEach(visit: (item: T) => void): void {
    const n = this.items.length;
    for (let i = 0; i < n; i++) visit(this.items[(this.start + i) % n]);
  }

  get size(): number {
    return this.items.length;
  }

  /** How many items were pushed out by newer ones. */
  get evicted(): number {
    return this.evictedCount;
  }

  /** The items, oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  clear(): void {
    this.items.length = 0;
    this.start = 0;
    this.evictedCount = 0;
  }
}
