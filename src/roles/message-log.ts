// Counts every message a role sends and receives, per socket, and reports them as events: each
// message while the rate is low, a spread sample above --sample-above a second, and the exact
// counters every second, so that totals hold however much is sampled.
import { FramePreview, PREVIEW_BYTES, previewFrame } from '../shared/role-events';
import { Sampler } from '../shared/sampler';
import { Output } from './output';

const COUNTERS_INTERVAL_MS = 1000;

/** A message as a role sends or receives it. */
export type Frames = Buffer | string | (Buffer | string)[];

export class MessageLog {
  private readonly counts = { sent: {} as Record<string, number>, received: {} as Record<string, number> };
  private readonly sampler: Sampler;
  private reported = '';
  private readonly timer?: NodeJS.Timeout;

  constructor(
    private readonly out: Output,
    /** Whether each message is reported at all (--json or --inspect, and not --no-messages). */
    readonly perMessage: boolean,
    sampleAbove: number,
  ) {
    this.sampler = new Sampler(sampleAbove);
    if (out.wantsEvents) this.timer = setInterval(() => this.reportCounters(), COUNTERS_INTERVAL_MS).unref();
  }

  /** Counts a message; previews are made only for the messages that are reported. */
  record(direction: 'sent' | 'received', socket: string, frames: Frames, at?: number): void {
    const seq = (this.counts[direction][socket] = (this.counts[direction][socket] ?? 0) + 1);
    if (this.perMessage && this.sampler.keep(direction)) this.out.event({ event: direction, socket, seq, frames: previews(frames) }, at);
  }

  close(): void {
    clearInterval(this.timer);
    if (this.out.wantsEvents) this.reportCounters();
  }

  private reportCounters(): void {
    const { sampledOut } = this.sampler;
    const text = JSON.stringify([this.counts, sampledOut]);
    if (text === this.reported) return;
    this.reported = text;
    this.out.event({ event: 'counters', sent: { ...this.counts.sent }, received: { ...this.counts.received }, sampledOut });
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
