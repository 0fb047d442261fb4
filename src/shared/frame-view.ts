// How the inspector shows one frame's preview: as text, as pretty JSON, or as a hex dump. The
// preview holds the first bytes only (FramePreview.truncated): each view says so rather than
// pretend to be whole.
import { identitiesOf, splitEnvelope } from './envelope';
import { printable } from './format';
import type { FramePreview } from './role-events';

export type FrameView = 'text' | 'json' | 'hex';

/** The preview's bytes: the UTF-8 of its text, or its hex decoded. */
export function frameBytes(frame: FramePreview): Uint8Array {
  if (frame.text !== undefined) return new TextEncoder().encode(frame.text);
  const hex = frame.hex ?? '';
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** 16 bytes a line: offset, hex, and the printable ASCII with dots for the rest. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const line = bytes.subarray(offset, offset + 16);
    const hex = Array.from(line, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(line, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

export interface RenderedFrame {
  text: string;
  /** Why the view asked for is not shown (a frame that is not JSON, or not text). */
  note?: string;
}

export function renderFrame(frame: FramePreview, view: FrameView): RenderedFrame {
  const cut = frame.truncated ? ` (first ${frameBytes(frame).length} of ${frame.size} bytes)` : '';
  if (view === 'hex') return { text: hexDump(frameBytes(frame)), ...(cut ? { note: `Preview${cut}` } : {}) };
  if (frame.text === undefined) return { text: hexDump(frameBytes(frame)), note: `Not UTF-8 text: shown as hex${cut}` };
  if (view === 'json') {
    if (frame.truncated) return { text: printable(frame.text, Infinity, true), note: `Cut off before its end, so not parsed as JSON${cut}` };
    try {
      return { text: JSON.stringify(JSON.parse(frame.text), null, 2) };
    } catch {
      return { text: printable(frame.text, Infinity, true), note: 'Not JSON: shown as text' };
    }
  }
  // Control characters (ANSI escapes, NUL) show as escapes: copied into a terminal they cannot move its cursor.
  return { text: printable(frame.text, Infinity, true), ...(cut ? { note: `Preview${cut}` } : {}) };
}

/** A one-line preview of a message for the table: its frames' text, separated by a bar. */
export function previewLine(frames: readonly FramePreview[], limit = 200): string {
  const parts = frames.map((frame) => (frame.size === 0 ? '(empty)' : frame.text !== undefined ? printable(frame.text, limit) : `0x${frame.hex ?? ''}`) + (frame.truncated ? '…' : ''));
  const line = frames.length === 0 ? '' : parts.join(' │ ');
  return line.length > limit ? `${line.slice(0, limit)}…` : line;
}

/** The sockets whose messages carry an envelope, by the role that reports them: ROUTER ones get the peer's identity first. */
const ROUTER_SOCKETS: Partial<Record<string, string>> = { router: 'router', broker: 'frontend' };
const DEALER_SOCKETS: Partial<Record<string, string>> = { dealer: 'dealer', broker: 'backend' };

/**
 * What each frame of a message is in its envelope, for messages of ROUTER and DEALER sockets:
 * `identity` (the peer the ROUTER got it from or sends it to), `identity, earlier hop` (added by
 * a ROUTER further back), `delimiter` and `body`. Undefined for other sockets, whose frames are
 * all body (REQ and REP hide the envelope).
 */
export function envelopeLabels(role: string | null | undefined, socket: string, frames: readonly FramePreview[]): string[] | undefined {
  if (!role) return undefined;
  if (ROUTER_SOCKETS[role] === socket) {
    const split = splitEnvelope(frames, (frame) => frame.size);
    const identities = identitiesOf(split).map((_, index) => (index === 0 ? 'identity' : 'identity, earlier hop'));
    return [...identities, ...(split.delimited ? ['delimiter'] : []), ...split.body.map(() => 'body')];
  }
  if (DEALER_SOCKETS[role] === socket) {
    const delimiter = frames.findIndex((frame) => frame.size === 0);
    if (delimiter < 0) return undefined;
    return frames.map((_, index) => (index < delimiter ? 'identity, earlier hop' : index === delimiter ? 'delimiter' : 'body'));
  }
  return undefined;
}
