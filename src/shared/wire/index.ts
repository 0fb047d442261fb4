// ZeroMQ on the wire: a capture (pcap or pcapng bytes, in chunks) in, telemetry events out.
import { CaptureError, CollectedEvent, parseCapture } from '../telemetry';
import { CaptureFileError } from './capture-file';
import { DecoderOptions, DecoderStats, WireDecoder } from './decoder';
import { Namer, WireTelemetry } from './telemetry';

export { CaptureFileError } from './capture-file';
export type { Namer, ProcessName } from './telemetry';
export type { DecoderStats, Endpoint } from './decoder';

export class WireCapture {
  private readonly decoder: WireDecoder;
  private readonly telemetry: WireTelemetry;
  private lastT = 0;

  /** `survey`: a first reading, for `namer()` only (see WireTelemetry). */
  constructor(out: (event: CollectedEvent) => void, options: DecoderOptions & { namer?: Namer; survey?: boolean } = {}) {
    this.telemetry = new WireTelemetry(
      (event) => {
        this.lastT = Math.max(this.lastT, event.t);
        out(event);
      },
      options.namer,
      options.survey,
    );
    this.decoder = new WireDecoder(this.telemetry.add, options);
  }

  /** Names found by reading the whole capture, for a second reading (see WireTelemetry.aliases). */
  namer(): Namer {
    const aliases = this.telemetry.aliases();
    return (end) => aliases.get(`${end.host}|${end.port}`);
  }

  get stats(): DecoderStats {
    return this.decoder.stats;
  }

  /** Throws CaptureFileError when the bytes are not a capture (the events so far were given). */
  push(chunk: Uint8Array): void {
    this.decoder.push(chunk);
  }

  /** The capture ended: open connections and batches close; throws CaptureFileError if it was cut. */
  end(): void {
    try {
      this.decoder.end();
    } finally {
      this.telemetry.end(this.lastT);
    }
  }
}

/**
 * Reads a whole capture twice through `read` (which pushes its bytes): first to learn what only the
 * whole capture tells (which of the unnamed ends belong together), then to give the events.
 * Returns why reading stopped early, if it did (a cut or corrupt file; the events before were given).
 */
export function readTwice(read: (capture: WireCapture) => void, out: (event: CollectedEvent) => void, options: DecoderOptions = {}): { stats: DecoderStats; error?: string } {
  const first = new WireCapture(() => undefined, { ...options, survey: true, firstMessageOnly: true });
  attempt(() => read(first), () => first.end());
  const second = new WireCapture(out, { ...options, namer: first.namer() });
  const error = attempt(() => read(second), () => second.end());
  return { stats: second.stats, ...(error ? { error } : {}) };
}

/** Runs the steps, each even if one before failed; returns the first CaptureFileError's message. */
function attempt(...steps: (() => void)[]): string | undefined {
  let error: string | undefined;
  for (const step of steps) {
    try {
      step();
    } catch (caught) {
      if (!(caught instanceof CaptureFileError)) throw caught;
      error ??= caught.message;
    }
  }
  return error;
}

/**
 * All the events of a whole capture file's bytes; `error` says why reading stopped early (a cut or
 * corrupt file), the events before that point being kept.
 */
export function decodeCapture(bytes: Uint8Array, options: DecoderOptions = {}): { events: CollectedEvent[]; stats: DecoderStats; error?: string } {
  const events: CollectedEvent[] = [];
  const { stats, error } = readTwice((capture) => capture.push(bytes), (event) => events.push(event), options);
  return { events, stats, ...(error ? { error } : {}) };
}

/** Whether bytes start like a pcap or pcapng file (by their magic number). */
export function isCaptureFile(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const magic = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  return [0x0a0d0d0a, 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic);
}

/**
 * The events of a capture file of either kind: JSON Lines (as `record` and Export Capture write
 * it), or pcap/pcapng decoded from the wire. Throws CaptureError when it is neither, or when a
 * packet capture holds no ZeroMQ message before its damage.
 */
export function parseAnyCapture(bytes: Uint8Array): CollectedEvent[] {
  if (!isCaptureFile(bytes)) return parseCapture(new TextDecoder().decode(bytes));
  const { events, error } = decodeCapture(bytes);
  const zeromq = (event: CollectedEvent) => event.event === 'sent' || event.event === 'subscribed' || (event.event === 'socket' && event.type === 'handshake');
  if (events.some(zeromq)) return events;
  const reason = error ?? events.find((event) => event.event === 'warning')?.message;
  throw new CaptureError(0, `it holds no ZeroMQ traffic${reason ? ` (${reason})` : ''}.`);
}
