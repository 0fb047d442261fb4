// ZMTP framing, incremental: bytes in, whole frames out, holding at most the head of each frame
// (a frame may be gigabytes; the inspector shows its first bytes and its size).
//
//   ZMTP 3.x and 2.0: flags (bit 0 MORE, bit 1 LONG, bit 2 COMMAND, 3.x only), size in 1 or 8 bytes
//   ZMTP 1.0:         length in 1 byte, or 0xFF and 8 bytes, counting the flags byte; flags (bit 0 MORE)
// Flags with unknown bits set, or an impossible size, mean the stream is not (or no longer) what
// we think it is: the caller is told, and resynchronises or gives up.

export interface Frame {
  more: boolean;
  command: boolean;
  size: number;
  /** Its first bytes, up to the reader's head limit for its kind. */
  head: Uint8Array;
  /** Bytes of its body the capture does not have (a gap). */
  lost: number;
}

export type FrameVersion = 1 | 2 | 3;

/** A frame longer than this (2^40 bytes, a TiB) is taken for a misreading of the stream. */
const MAX_FRAME_SIZE = 2 ** 40;

export interface FrameLimits {
  /** Bytes kept of a message frame, and of a command frame. */
  message: number;
  command: number;
}

export class FrameReader {
  private header = new Uint8Array(10);
  private headerLength = 0;
  private frame?: { more: boolean; command: boolean; size: number; remaining: number; head: Uint8Array; kept: number; lost: number };

  constructor(
    private readonly version: FrameVersion,
    private readonly limits: FrameLimits,
  ) {}

  /** Whether the reader is between frames (a gap there cannot be skipped: the next header is lost). */
  get atBoundary(): boolean {
    return !this.frame && this.headerLength === 0;
  }

  /**
   * Reads the bytes; returns the frames completed, or a reason when the bytes cannot be frames.
   * `onFrame` is called for each whole frame, in order.
   */
  read(bytes: Uint8Array, onFrame: (frame: Frame) => void): string | undefined {
    let i = 0;
    while (i < bytes.length) {
      if (!this.frame) {
        this.header[this.headerLength++] = bytes[i++];
        const parsed = this.parseHeader();
        if (typeof parsed === 'string') return parsed;
        if (!parsed) continue;
        this.headerLength = 0;
        const keep = Math.min(parsed.size, parsed.command ? this.limits.command : this.limits.message);
        this.frame = { more: parsed.more, command: parsed.command, size: parsed.size, remaining: parsed.size, head: new Uint8Array(keep), kept: 0, lost: 0 };
      }
      const frame = this.frame;
      const take = Math.min(frame.remaining, bytes.length - i);
      const copy = Math.min(take, frame.head.length - frame.kept);
      if (copy > 0) frame.head.set(bytes.subarray(i, i + copy), frame.kept);
      frame.kept += copy;
      frame.remaining -= take;
      i += take;
      if (frame.remaining === 0) this.complete(onFrame);
    }
    return undefined;
  }

  /** Skips `lost` bytes inside the current frame; false when they reach past it (framing is lost). */
  skip(lost: number, onFrame: (frame: Frame) => void): boolean {
    const frame = this.frame;
    if (!frame || lost > frame.remaining) return false;
    frame.remaining -= lost;
    frame.lost += lost;
    // The head keeps only the bytes before the hole, so what follows it is not taken for them.
    frame.head = frame.head.subarray(0, frame.kept);
    if (frame.remaining === 0) this.complete(onFrame);
    return true;
  }

  private complete(onFrame: (frame: Frame) => void): void {
    const frame = this.frame!;
    this.frame = undefined;
    if (frame.kept < frame.head.length) frame.head = frame.head.subarray(0, frame.kept);
    onFrame(frame);
  }

  /** The header read so far: a frame's start, undefined while incomplete, or why it is not one. */
  private parseHeader(): { more: boolean; command: boolean; size: number } | string | undefined {
    const h = this.header;
    const n = this.headerLength;
    if (this.version === 1) {
      const long = h[0] === 0xff;
      const need = long ? 10 : 2;
      if (n < need) return undefined;
      const length = long ? size64(h, 1) : h[0];
      const flags = h[need - 1];
      if (length < 1 || flags & 0xfe || length > MAX_FRAME_SIZE) return `a ZMTP 1.0 frame header is invalid (length ${length}, flags 0x${flags.toString(16)})`;
      return { more: (flags & 1) !== 0, command: false, size: length - 1 };
    }
    const flags = h[0];
    const allowed = this.version === 3 ? 0x07 : 0x03;
    if (flags & ~allowed) return `a frame's flags byte is 0x${flags.toString(16).padStart(2, '0')}, which ZMTP ${this.version === 3 ? '3' : '2.0'} does not allow`;
    const long = (flags & 2) !== 0;
    if (n < (long ? 9 : 2)) return undefined;
    const size = long ? size64(h, 1) : h[1];
    if (size > MAX_FRAME_SIZE) return `a frame claims ${size} bytes`;
    const command = (flags & 4) !== 0;
    if (command && flags & 1) return 'a command frame has the MORE flag';
    return { more: (flags & 1) !== 0, command, size };
  }
}

function size64(h: Uint8Array, at: number): number {
  let value = 0;
  for (let i = 0; i < 8; i++) value = value * 256 + h[at + i];
  return value;
}

/**
 * Whether a chunk that starts where a TCP segment starts is whole ZMTP 3 frames (ending exactly at
 * its end): after lost bytes, the first such segment is where reading starts again. Senders write
 * whole messages, so on a quiet link most segments qualify; inside a large frame, almost none do.
 */
export function looksLikeFrames(bytes: Uint8Array): boolean {
  let i = 0;
  let frames = 0;
  while (i < bytes.length) {
    const flags = bytes[i];
    if (flags & 0xf8 || (flags & 5) === 5) return false;
    const long = (flags & 2) !== 0;
    if (i + (long ? 9 : 2) > bytes.length) return false;
    const size = long ? size64(bytes, i + 1) : bytes[i + 1];
    if (long && size < 256) return false; // a size that fits one byte is never sent long
    i += (long ? 9 : 2) + size;
    frames++;
  }
  return i === bytes.length && frames > 0;
}
