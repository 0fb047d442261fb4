// Wire events into the telemetry the analytics take, as if the programs had reported themselves.
//
// - A program is a source: named by the process behind a local port when the caller can tell
//   (`namer`), else by its end's `host:port`. Its role comes from its sockets' types (READY's
//   Socket-Type) by the rule of user-programs.ts, decided at its first message and given in a
//   `ready` with the endpoints it bound (the server ends) and connected to (the client ends).
// - Each message is a `sent` at one end and a `received` at the other, at its wire time. A REQ or
//   REP's empty delimiter frame is left out, as the application never sees it.
// - Socket events: `connect` and `accept` when the SYN was captured, `handshake` when the peer's
//   READY came, `disconnect` at the close; what cannot be read is a `warning` with the reason.
// - When a program's last connection closes it is `done`; it is `ready` again if another opens.
import { FramePreview, RoleName, previewFrame } from '../role-events';
import { CollectedEvent, TimedEvent } from '../telemetry';
import { roleOfSockets, socketName, UserProgram } from '../user-programs';
import { Endpoint, TcpConnection, WireEvent } from './decoder';
import { ZmtpEvent } from './zmtp';

/** Programs remembered at most; beyond, those with no connection open are forgotten. */
export const MAX_PROGRAMS = 1024;
/** Socket events held per connection end until its socket type is known. */
const HELD_PER_END = 8;

export interface ProcessName {
  source: string;
  pid?: number;
}

/** The process behind a local TCP end, when the capturing machine can see it. */
export type Namer = (end: Endpoint) => ProcessName | undefined;

interface Program {
  source: string;
  pid: number;
  /** Socket type per connection end, by `connection id:dir`. */
  types: Map<string, string>;
  bound: Set<string>;
  connected: Set<string>;
  role?: RoleName;
  ready: boolean;
  derive: UserProgram;
  seq: Map<string, number>;
  open: number;
}

interface End {
  program: Program;
  type?: string;
  held: TimedEvent[];
}

interface Connection {
  ends: [End, End];
  /** The server's endpoint, tcp://host:port. */
  endpoint: string;
}

export function endpointOf(end: Endpoint): string {
  return `tcp://${end.host.includes(':') ? `[${end.host}]` : end.host}:${end.port}`;
}

export class WireTelemetry {
  private readonly programs = new Map<string, Program>();
  private readonly connections = new Map<number, Connection>();

  constructor(
    private readonly out: (event: CollectedEvent) => void,
    private readonly namer: Namer = () => undefined,
  ) {}

  readonly add = (event: WireEvent): void => {
    if (event.kind === 'open') return this.open(event.connection, event.t);
    const connection = this.connections.get(event.connection.id);
    if (!connection) return;
    if (event.kind === 'close') return this.close(event.connection.id, connection, event.t);
    this.zmtp(connection, event.connection.id, event.dir, event.event, event.t);
  };

  /** The end of the capture: each program's open batch is closed. */
  end(t: number): void {
    for (const [id, connection] of [...this.connections]) this.close(id, connection, t);
  }

  private program(end: Endpoint): Program {
    const name = this.namer(end) ?? { source: `${end.host.includes(':') ? `[${end.host}]` : end.host}:${end.port}` };
    let program = this.programs.get(name.source);
    if (!program) {
      if (this.programs.size >= MAX_PROGRAMS) {
        for (const [source, old] of this.programs) if (old.open === 0 && this.programs.size >= MAX_PROGRAMS) this.programs.delete(source);
      }
      program = { source: name.source, pid: name.pid ?? 0, types: new Map(), bound: new Set(), connected: new Set(), ready: false, derive: new UserProgram(undefined), seq: new Map(), open: 0 };
      this.programs.set(name.source, program);
    }
    return program;
  }

  private open(tcp: TcpConnection, t: number): void {
    const endpoint = endpointOf(tcp.ends[1]);
    const end = (at: Endpoint): End => ({ program: this.program(at), held: [] });
    const ends: [End, End] = [end(tcp.ends[0]), end(tcp.ends[1])];
    this.connections.set(tcp.id, { ends, endpoint });
    ends[0].program.connected.add(endpoint);
    ends[1].program.bound.add(endpoint);
    for (const end of ends) end.program.open++;
    if (!tcp.fromStart) return;
    this.socketEvent(ends[0], t, 'connect', endpoint);
    this.socketEvent(ends[1], t, 'accept', endpointOf(tcp.ends[0]));
  }

  private close(id: number, connection: Connection, t: number): void {
    this.connections.delete(id);
    for (const end of connection.ends) {
      this.socketEvent(end, t, 'disconnect', connection.endpoint);
      this.release(end);
      if (--end.program.open > 0) continue;
      this.emit(end.program, end.program.derive.end());
      if (end.program.ready) this.emit(end.program, [{ event: 'done', reason: 'finished', t }]);
      end.program.ready = false;
    }
  }

  private zmtp(connection: Connection, id: number, dir: 0 | 1, event: ZmtpEvent, t: number): void {
    const sender = connection.ends[dir];
    const receiver = connection.ends[1 - dir];
    switch (event.kind) {
      case 'ready':
        sender.type = event.properties['Socket-Type']?.toUpperCase();
        if (sender.type) sender.program.types.set(`${id}:${dir}`, sender.type);
        this.release(sender);
        return this.socketEvent(receiver, t, 'handshake', connection.endpoint);
      case 'command':
        if (event.name === 'READY') return this.socketEvent(receiver, t, 'handshake', connection.endpoint);
        if (event.name === 'ERROR') return this.warn(receiver, t, `${connection.endpoint}: the peer refused the handshake: ${event.reason}`);
        return;
      case 'undecodable':
        return this.warn(sender, t, `${connection.endpoint}: what ${sender.program.source} sends cannot be decoded: ${event.reason}`);
      case 'resynced':
        return this.warn(sender, t, `${connection.endpoint}: ${event.skipped} bytes were not decoded (capture started mid-connection, or bytes lost); decoding again from here`);
      case 'subscription': {
        const prefix = previewFrame(event.prefix, 255);
        const name = this.socketName(sender, receiver);
        return this.emit(sender.program, this.derive(sender, t).subscription(t, name, prefix.text ?? prefix.hex ?? '', event.on));
      }
      case 'message': {
        const frames = this.frames(event.frames, sender, receiver);
        for (const [end, peer, direction] of [[sender, receiver, 'sent'], [receiver, sender, 'received']] as const) {
          const socket = this.socketName(end, peer);
          const derive = this.derive(end, t);
          this.emit(end.program, derive.message({ event: direction, socket, seq: this.next(end.program, socket, direction), frames, t }));
        }
        return;
      }
    }
  }

  /** The frames as the application sees them: without REQ/REP's envelope up to its empty delimiter. */
  private frames(frames: FramePreview[], a: End, b: End): FramePreview[] {
    if (!/^RE[QP]$/.test(a.type ?? '') && !/^RE[QP]$/.test(b.type ?? '')) return frames;
    const delimiter = frames.findIndex((frame) => frame.size === 0);
    return delimiter < 0 ? frames : frames.slice(delimiter + 1);
  }

  private next(program: Program, socket: string, direction: 'sent' | 'received'): number {
    const key = `${socket} ${direction}`;
    const seq = (program.seq.get(key) ?? 0) + 1;
    program.seq.set(key, seq);
    return seq;
  }

  private socketName(end: End, peer?: End): string {
    const role = end.program.role ?? roleOfSockets(end.program.types.values());
    const peerRole = peer && (peer.program.role ?? roleOfSockets(peer.program.types.values()));
    return socketName(end.type ?? 'tcp', role, peerRole);
  }

  /** A program's deriver, after its `ready` is out (again, if its sockets now say another role). */
  private derive(end: End, t: number): UserProgram {
    const program = end.program;
    const role = roleOfSockets(program.types.values());
    if (role && (!program.ready || role !== program.role)) {
      if (role !== program.role) {
        this.emit(program, program.derive.end());
        program.derive = new UserProgram(role);
        program.role = role;
      }
      program.ready = true;
      this.emit(program, [{ event: 'ready', role, pid: program.pid, bound: [...program.bound], connected: [...program.connected], t }]);
    }
    return program.derive;
  }

  private socketEvent(end: End, t: number, type: string, address: string): void {
    const event: TimedEvent = { event: 'socket', socket: '', type, address, t };
    if (end.type) return this.emit(end.program, [{ ...event, socket: this.socketName(end) }]);
    if (end.held.length < HELD_PER_END) end.held.push(event);
  }

  /** Socket events held until the end's type was known: now it is (or never will be). */
  private release(end: End): void {
    const name = this.socketName(end);
    this.emit(end.program, end.held.map((event) => ({ ...event, socket: name }) as TimedEvent));
    end.held = [];
  }

  private warn(end: End, t: number, message: string): void {
    this.emit(end.program, [{ event: 'warning', message, t }]);
  }

  private emit(program: Program, events: TimedEvent[]): void {
    for (const event of events) this.out({ ...event, source: program.source } as CollectedEvent);
  }
}
