// From a captured frame to its TCP segment: the link layers tcpdump and dumpcap write for the
// interfaces ZeroMQ traffic crosses (Ethernet with VLAN tags, Linux cooked v1 and v2 for `-i any`,
// BSD loopback/NULL for macOS's lo0, raw IP), then IPv4 or IPv6, then TCP. Anything else is not
// for us: undefined, never an exception.

export interface Segment {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  flags: { syn: boolean; fin: boolean; rst: boolean; ack: boolean };
  payload: Uint8Array;
  /** Payload bytes the capture left out (snaplen): they follow `payload` on the wire. */
  missing: number;
}

export const LINK = { NULL: 0, ETHERNET: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276 } as const;

const ETHER_IPV4 = 0x0800;
const ETHER_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

/** The IP packet inside a link-layer frame, with its version; undefined when it carries no IP. */
function ipOf(linkType: number, data: Uint8Array): Uint8Array | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const byEtherType = (type: number, at: number) => (type === ETHER_IPV4 || type === ETHER_IPV6 ? data.subarray(at) : undefined);
  switch (linkType) {
    case LINK.ETHERNET: {
      if (data.length < 14) return undefined;
      let at = 12;
      while (VLAN_TAGS.has(view.getUint16(at)) && at + 6 <= data.length) at += 4;
      return byEtherType(view.getUint16(at), at + 2);
    }
    case LINK.LINUX_SLL:
      return data.length < 16 ? undefined : byEtherType(view.getUint16(14), 16);
    case LINK.LINUX_SLL2:
      return data.length < 20 ? undefined : byEtherType(view.getUint16(0), 20);
    case LINK.NULL:
    case LINK.LOOP:
      // A 4-byte address family, in the capturing host's byte order (NULL) or network order (LOOP):
      // whatever it says, the IP version nibble that follows tells IPv4 from IPv6.
      return data.length < 5 ? undefined : data.subarray(4);
    case LINK.RAW:
    case LINK.IPV4:
    case LINK.IPV6:
      return data;
    default:
      return undefined;
  }
}

export function segmentOf(linkType: number, data: Uint8Array, originalLength = data.length): Segment | undefined {
  const ip = ipOf(linkType, data);
  if (!ip || ip.length < 1) return undefined;
  const cut = Math.max(0, originalLength - data.length);
  const view = new DataView(ip.buffer, ip.byteOffset, ip.byteLength);
  const version = ip[0] >> 4;
  if (version === 4) {
    const headerLength = (ip[0] & 0x0f) * 4;
    if (ip.length < 20 || headerLength < 20 || ip[9] !== 6) return undefined;
    // Fragments are left out: ZeroMQ's TCP does not fragment (path MTU discovery sets DF).
    if ((view.getUint16(6) & 0x3fff) !== 0) return undefined;
    const total = view.getUint16(2);
    // A total of 0 is a segmentation offload's: the length is then the captured one.
    const missing = total ? Math.max(0, total - ip.length) : cut;
    return tcpOf(ip.subarray(headerLength, total ? Math.min(ip.length, total) : ip.length), ipv4(ip, 12), ipv4(ip, 16), missing);
  }
  if (version === 6) {
    if (ip.length < 40) return undefined;
    let next = ip[6];
    let at = 40;
    // Extension headers: hop-by-hop, routing, destination options (fragments are left out).
    while ((next === 0 || next === 43 || next === 60) && at + 8 <= ip.length) {
      next = ip[at];
      at += (ip[at + 1] + 1) * 8;
    }
    if (next !== 6 || at > ip.length) return undefined;
    const total = 40 + view.getUint16(4);
    return tcpOf(ip.subarray(at, Math.min(ip.length, total)), ipv6(ip, 8), ipv6(ip, 24), Math.max(0, total - ip.length));
  }
  return undefined;
}

function tcpOf(tcp: Uint8Array, src: string, dst: string, missing: number): Segment | undefined {
  if (tcp.length < 20) return undefined;
  const view = new DataView(tcp.buffer, tcp.byteOffset, tcp.byteLength);
  const offset = (tcp[12] >> 4) * 4;
  if (offset < 20 || offset > tcp.length) return undefined;
  const flags = tcp[13];
  return {
    src,
    dst,
    srcPort: view.getUint16(0),
    dstPort: view.getUint16(2),
    seq: view.getUint32(4),
    flags: { fin: (flags & 1) !== 0, syn: (flags & 2) !== 0, rst: (flags & 4) !== 0, ack: (flags & 16) !== 0 },
    payload: tcp.subarray(offset),
    missing,
  };
}

function ipv4(ip: Uint8Array, at: number): string {
  return `${ip[at]}.${ip[at + 1]}.${ip[at + 2]}.${ip[at + 3]}`;
}

/** An IPv6 address in its short form (RFC 5952): the longest run of zero groups as `::`. */
export function ipv6(ip: Uint8Array, at: number): string {
  const groups = Array.from({ length: 8 }, (_, i) => (ip[at + 2 * i] << 8) | ip[at + 2 * i + 1]);
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
