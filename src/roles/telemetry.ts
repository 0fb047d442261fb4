// Sends a role's events to a collector (--inspect EP) without ever holding up the role's own
// sockets: events queue in memory and go out in batches; past a bound they are counted as dropped.
import * as zmq from 'zeromq';
import { RoleEvent } from '../shared/role-events';
import { TELEMETRY_VERSION, TimedEvent } from '../shared/telemetry';

const MAX_QUEUED = 10000;
/** How long exit waits for the last events (the role's done or error) to go out. */
const CLOSE_WAIT_MS = 500;

export class Telemetry {
  private readonly socket = new zmq.Push({ linger: CLOSE_WAIT_MS, sendHighWaterMark: 1000 });
  private queue: TimedEvent[] = [];
  private dropped = 0;
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
    this.sending ??= this.flush();
  }

  /** Sends what is queued (waiting at most CLOSE_WAIT_MS for a collector) and closes the socket. */
  async close(): Promise<void> {
    const deadline = new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref());
    await Promise.race([this.sending, deadline]);
    this.socket.close();
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const events = this.queue;
        this.queue = [];
        await this.socket.send(JSON.stringify({ v: TELEMETRY_VERSION, source: this.source, dropped: this.dropped, events, ...(this.token ? { token: this.token } : {}) }));
      }
    } catch {
      // Closed while sending: the role is exiting and what is left is dropped.
    } finally {
      this.sending = undefined;
    }
  }
}
