// ZeroMQ on the wire: a capture (pcap or pcapng bytes, in chunks) in, telemetry events out.
import { CollectedEvent } from '../telemetry';
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

  constructor(out: (event: CollectedEvent) => void, options: DecoderOptions & { namer?: Namer } = {}) {
    this.telemetry = new WireTelemetry((event) => {
      this.lastT = Math.max(this.lastT, event.t);
      out(event);
    }, options.namer);
    this.decoder = new WireDecoder(this.telemetry.add, options);
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
 * All the events of a whole capture file's bytes; `error` says why reading stopped early (a cut or
 * corrupt file), the events before that point being kept.
 */
export function decodeCapture(bytes: Uint8Array, options: DecoderOptions = {}): { events: CollectedEvent[]; stats: DecoderStats; error?: string } {
  const events: CollectedEvent[] = [];
  const capture = new WireCapture((event) => events.push(event), options);
  let error: string | undefined;
  for (const step of [() => capture.push(bytes), () => capture.end()]) {
    try {
      step();
    } catch (caught) {
      if (!(caught instanceof CaptureFileError)) throw caught;
      error ??= caught.message;
    }
  }
  return { events, stats: capture.stats, ...(error ? { error } : {}) };
}

/** Whether bytes start like a pcap or pcapng file (by their magic number). */
export function isCaptureFile(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const magic = ((head[0] << 24) | (head[1] << 16) | (head[2] << 8) | head[3]) >>> 0;
  return [0x0a0d0d0a, 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(magic);
}
