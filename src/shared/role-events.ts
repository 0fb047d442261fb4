// The events a role prints with --json, one JSON object per line on stdout. The extension and
// `zmq-sessions run` read them to know when a role's sockets are ready and what it did.

export const ROLE_NAMES = ['rep', 'req', 'pub', 'sub', 'ventilator', 'worker', 'sink', 'router', 'dealer', 'pair', 'broker', 'forwarder', 'streamer'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** What can report: a role of a pattern, or the inspection proxy that sits between two of them. */
export type ProgramName = RoleName | 'proxy';

export function isRoleName(name: string): name is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(name);
}

/** A bounded, printable view of one frame: its size, and its text when it is UTF-8, else hex. */
export interface FramePreview {
  size: number;
  text?: string;
  hex?: string;
  truncated?: boolean;
}

/** What one socket of a role bound and connected to (a broker's frontend and backend apart). */
export interface SocketPlaces {
  bound: string[];
  connected: string[];
}

/** A socket's security mechanism other than NULL: CURVE, as the server (it binds) or a client. */
export type SocketSecurity = 'curve-server' | 'curve-client';

export type RoleEvent =
  /** Sockets are bound and connected: the role can be used now. hwm: its sockets' high-water mark (0 = none); sockets: each socket's places where there are several. */
  | { event: 'ready'; role: ProgramName; pid: number; bound: string[]; connected: string[]; security?: Record<string, SocketSecurity>; hwm?: number; sockets?: Record<string, SocketPlaces> }
  /** The inspection proxy passed a message on: a request or task from a client, or a reply back. */
  | { event: 'proxied'; direction: 'request' | 'reply'; peer: string; seq: number; frames: FramePreview[] }
  /** The human text the role would have printed without --json, verbatim (may lack a newline). */
  | { event: 'output'; text: string }
  /** One message; seq counts every message of that socket and direction from 1, sampled or not. */
  | { event: 'sent'; socket: string; seq: number; frames: FramePreview[] }
  | { event: 'received'; socket: string; seq: number; frames: FramePreview[] }
  /** Exact message counts per socket, every second and at the end: they hold when events are sampled. */
  | { event: 'counters'; sent: Record<string, number>; received: Record<string, number>; sampledOut: number }
  /** A forwarder passed a subscriber's subscription (or its cancellation) on to the publishers. */
  | { event: 'subscription'; socket: string; subscribe: boolean; topic: FramePreview }
  /** A subscriber's prefixes, as it subscribed them. */
  | { event: 'subscribed'; socket: string; filters: string[] }
  /** A batch begins: the ventilator is about to send "0", or the sink has received it. */
  | { event: 'batch-start'; batch: number; tasks?: number }
  /** A socket monitor event: accept, connect, connect:retry, disconnect, handshake, ... */
  | { event: 'socket'; socket: string; type: string; address?: string }
  /** The ventilator is waiting for a line on stdin before it sends a batch. */
  | { event: 'waiting'; for: 'enter'; batch: number }
  | { event: 'batch-sent'; batch: number; tasks: number; expectedCostMs: number }
  | { event: 'batch-done'; batch: number; results: number; elapsedMs: number }
  | { event: 'average'; filters: string[]; updates: number; temperature: number }
  | { event: 'timeout'; request: number; attempt: number; timeoutMs: number }
  /** A REQ's reply to its request numbered from 0, timed by the REQ itself from send to receive. */
  | { event: 'reply'; request: number; roundTripMs: number }
  | { event: 'warning'; message: string }
  | { event: 'error'; message: string; exitCode: number }
  | { event: 'done'; reason: 'finished' | 'signal' }
  /**
   * The process ended, as the program that started it saw it (the extension, a test): added to a
   * capture for a role that could not say so itself, e.g. one killed by SIGKILL. Never printed.
   */
  | { event: 'exit'; code: number | null; signal: string | null };

export type RoleEventOf<E extends RoleEvent['event']> = Extract<RoleEvent, { event: E }>;

export const PREVIEW_BYTES = 256;

export function previewFrame(frame: Uint8Array, limit = PREVIEW_BYTES): FramePreview {
  const head = frame.subarray(0, limit);
  const truncated = frame.length > limit ? { truncated: true } : {};
  try {
    // fatal: a frame that is not UTF-8 shows as hex rather than as replacement characters;
    // stream: a character cut by the limit is left out instead of failing the whole frame.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: frame.length > limit });
    return { size: frame.length, text, ...truncated };
  } catch {
    const hex = Array.from(head, (byte) => byte.toString(16).padStart(2, '0')).join('');
    return { size: frame.length, hex, ...truncated };
  }
}
