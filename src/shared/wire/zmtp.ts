// One direction of a ZeroMQ connection, decoded: the greeting (version, mechanism, as-server), the
// handshake's commands (READY's metadata, PLAIN's user name but never its password, CURVE's
// commands by name), ERROR, PING/PONG, subscriptions (3.1 commands, or 3.0 messages starting with
// 0x01/0x00 from a SUB), and messages as frame previews. ZMTP 2.0 and 1.0 peers are recognised by
// their greeting (RFC 23's backward interoperability) and read with their own framing.
// The decoder never throws on what the network sends: it stops with a reason instead.
import { FramePreview, PREVIEW_BYTES, previewFrame } from '../role-events';
import { Frame, FrameReader, FrameVersion, looksLikeFrames } from './zmtp-frames';

/** Bytes kept of a command (READY's metadata, an ERROR's reason): more is cut. */
export const COMMAND_HEAD_BYTES = 8192;
/** Frames of one message listed; the rest are counted in `frameCount`. */
export const FRAMES_LISTED = 64;

export type ZmtpEvent =
  | { kind: 'greeting'; version: string; mechanism: string; asServer: boolean }
  /** NULL or PLAIN READY: the sender's metadata, Socket-Type and Identity among it. */
  | { kind: 'ready'; properties: Record<string, string> }
  /** Any other command: PLAIN's HELLO (its user name), CURVE's, PING/PONG, ERROR (its reason). */
  | { kind: 'command'; name: string; size: number; user?: string; reason?: string }
  | { kind: 'subscription'; prefix: Uint8Array; on: boolean }
  /** A message; under CURVE, `encrypted` and one frame of its encrypted size. */
  | { kind: 'message'; frames: FramePreview[]; frameCount: number; bytes: number; encrypted?: boolean }
  /** The stream cannot be read (further): not ZeroMQ, bytes lost at a frame header, ... */
  | { kind: 'undecodable'; reason: string }
  /** Reading starts again after bytes were lost, or mid-connection. */
  | { kind: 'resynced'; skipped: number };

/** ZMTP 2.0's socket type codes (RFC 15). */
const TYPES_V2 = ['PAIR', 'PUB', 'SUB', 'REQ', 'REP', 'DEALER', 'ROUTER', 'PULL', 'PUSH', 'XPUB', 'XSUB'];

type Phase = 'start' | 'greeting' | 'frames' | 'resync' | 'stopped';

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes.subarray(0, 255));
const printable = (bytes: Uint8Array) => text(bytes.subarray(0, 24)).replace(/[^\x20-\x7e]/g, '.');

export class ZmtpStream {
  private phase: Phase;
  private greeting = new Uint8Array(64);
  private greetingLength = 0;
  /** The stream's first bytes, to show when it is not ZeroMQ. */
  private head = new Uint8Array(0);
  private frames?: FrameReader;
  private frameVersion: FrameVersion = 3;
  private message: Frame[] = [];
  private messageCount = 0;
  /** ZMTP 1.0 and 2.0 begin with an identity frame: part of the handshake, not a message. */
  private identityPending = false;
  private messageBytes = 0;
  private skipped = 0;
  /** CURVE and GSSAPI wrap READY and every message in encryption: they are counted and sized only. */
  private get encrypted(): boolean {
    return this.mechanism === 'CURVE' || this.mechanism === 'GSSAPI';
  }

  /** The sender's socket type, once READY (or a 2.0 greeting) said it. */
  socketType?: string;
  mechanism?: string;
  version?: string;

  /** `fromStart`: the stream's first byte is the connection's first (its SYN was captured). */
  /** `firstMessageOnly`: stop quietly after the first message (a survey of a file needs no more). */
  constructor(
    fromStart: boolean,
    private readonly emit: (event: ZmtpEvent) => void,
    private readonly firstMessageOnly = false,
  ) {
    this.phase = fromStart ? 'start' : 'resync';
  }

  data(bytes: Uint8Array): void {
    if (this.phase === 'stopped' || bytes.length === 0) return;
    if (this.phase === 'resync') {
      // Mid-connection, the greeting may still be there to read (a capture started just before it).
      if (this.version === undefined && bytes[0] === 0xff && bytes.length >= 10 && bytes[9] & 1) this.phase = 'start';
      else if (!looksLikeFrames(bytes)) return void (this.skipped += bytes.length);
      else {
        this.frames = newReader(this.frameVersion);
        this.phase = 'frames';
        this.emit({ kind: 'resynced', skipped: this.skipped });
        this.skipped = 0;
      }
    }
    let i = 0;
    if (this.phase === 'start' && this.greetingLength === 0) this.head = bytes.slice(0, 24);
    while (this.phase === 'start' || this.phase === 'greeting') {
      if (i >= bytes.length) return;
      this.greeting[this.greetingLength++] = bytes[i++];
      this.readGreeting();
    }
    if (this.phase !== 'frames' || i >= bytes.length) return;
    const reason = this.frames!.read(i ? bytes.subarray(i) : bytes, this.onFrame);
    if (reason) this.stop(reason);
  }

  /** Bytes the capture does not have: skipped inside a frame, else reading waits for a frame boundary. */
  gap(lost: number): void {
    if (this.phase === 'stopped') return;
    if (this.phase === 'start' || this.phase === 'greeting') return this.stop(`${lost} bytes of the greeting were not captured`);
    if (this.phase === 'frames' && this.frames!.skip(lost, this.onFrame)) return;
    if (this.phase === 'frames') Object.assign(this, { message: [], messageCount: 0, messageBytes: 0 });
    this.phase = 'resync';
    this.skipped += lost;
  }

  private stop(reason: string): void {
    this.phase = 'stopped';
    this.emit({ kind: 'undecodable', reason });
  }

  private readGreeting(): void {
    const g = this.greeting;
    const n = this.greetingLength;
    if (this.phase === 'start') {
      if (g[0] !== 0xff) {
        // ZMTP 1.0 starts with its identity frame: a length, then flags 0.
        if (n < 2) return;
        if (g[1] === 0 && g[0] >= 1) return this.begin('1.0', 1);
        return this.stop(`not ZeroMQ: the stream starts with "${printable(this.head)}"`);
      }
      if (n < 11) return;
      if (!(g[9] & 1)) return this.begin('1.0', 1, true);
      if (g[10] >= 3) return void (this.phase = 'greeting');
      if (g[10] === 1) return void (this.phase = 'greeting');
      return this.stop(`a ZeroMQ greeting with an unknown revision ${g[10]}`);
    }
    if (g[10] === 1) {
      // ZMTP 2.0: revision, socket type, then an identity frame in 2.0 framing.
      if (n < 12) return;
      this.socketType = TYPES_V2[g[11]] ?? `type ${g[11]}`;
      return this.begin('2.0', 2);
    }
    if (n < 64) return;
    const mechanism = text(g.subarray(12, 32)).replace(/\0+$/, '');
    if (!/^[A-Z0-9_-]{1,20}$/.test(mechanism)) return this.stop(`a ZeroMQ ${g[10]}.${g[11]} greeting with a mechanism that is not one ("${printable(g.subarray(12, 32))}")`);
    this.mechanism = mechanism;
    this.begin(`${g[10]}.${g[11]}`, 3, false, g[32] === 1);
  }

  /** The greeting is read: frames follow (for 1.0, the greeting bytes read so far are its first frame). */
  private begin(version: string, frameVersion: FrameVersion, replay = frameVersion === 1, asServer = false): void {
    this.version = version;
    this.phase = 'frames';
    this.emit({ kind: 'greeting', version, mechanism: this.mechanism ?? 'NULL', asServer });
    this.frameVersion = frameVersion;
    this.frames = newReader(frameVersion);
    this.identityPending = frameVersion !== 3;
    if (replay) this.frames.read(this.greeting.subarray(0, this.greetingLength), this.onFrame);
    // 2.0 says its socket type in the greeting: given as READY's would be.
    if (this.socketType) this.emit({ kind: 'ready', properties: { 'Socket-Type': this.socketType } });
  }

  private readonly onFrame = (frame: Frame): void => {
    // libzmq sends CURVE's MESSAGE as a data frame (no COMMAND flag): told by its name.
    if (frame.command || (this.encrypted && isCurveMessage(frame.head))) return this.command(frame);
    if (this.message.length < FRAMES_LISTED) this.message.push(frame);
    this.messageBytes += frame.size;
    this.messageCount++;
    if (frame.more) return;
    const frames = this.message;
    const count = this.messageCount;
    this.message = [];
    this.messageCount = 0;
    const bytes = this.messageBytes;
    this.messageBytes = 0;
    if (this.identityPending) return void (this.identityPending = false);
    const first = frames[0];
    if (/^X?SUB$/.test(this.socketType ?? '') && frames.length === 1 && first.size >= 1 && (first.head[0] === 1 || first.head[0] === 0)) {
      return this.emit({ kind: 'subscription', prefix: first.head.subarray(1), on: first.head[0] === 1 });
    }
    this.emit({ kind: 'message', frames: frames.map(preview), frameCount: count, bytes });
    if (this.firstMessageOnly) this.phase = 'stopped';
  };

  private command(frame: Frame): void {
    const body = frame.head;
    const nameLength = body[0] ?? 0;
    const name = text(body.subarray(1, 1 + nameLength));
    const data = body.subarray(1 + nameLength);
    if (this.encrypted && name === 'MESSAGE') {
      return this.emit({ kind: 'message', frames: [{ size: frame.size, text: 'encrypted' }], frameCount: 1, bytes: frame.size, encrypted: true });
    }
    if (name === 'READY' && !this.encrypted) {
      const properties = metadata(data);
      this.socketType = properties['Socket-Type']?.toUpperCase();
      return this.emit({ kind: 'ready', properties });
    }
    if (name === 'SUBSCRIBE' || name === 'CANCEL') return this.emit({ kind: 'subscription', prefix: data, on: name === 'SUBSCRIBE' });
    const user = name === 'HELLO' && this.mechanism === 'PLAIN' ? text(data.subarray(1, 1 + (data[0] ?? 0))) : undefined;
    const reason = name === 'ERROR' ? text(data.subarray(1, 1 + (data[0] ?? 0))) : undefined;
    this.emit({ kind: 'command', name: name || '(unnamed)', size: frame.size, ...(user !== undefined ? { user } : {}), ...(reason !== undefined ? { reason } : {}) });
  }
}

/** READY's properties: name (1-byte length), value (4-byte length); a cut or bad list ends early. */
function metadata(data: Uint8Array): Record<string, string> {
  const properties: Record<string, string> = {};
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let at = 0; at < data.length; ) {
    const nameLength = data[at];
    if (at + 1 + nameLength + 4 > data.length) break;
    const name = text(data.subarray(at + 1, at + 1 + nameLength));
    const valueLength = view.getUint32(at + 1 + nameLength);
    const start = at + 5 + nameLength;
    const value = data.subarray(start, Math.min(data.length, start + valueLength));
    properties[name] = previewFrame(value, 255).text ?? `0x${previewFrame(value, 255).hex}`;
    at = start + valueLength;
  }
  return properties;
}

const CURVE_MESSAGE = [7, ...'MESSAGE'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0)));
const isCurveMessage = (head: Uint8Array) => head.length >= 8 && CURVE_MESSAGE.every((byte, i) => head[i] === byte);

/** Whether every byte (up to the preview's length) is 7-bit: then its text is its bytes, and no UTF-8 decoder is needed. */
function isAscii(head: Uint8Array): boolean {
  const n = Math.min(head.length, PREVIEW_BYTES);
  for (let i = 0; i < n; i++) if (head[i] > 0x7f) return false;
  return true;
}

function ascii(head: Uint8Array): FramePreview {
  const n = Math.min(head.length, PREVIEW_BYTES);
  // Short texts (a workload, a topic) a character at a time: cheaper than a call with a new view.
  let text = '';
  if (n <= 32) for (let i = 0; i < n; i++) text += String.fromCharCode(head[i]);
  else text = String.fromCharCode.apply(null, head.subarray(0, n) as unknown as number[]);
  return { size: head.length, text };
}

/** Message frames are kept to their preview (one byte more tells a cut one), commands to COMMAND_HEAD_BYTES. */
function newReader(version: FrameVersion): FrameReader {
  return new FrameReader(version, { message: PREVIEW_BYTES + 1, command: COMMAND_HEAD_BYTES });
}

function preview(frame: Frame): FramePreview {
  const head = frame.head;
  const shown = isAscii(head) ? ascii(head) : previewFrame(head, PREVIEW_BYTES);
  const cut = frame.size > PREVIEW_BYTES || frame.lost > 0;
  return { ...shown, size: frame.size, ...(cut ? { truncated: true } : {}) };
}
