// Sends a role's events to a collector (--inspect EP) without ever holding up the role's own
// sockets: events queue in memory and go out in batches; past a bound they are counted as dropped.
import * as zmq from 'zeromq';
import { RoleEvent } from '../shared/role-events';
import { MAX_BATCH_BYTES, TELEMETRY_VERSION, TimedEvent } from '../shared/telemetry';

const MAX_QUEUED = 10000;
/**
 * Batches go out at most this often: an event after a quiet spell goes at once, the others wait
 * to share a batch. Sent as soon as queued, at full speed the batches were many and small, and the
 * collector spent 15% of a core receiving and parsing them (6% batched; docs/performance.md).
 */
const BATCH_MS = 20;
/** How long exit waits for the last events (the role's done or error) to go out. */
const CLOSE_WAIT_MS = 500;

export class Telemetry {
  private readonly socket = new zmq.Push({ linger: CLOSE_WAIT_MS, sendHighWaterMark: 1000 });
  private queue: TimedEvent[] = [];
  private dropped = 0;
  private timer?: NodeJS.Timeout;
  private lastSent = -Infinity;
  private sending?: Promise<void>;

  constructor(
    endpoint: string,
    private readonly source: string,
    private readonly token?: string,
  ) {
    this.socket.connect(endpoint);
  }

  /** `at` is when it happened on performance.now()'s clock, if not now. */
  emit(event: RoleEvent, at = performance.now()): void {
    if (this.queue.length >= MAX_QUEUED) {
      this.dropped++;
      return;
    }
    this.queue.push({ ...event, t: performance.timeOrigin + at });
    if (!this.sending) this.schedule();
  }

  /** Sends what is queued (waiting at most CLOSE_WAIT_MS for a collector) and closes the socket. */
  async close(): Promise<void> {
    const deadline = new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref());
    const drained = (async () => {
      while (this.sending || this.queue.length > 0) {
        if (!this.sending) this.send();
        await this.sending;
      }
    })();
    await Promise.race([drained, deadline]);
    clearTimeout(this.timer);
    this.socket.close();
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = this.lastSent + BATCH_MS - performance.now();
    if (wait <= 0) this.send();
    else this.timer = setTimeout(() => this.send(), wait);
  }

  /** Sends one batch of everything queued now. */
  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastSent = performance.now();
    this.sending = this.flush();
  }

  private async flush(): Promise<void> {
    const events = this.queue;
    this.queue = [];
    try {
      for (const batch of this.batches(events)) await this.socket.send(this.token ? [this.token, batch] : batch);
    } catch {
      // Closed while sending: the role is exiting and what is left is dropped.
    } finally {
      this.sending = undefined;
      // Queued while the last batch was on its way: it gets a batch of its own.
      if (this.queue.length > 0) this.schedule();
    }
  }

  /** The events as JSON batches under the collector's MAX_BATCH_BYTES, halved until they fit; an event too big alone is dropped. */
  private batches(events: TimedEvent[]): Buffer[] {
    const json = Buffer.from(JSON.stringify({ v: TELEMETRY_VERSION, source: this.source, dropped: this.dropped, events }));
    if (json.length <= MAX_BATCH_BYTES) return [json];
    if (events.length === 1) {
      this.dropped++;
      return [];
    }
    const half = Math.ceil(events.length / 2);
    return [...this.batches(events.slice(0, half)), ...this.batches(events.slice(half))];
  }
}
