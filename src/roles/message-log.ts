// Counts every message a role sends and receives, per socket, and reports them as events: each
// message while the rate is low, a spread sample above --sample-above a second, and the exact
// counters every second, so that totals hold however much is sampled.
import { FramePreview, PREVIEW_BYTES, previewFrame } from '../shared/role-events';
import { Output } from './output';

const COUNTERS_INTERVAL_MS = 1000;

/** A message as a role sends or receives it. */
export type Frames = Buffer | string | (Buffer | string)[];

export class MessageLog {
  private readonly counts = { sent: {} as Record<string, number>, received: {} as Record<string, number> };
  private sampledOut = 0;
  private windowStart = 0;
  private inWindow = 0;
  /** Messages per direction in the window: a worker alternates receive and send, and one count for both would, with an even stride, keep only one of them. */
  private readonly inWindowBy = { sent: 0, received: 0 };
  private keptInWindow = 0;
  private stride = 1;
  private reported = '';
  private readonly timer?: NodeJS.Timeout;

  constructor(
    private readonly out: Output,
    /** Whether each message is reported at all (--json or --inspect, and not --no-messages). */
    readonly perMessage: boolean,
    private readonly sampleAbove: number,
  ) {
    if (out.wantsEvents) this.timer = setInterval(() => this.reportCounters(), COUNTERS_INTERVAL_MS).unref();
  }

  /** Counts a message; previews are made only for the messages that are reported. */
  record(direction: 'sent' | 'received', socket: string, frames: Frames, at?: number): void {
    const seq = (this.counts[direction][socket] = (this.counts[direction][socket] ?? 0) + 1);
    if (this.perMessage && this.keep(direction)) this.out.event({ event: direction, socket, seq, frames: previews(frames) }, at);
  }

  close(): void {
    clearInterval(this.timer);
    if (this.out.wantsEvents) this.reportCounters();
  }

  // At most sampleAbove a second: every stride-th message, the stride set from the last second's
  // rate, so that the sample spreads over the second instead of taking its start.
  private keep(direction: 'sent' | 'received'): boolean {
    if (this.sampleAbove === 0) return true;
    const now = performance.now();
    if (now - this.windowStart >= 1000) {
      this.stride = Math.max(1, Math.ceil(this.inWindow / this.sampleAbove));
      this.windowStart = now;
      this.inWindow = 0;
      this.inWindowBy.sent = this.inWindowBy.received = 0;
      this.keptInWindow = 0;
    }
    this.inWindow++;
    if (this.keptInWindow < this.sampleAbove && ++this.inWindowBy[direction] % this.stride === 0) {
      this.keptInWindow++;
      return true;
    }
    this.sampledOut++;
    return false;
  }

  private reportCounters(): void {
    const text = JSON.stringify([this.counts, this.sampledOut]);
    if (text === this.reported) return;
    this.reported = text;
    this.out.event({ event: 'counters', sent: { ...this.counts.sent }, received: { ...this.counts.received }, sampledOut: this.sampledOut });
  }
}

function previews(frames: Frames): FramePreview[] {
  const list = Array.isArray(frames) ? frames : [frames];
  return list.map((frame) => (typeof frame === 'string' ? previewText(frame) : previewFrame(frame)));
}

/** A text frame's preview from its head alone: encoding a whole 64 KiB task took 43 µs. */
function previewText(frame: string): FramePreview {
  const head = Buffer.from(frame.slice(0, PREVIEW_BYTES));
  const size = Buffer.byteLength(frame);
  const preview = previewFrame(head);
  return size > head.length ? { ...preview, size, truncated: true } : preview;
}
