// Builders of crafted captures: ZMTP bytes, TCP/IP packets, and pcap/pcapng files around them.

export function bytes(...parts: (Uint8Array | number[] | string)[]): Uint8Array {
  const arrays = parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part instanceof Uint8Array ? part : Uint8Array.from(part)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

export function greeting(mechanism = 'NULL', asServer = false, minor = 1): Uint8Array {
  const g = new Uint8Array(64);
  g.set([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, minor]);
  g.set(Buffer.from(mechanism), 12);
  g[32] = asServer ? 1 : 0;
  return g;
}

export function frame(body: Uint8Array | string, flags = 0): Uint8Array {
  const data = typeof body === 'string' ? bytes(body) : body;
  if (data.length < 256) return bytes([flags, data.length], data);
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(data.length));
  return bytes([flags | 2], size, data);
}

export const MORE = 1;

export function command(name: string, data: Uint8Array | string = new Uint8Array(0)): Uint8Array {
  return frame(bytes([name.length], name, typeof data === 'string' ? bytes(data) : data), 4);
}

export function ready(properties: Record<string, string>): Uint8Array {
  const data = Object.entries(properties).flatMap(([name, value]) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(value.length);
    return [...bytes([name.length], name, length, value)];
  });
  return command('READY', Uint8Array.from(data));
}

/** A message of text frames, MORE on all but the last. */
export const message = (...frames: string[]) => bytes(...frames.map((text, i) => frame(text, i < frames.length - 1 ? MORE : 0)));

export interface Tcp {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  flags?: { syn?: boolean; ack?: boolean; fin?: boolean; rst?: boolean };
  payload?: Uint8Array;
}

/** Ethernet + IPv4 (or IPv6 when the addresses have ':') + TCP. */
export function packet(tcp: Tcp): Uint8Array {
  const payload = tcp.payload ?? new Uint8Array(0);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(tcp.sport, 0);
  header.writeUInt16BE(tcp.dport, 2);
  header.writeUInt32BE(tcp.seq >>> 0, 4);
  header[12] = 5 << 4;
  const f = tcp.flags ?? { ack: true };
  header[13] = (f.fin ? 1 : 0) | (f.syn ? 2 : 0) | (f.rst ? 4 : 0) | (f.ack ? 16 : 0);
  const segment = bytes(header, payload);
  if (tcp.src.includes(':')) {
    const ip = Buffer.alloc(40);
    ip[0] = 0x60;
    ip.writeUInt16BE(segment.length, 4);
    ip[6] = 6;
    ip[7] = 64;
    ip.set(ipv6(tcp.src), 8);
    ip.set(ipv6(tcp.dst), 24);
    return bytes(ethernet(0x86dd), ip, segment);
  }
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + segment.length, 2);
  ip.writeUInt16BE(0x4000, 6);
  ip[8] = 64;
  ip[9] = 6;
  ip.set(tcp.src.split('.').map(Number), 12);
  ip.set(tcp.dst.split('.').map(Number), 16);
  return bytes(ethernet(0x0800), ip, segment);
}

const ethernet = (type: number) => bytes(new Uint8Array(12), [type >> 8, type & 0xff]);

function ipv6(text: string): number[] {
  const [head, tail] = text.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = groups(tail);
  const all = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

export interface Captured {
  t: number;
  data: Uint8Array;
  /** Bytes on the wire, when the capture cut the packet. */
  original?: number;
  iface?: number;
}

/** 32- and 16-bit unsigned writers in the file's byte order. */
function writers(little: boolean) {
  const u32 = (value: number) => {
    const b = Buffer.alloc(4);
    if (little) b.writeUInt32LE(value >>> 0);
    else b.writeUInt32BE(value >>> 0);
    return b;
  };
  const u16 = (value: number) => {
    const b = Buffer.alloc(2);
    if (little) b.writeUInt16LE(value);
    else b.writeUInt16BE(value);
    return b;
  };
  return { u32, u16 };
}

export function pcap(packets: Captured[], { little = true, nano = false, linkType = 1 } = {}): Uint8Array {
  const { u32, u16 } = writers(little);
  const head = bytes(u32(nano ? 0xa1b23c4d : 0xa1b2c3d4), u16(2), u16(4), u32(0), u32(0), u32(262144), u32(linkType));
  const records = packets.map((p) => {
    const seconds = Math.floor(p.t / 1000);
    const fraction = Math.round((p.t - seconds * 1000) * (nano ? 1e6 : 1e3));
    return bytes(u32(seconds), u32(fraction), u32(p.data.length), u32(p.original ?? p.data.length), p.data);
  });
  return bytes(head, ...records);
}

/** pcapng: one section, the interfaces' link types, packets as Enhanced Packet Blocks (µs). */
export function pcapng(packets: Captured[], { little = true, linkTypes = [1] } = {}): Uint8Array {
  const { u32, u16 } = writers(little);
  const block = (type: number, body: Uint8Array) => {
    const padded = bytes(body, new Uint8Array((4 - (body.length % 4)) % 4));
    const length = padded.length + 12;
    return bytes(u32(type), u32(length), padded, u32(length));
  };
  const shb = block(0x0a0d0d0a, bytes(u32(0x1a2b3c4d), u16(1), u16(0), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
  const idbs = linkTypes.map((linkType) => block(1, bytes(u16(linkType), u16(0), u32(0))));
  const epbs = packets.map((p) => {
    const micros = Math.round(p.t * 1000);
    const high = Math.floor(micros / 2 ** 32);
    return block(6, bytes(u32(p.iface ?? 0), u32(high), u32(micros - high * 2 ** 32), u32(p.data.length), u32(p.original ?? p.data.length), p.data));
  });
  return bytes(shb, ...idbs, ...epbs);
}

/**
 * A TCP conversation between a client and a server: each call adds the next segment one way,
 * with the right sequence numbers; `packets` are in the order sent.
 */
export class Conversation {
  readonly packets: Captured[] = [];
  private seq: [number, number] = [1000, 5000];
  t = 1_700_000_000_000;

  constructor(
    readonly client = { host: '127.0.0.1', port: 40000 },
    readonly server = { host: '127.0.0.1', port: 5555 },
  ) {}

  handshake(): this {
    this.add(0, new Uint8Array(0), { syn: true });
    this.add(1, new Uint8Array(0), { syn: true, ack: true });
    return this;
  }

  /** Sends bytes from the client (0) or the server (1), 1 ms after the last packet. */
  send(from: 0 | 1, payload: Uint8Array, dt = 1): this {
    this.t += dt;
    return this.add(from, payload, { ack: true });
  }

  /** Sends bytes in segments of at most `mss` bytes, all at once. */
  sendSegments(from: 0 | 1, payload: Uint8Array, mss = 65000): this {
    this.t += 1;
    for (let at = 0; at < payload.length; at += mss) this.add(from, payload.subarray(at, at + mss), { ack: true });
    return this;
  }

  close(): this {
    this.add(0, new Uint8Array(0), { fin: true, ack: true });
    this.add(1, new Uint8Array(0), { fin: true, ack: true });
    return this;
  }

  private add(from: 0 | 1, payload: Uint8Array, flags: Tcp['flags']): this {
    const [a, b] = from === 0 ? [this.client, this.server] : [this.server, this.client];
    this.packets.push({ t: this.t, data: packet({ src: a.host, dst: b.host, sport: a.port, dport: b.port, seq: this.seq[from], flags, payload }) });
    this.seq[from] += payload.length + (flags?.syn || flags?.fin ? 1 : 0);
    return this;
  }
}

/** The hwclient/hwserver exchange: handshake, `n` Hello/World round trips of `rtt` ms, close. */
export function reqRep(n = 3, rtt = 1000, conversation = new Conversation()): Conversation {
  conversation.handshake().send(0, greeting()).send(1, greeting('NULL', true)).send(0, ready({ 'Socket-Type': 'REQ' })).send(1, ready({ 'Socket-Type': 'REP' }));
  for (let i = 0; i < n; i++) conversation.send(0, bytes(frame('', MORE), frame('Hello'))).send(1, bytes(frame('', MORE), frame('World')), rtt);
  return conversation.close();
}
