// Wire events into the telemetry the analytics take, as if the programs had reported themselves.
//
// - A program is a source: named by the process behind a local port when the caller can tell
//   (`namer`), else by its end's `host:port`. Its role comes from its sockets' types (READY's
//   Socket-Type) by the rule of user-programs.ts, decided at its first message and given in a
//   `ready` with the endpoints it bound (the server ends) and connected to (the client ends).
// - Each message is a `sent` at one end and a `received` at the other, at its wire time, with the
//   frames each end's application sees (views.ts: no envelope for REQ and REP, a routing id for ROUTER).
// - Socket events: `connect` and `accept` when the SYN was captured, `handshake` when the peer's
//   READY came, `disconnect` at the close; what cannot be read is a `warning` with the reason.
// - When a program's last connection closes it is `done`; it is `ready` again if another opens.
import { FramePreview, previewFrame } from '../role-events';
import { CollectedEvent, TimedEvent } from '../telemetry';
import { roleOfSockets, socketName, UserProgram } from '../user-programs';
import { Endpoint, TcpConnection, WireEvent } from './decoder';
import { End, endpointOf, MAX_ENDPOINTS, Namer, newProgram, next, ProcessName, Program, roleOf } from './programs';
import { PublishLog } from './publish-log';
import { appFrames, placeSocket, socketPlaces } from './views';
import { deviceAliases } from './devices';
import { ZmtpEvent } from './zmtp';

export { endpointOf } from './programs';
export type { Namer, ProcessName } from './programs';

/** Programs remembered at most; beyond, those with no connection open are forgotten. */
export const MAX_PROGRAMS = 1024;
/** Socket events held per connection end until its socket type is known. */
const HELD_PER_END = 8;

interface Connection {
  tcp: TcpConnection;
  openedAt: number;
  /** Its ends' programs, from its first decoded byte on (a refused connect makes none). */
  ends?: [End, End];
  /** The server's endpoint, tcp://host:port. */
  endpoint: string;
  messages: number;
}

export class WireTelemetry {
  private readonly programs = new Map<string, Program>();
  private readonly connections = new Map<number, Connection>();
  private readonly starts: Endpoint[] = [];

  /**
   * `survey`: a first reading of a file, for `aliases()` only: messages are looked at for what
   * they tell of their programs, and no event is made of them.
   */
  constructor(
    private readonly out: (event: CollectedEvent) => void,
    private readonly namer: Namer = () => undefined,
    private readonly survey = false,
  ) {}

  readonly add = (event: WireEvent): void => {
    if (event.kind === 'open') return this.open(event.connection, event.t);
    const connection = this.connections.get(event.connection.id);
    if (!connection) return;
    if (event.kind === 'close') return this.close(event.connection.id, connection, event.t);
    this.zmtp(connection, this.ends(connection), event.dir, event.event, event.t);
  };

  /** The end of the capture: each program's open batch is closed. */
  end(t: number): void {
    for (const [id, connection] of [...this.connections]) this.close(id, connection, t);
  }

  private program(end: Endpoint): Program {
    const named = this.namer(end);
    const name = named ?? { source: `${end.host.includes(':') ? `[${end.host}]` : end.host}:${end.port}` };
    let program = this.programs.get(name.source);
    if (!program) {
      if (this.programs.size >= MAX_PROGRAMS) {
        for (const [source, old] of this.programs) if (old.open === 0 && this.programs.size >= MAX_PROGRAMS) this.programs.delete(source);
      }
      program = newProgram(name, !!named);
      this.programs.set(name.source, program);
    }
    return program;
  }

  private open(tcp: TcpConnection, t: number): void {
    this.connections.set(tcp.id, { tcp, openedAt: t, endpoint: endpointOf(tcp.ends[1]), messages: 0 });
  }

  private ends(connection: Connection): [End, End] {
    if (connection.ends) return connection.ends;
    const { tcp, endpoint, openedAt } = connection;
    const end = (at: Endpoint): End => ({ program: this.program(at), held: [] });
    const ends: [End, End] = [end(tcp.ends[0]), end(tcp.ends[1])];
    connection.ends = ends;
    for (const [program, endpoints] of [[ends[0].program, ends[0].program.connected], [ends[1].program, ends[1].program.bound]] as const) {
      if (endpoints.has(endpoint) || endpoints.size >= MAX_ENDPOINTS) continue;
      endpoints.add(endpoint);
      program.ready = false; // given again, with the new endpoint: the pattern panels join programs by them
    }
    for (const end of ends) end.program.open++;
    if (tcp.fromStart) {
      this.socketEvent(ends[0], openedAt, 'connect', endpoint);
      this.socketEvent(ends[1], openedAt, 'accept', endpointOf(tcp.ends[0]));
    }
    return ends;
  }

  private close(id: number, connection: Connection, t: number): void {
    this.connections.delete(id);
    for (const end of connection.ends ?? []) {
      end.program.published?.forget(id);
      this.socketEvent(end, t, 'disconnect', connection.endpoint);
      this.release(end);
      if (--end.program.open > 0) continue;
      // A program that sent and received nothing is still shown, with its role and endpoints.
      if (!end.program.ready && !end.program.ended) this.derive(end, connection.openedAt);
      end.program.ended = true;
      this.emit(end.program, end.program.derive.end());
      if (end.program.ready) this.emit(end.program, [{ event: 'done', reason: 'finished', t }]);
      end.program.ready = false;
    }
  }

  private zmtp(connection: Connection, ends: [End, End], dir: 0 | 1, event: ZmtpEvent, t: number): void {
    const sender = ends[dir];
    const receiver = ends[1 - dir];
    switch (event.kind) {
      case 'ready':
        sender.type = event.properties['Socket-Type']?.toUpperCase();
        sender.identity = event.properties.Identity;
        if (sender.type) sender.program.types.add(sender.type);
        // A new place for one of its sockets: its `ready` is given again, with it.
        if (sender.type && placeSocket(sender.program, sender.type, dir === 0 ? 'connected' : 'bound', connection.endpoint)) sender.program.ready = false;
        this.release(sender);
        return this.socketEvent(receiver, t, 'handshake', connection.endpoint);
      case 'command':
        if (event.name === 'READY') return this.socketEvent(receiver, t, 'handshake', connection.endpoint);
        if (event.name === 'ERROR') {
          // A ZMTP ERROR ends a handshake the peer refused (a ZAP handler's verdict, most often).
          this.socketEvent(receiver, t, 'handshake:error:auth', connection.endpoint);
          return this.warn(receiver, t, `${connection.endpoint}: the peer refused the handshake: ${event.reason}`);
        }
        // Heartbeats, counted where they arrive (ZMTP_HEARTBEAT_IVL on the sender).
        if (event.name === 'PING') return this.socketEvent(receiver, t, 'heartbeat', connection.endpoint);
        return;
      case 'undecodable':
        this.socketEvent(receiver, t, 'handshake:error:protocol', connection.endpoint);
        return this.warn(sender, t, `${connection.endpoint}: what ${sender.program.source} sends cannot be decoded: ${event.reason}`);
      case 'resynced':
        return this.warn(sender, t, `${connection.endpoint}: ${event.skipped} bytes were not decoded (capture started mid-connection, or bytes lost); decoding again from here`);
      case 'subscription': {
        const prefix = previewFrame(event.prefix, 255);
        const name = this.socketName(sender, receiver);
        return this.emit(sender.program, this.derive(sender, t).subscription(t, name, prefix.text ?? prefix.hex ?? '', event.on));
      }
      case 'message': {
        const frames = appFrames(event.frames, sender, receiver, connection.tcp.id);
        if (connection.messages++ === 0 && dir === 0) this.noteStart(connection, sender, receiver, frames);
        if (this.survey) return;
        const sent = this.socketName(sender, receiver);
        if (!this.isCopy(sender, connection.tcp.id, frames)) {
          this.emit(sender.program, this.derive(sender, t).message({ event: 'sent', socket: sent, seq: next(sender.program.sent, sent), frames, t }));
        }
        const received = this.socketName(receiver, sender);
        const seen = appFrames(event.frames, receiver, sender, connection.tcp.id);
        this.emit(receiver.program, this.derive(receiver, t).message({ event: 'received', socket: received, seq: next(receiver.program.received, received), frames: seen, t }));
        return;
      }
    }
  }

  /** Whether a publisher's message is a copy of one already counted (sent to another subscriber). */
  private isCopy(sender: End, connection: number, frames: FramePreview[]): boolean {
    if (sender.type !== 'PUB' && sender.type !== 'XPUB') return false;
    sender.program.published ??= new PublishLog();
    return !sender.program.published.add(connection, frames.map((frame) => `${frame.size}:${frame.text ?? frame.hex}`).join('\u0000'));
  }

  private socketName(end: End, peer?: End): string {
    const role = end.program.role ?? roleOf(end.program);
    const peerRole = peer && (peer.program.role ?? roleOf(peer.program));
    // Cached for what it was named from: asked twice for every message.
    const cache = end.name;
    if (cache && cache.type === end.type && cache.role === role && cache.peerRole === peerRole) return cache.name;
    end.name = { type: end.type, role, peerRole, name: socketName(end.type ?? 'tcp', role, peerRole) };
    return end.name.name;
  }

  /**
   * Without process names, a ventilator's two sockets are two sources: the one it bound for the
   * workers, and the one it connected to the sink, known by its first message, the batch's "0".
   * Noted here; `aliases()` then names it after the PUSH-only program bound on the same host (if
   * there is one only), for a second reading of the same capture.
   */
  private noteStart(connection: Connection, sender: End, receiver: End, frames: FramePreview[]): void {
    const isStart = frames.length === 1 && frames[0].size === 1 && frames[0].text === '0';
    if (!sender.program.unnamed || sender.program.bound.size > 0 || sender.type !== 'PUSH' || !isStart || roleOf(receiver.program) !== 'sink') return;
    if (this.starts.length < MAX_PROGRAMS) this.starts.push(connection.tcp.ends[0]);
  }

  /** Names for the ends noted by noteStart, and for devices' halves (devices.ts), to give as the namer of a second reading. */
  aliases(): Map<string, ProcessName> {
    const aliases = deviceAliases(this.programs.values());
    for (const end of this.starts) {
      const prefix = endpointOf({ host: end.host, port: 0 }).slice(0, -1);
      const vents = [...this.programs.values()].filter((p) => p.unnamed && roleOfSockets(p.types) === 'ventilator' && [...p.bound].some((ep) => ep.startsWith(prefix)));
      if (vents.length === 1) aliases.set(`${end.host}|${end.port}`, { source: vents[0].source });
    }
    return aliases;
  }

  /** A program's deriver, after its `ready` is out (again, if its sockets now say another role). */
  private derive(end: End, t: number): UserProgram {
    const program = end.program;
    const role = roleOf(program);
    program.ended = false;
    if (role && (!program.ready || role !== program.role)) {
      if (role !== program.role) {
        this.emit(program, program.derive.end());
        program.derive = new UserProgram(role);
        program.role = role;
      }
      program.ready = true;
      this.emit(program, [{ event: 'ready', role, pid: program.pid, bound: [...program.bound], connected: [...program.connected], ...socketPlaces(program, role), t }]);
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
    // The events are this class's own, made for this call: stamped in place (a copy per event cost a fifth of the decoding).
    for (const event of events) {
      (event as CollectedEvent).source = program.source;
      this.out(event as CollectedEvent);
    }
  }
}
