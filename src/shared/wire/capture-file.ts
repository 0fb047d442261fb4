// Reads packet capture files, pcap and pcapng, as a byte stream that arrives in chunks (a file, or
// `tcpdump -U -w -` writing as it captures): push() each chunk, and get the packets whole so far.
// No npm package reads both formats in pure JS and is kept up (pcap-parser is pcap-only, on Node
// streams, last released in 2016), hence this small reader.
//
// pcap: a 24-byte header (magic a1b2c3d4 µs or a1b23c4d ns, in either byte order), then records of a
// 16-byte header and the captured bytes. pcapng: blocks of type, length, body, length; the Section
// Header Block sets the byte order (and starts a new list of interfaces), each Interface
// Description Block gives a link type and timestamp resolution, Enhanced and Simple Packet Blocks
// carry packets; other blocks are skipped.

/** A block or record larger than this is taken for corruption rather than buffered. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export interface Packet {
  /** Milliseconds since the epoch (fractional). */
  t: number;
  linkType: number;
  data: Uint8Array;
  /** Bytes on the wire: more than data.length when the capture cut the packet (snaplen). */
  originalLength: number;
}

export class CaptureFileError extends Error {}

interface Interface {
  linkType: number;
  /** Timestamp units per millisecond. */
  unitsPerMs: number;
}

/** Timestamp units per second by magic number: microseconds, nanoseconds. */
const PCAP_MAGIC = { 0xa1b2c3d4: 1e6, 0xa1b23c4d: 1e9 } as Record<number, number>;
const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export class CaptureReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private format?: 'pcap' | 'pcapng';
  private little = true;
  private pcap?: Interface;
  private interfaces: Interface[] = [];
  /** Bytes consumed so far, for error messages. */
  private offset = 0;

  push(chunk: Uint8Array): Packet[] {
    // A plain view: on a Node Buffer, each subarray further down would make a Buffer (slow, by species).
    const plain = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.buffer = this.buffer.length ? concat(this.buffer, plain) : plain;
    const packets: Packet[] = [];
    for (;;) {
      if (this.format === 'pcap') return this.records(packets);
      const used = this.format === undefined ? this.header() : this.block(packets);
      if (used === 0) break;
      this.buffer = this.buffer.subarray(used);
      this.offset += used;
    }
    return packets;
  }

  /** Call at the end of the stream: a partial record left over means the file was cut. */
  end(): void {
    if (this.format === undefined && this.buffer.length === 0 && this.offset === 0) throw new CaptureFileError('the file is empty: it is not a pcap or pcapng capture.');
    if (this.buffer.length > 0) throw new CaptureFileError(`the file is truncated: ${this.buffer.length} bytes of an incomplete ${this.format === 'pcapng' ? 'block' : 'record'} at byte ${this.offset}. The packets before it were read.`);
  }

  private view(): DataView {
    return new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  private header(): number {
    if (this.buffer.length < 4) return 0;
    const view = this.view();
    const big = view.getUint32(0, false);
    if (big === PCAPNG_SHB) {
      this.format = 'pcapng';
      return this.block([]); // a section header: it carries no packet
    }
    const order = PCAP_MAGIC[big] ? false : PCAP_MAGIC[view.getUint32(0, true)] ? true : undefined;
    if (order === undefined) throw new CaptureFileError('not a pcap or pcapng capture (unknown magic number). Capture with tcpdump -w or dumpcap.');
    if (this.buffer.length < 24) return 0;
    this.format = 'pcap';
    this.little = order;
    this.pcap = { linkType: view.getUint32(20, order) & 0x0fffffff, unitsPerMs: PCAP_MAGIC[view.getUint32(0, order)] / 1000 };
    return 24;
  }

  /**
   * The whole records in the buffer, in one pass (one view, no copy: the chunks pushed are never
   * written again, and whoever keeps packet bytes copies them).
   */
  private records(packets: Packet[]): Packet[] {
    const b = this.buffer;
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const { linkType, unitsPerMs } = this.pcap!;
    let at = 0;
    while (at + 16 <= b.length) {
      const included = view.getUint32(at + 8, this.little);
      if (included > MAX_RECORD_BYTES) {
        this.offset += at;
        this.buffer = b.subarray(at);
        throw this.corrupt(`a record claims ${included} bytes`);
      }
      if (at + 16 + included > b.length) break;
      const t = view.getUint32(at, this.little) * 1000 + view.getUint32(at + 4, this.little) / unitsPerMs;
      packets.push({ t, linkType, data: b.subarray(at + 16, at + 16 + included), originalLength: view.getUint32(at + 12, this.little) });
      at += 16 + included;
    }
    this.buffer = b.subarray(at);
    this.offset += at;
    return packets;
  }

  private block(packets: Packet[]): number {
    if (this.buffer.length < 12) return 0;
    let view = this.view();
    const type = view.getUint32(0, this.little);
    if (view.getUint32(0, false) === PCAPNG_SHB) {
      // A new section: its own byte order, its own interfaces.
      const magic = view.getUint32(8, true);
      if (magic !== BYTE_ORDER_MAGIC && view.getUint32(8, false) !== BYTE_ORDER_MAGIC) throw this.corrupt('a section header has no byte-order magic');
      this.little = magic === BYTE_ORDER_MAGIC;
      this.interfaces = [];
    }
    const length = view.getUint32(4, this.little);
    if (length < 12 || length % 4 !== 0 || length > MAX_RECORD_BYTES) throw this.corrupt(`a block (type ${type}) claims ${length} bytes`);
    if (this.buffer.length < length) return 0;
    if (view.getUint32(length - 4, this.little) !== length) throw this.corrupt(`a block's (type ${type}) two lengths differ`);
    view = new DataView(this.buffer.buffer, this.buffer.byteOffset, length);
    if (type === 1) this.interfaces.push({ linkType: view.getUint16(8, this.little), unitsPerMs: resolution(view, this.little) });
    else if (type === 6 || type === 3) {
      const packet = type === 6 ? this.enhanced(view) : this.simple(view, length);
      if (packet) packets.push(packet);
    }
    return length;
  }

  private enhanced(view: DataView): Packet | undefined {
    const iface = this.interfaces[view.getUint32(8, this.little)];
    if (!iface) throw this.corrupt('a packet names an interface that was not described');
    const ticks = view.getUint32(12, this.little) * 2 ** 32 + view.getUint32(16, this.little);
    const captured = view.getUint32(20, this.little);
    if (28 + captured > view.byteLength - 4) throw this.corrupt('a packet is longer than its block');
    const start = view.byteOffset + 28;
    return { t: ticks / iface.unitsPerMs, linkType: iface.linkType, data: new Uint8Array(view.buffer.slice(start, start + captured)), originalLength: view.getUint32(24, this.little) };
  }

  /** A Simple Packet Block has no timestamp: it is given the time 0 and the first interface. */
  private simple(view: DataView, length: number): Packet | undefined {
    const iface = this.interfaces[0];
    if (!iface) throw this.corrupt('a packet comes before any interface was described');
    const original = view.getUint32(8, this.little);
    const captured = Math.min(original, length - 16);
    const start = view.byteOffset + 12;
    return { t: 0, linkType: iface.linkType, data: new Uint8Array(view.buffer.slice(start, start + captured)), originalLength: original };
  }

  private corrupt(what: string): CaptureFileError {
    return new CaptureFileError(`the file is corrupt at byte ${this.offset}: ${what}. The packets before it were read.`);
  }
}

/** An interface's timestamp units per millisecond, from its if_tsresol option (default µs). */
function resolution(view: DataView, little: boolean): number {
  for (let at = 16; at + 4 <= view.byteLength - 4; ) {
    const code = view.getUint16(at, little);
    const size = view.getUint16(at + 2, little);
    if (code === 0) break;
    if (code === 9 && size >= 1) {
      const value = view.getUint8(at + 4);
      const units = value & 0x80 ? 2 ** (value & 0x7f) : 10 ** value;
      return units / 1000;
    }
    at += 4 + Math.ceil(size / 4) * 4;
  }
  return 1000;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
