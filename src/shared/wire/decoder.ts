// The decoder's pipeline: capture bytes -> packets -> TCP segments -> each connection's two byte
// streams -> ZMTP events per connection end, in capture order. Pure: the caller brings the bytes
// (a file, tcpdump's stdout, a webview's import) and takes the events.
import { CaptureReader } from './capture-file';
import { segmentOf } from './packet';
import { CloseReason, TcpConnection, TcpReassembler } from './tcp';
import { ZmtpEvent, ZmtpStream } from './zmtp';

export type { TcpConnection, Endpoint, CloseReason } from './tcp';

export type WireEvent =
  | { kind: 'open'; connection: TcpConnection; t: number }
  /** A ZMTP event of the bytes ends[dir] sent. */
  | { kind: 'zmtp'; connection: TcpConnection; dir: 0 | 1; event: ZmtpEvent; t: number }
  | { kind: 'close'; connection: TcpConnection; reason: CloseReason; t: number };

export interface DecoderStats {
  packets: number;
  /** Packets that are not TCP over IP on a link type read here. */
  skipped: number;
  connections: number;
  messages: number;
}

export interface DecoderOptions {
  /** Only connections with one end on these ports (all when empty). */
  ports?: number[];
  /** Decode each direction of a connection up to its first message only (a survey). */
  firstMessageOnly?: boolean;
}

export class WireDecoder {
  readonly stats: DecoderStats = { packets: 0, skipped: 0, connections: 0, messages: 0 };
  private readonly reader = new CaptureReader();
  private readonly tcp: TcpReassembler;
  private readonly streams = new Map<number, [ZmtpStream, ZmtpStream]>();
  private readonly ports: Set<number>;
  private lastT = 0;

  constructor(
    private readonly emit: (event: WireEvent) => void,
    options: DecoderOptions = {},
  ) {
    this.ports = new Set(options.ports ?? []);
    this.tcp = new TcpReassembler({
      open: (connection, t) => {
        this.stats.connections++;
        const stream = (dir: 0 | 1) =>
          new ZmtpStream(connection.fromStart, (event) => {
            if (event.kind === 'message') this.stats.messages++;
            this.emit({ kind: 'zmtp', connection, dir, event, t: this.lastT });
          }, options.firstMessageOnly);
        this.streams.set(connection.id, [stream(0), stream(1)]);
        this.emit({ kind: 'open', connection, t });
      },
      data: (connection, dir, bytes) => this.streams.get(connection.id)?.[dir].data(bytes),
      gap: (connection, dir, lost) => this.streams.get(connection.id)?.[dir].gap(lost),
      close: (connection, reason, t) => {
        this.streams.delete(connection.id);
        this.emit({ kind: 'close', connection, reason, t });
      },
    });
  }

  /** Decodes a chunk of a capture file or stream. Throws CaptureFileError when the file is not one. */
  push(chunk: Uint8Array): void {
    for (const packet of this.reader.push(chunk)) {
      this.stats.packets++;
      const segment = segmentOf(packet.linkType, packet.data, packet.originalLength);
      if (!segment || (this.ports.size > 0 && !this.ports.has(segment.srcPort) && !this.ports.has(segment.dstPort))) {
        this.stats.skipped++;
        continue;
      }
      // Simple Packet Blocks have no time: they take the last one seen.
      this.lastT = packet.t || this.lastT;
      this.tcp.add(segment, this.lastT);
    }
  }

  /** The end of the capture: every connection still open ends; a cut file throws after that. */
  end(): void {
    this.tcp.end(this.lastT);
    this.reader.end();
  }
}
