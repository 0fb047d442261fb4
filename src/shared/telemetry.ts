// What a role started with --inspect sends to a collector: batches of its events, each stamped
// with the time it happened. One ZeroMQ message carries one JSON-encoded TelemetryBatch, after a
// frame with the collector's token when the role has one: [token, batch] or [batch].
import { RoleEvent } from './role-events';

// 2: the token moved out of the JSON into a frame of its own, checked before any parse.
export const TELEMETRY_VERSION = 2;

/**
 * The largest message a collector takes (ZeroMQ refuses a bigger one as it arrives, so that a
 * stranger cannot make it hold a huge frame); roles split their batches to stay under it.
 */
export const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * The environment variable that gives a role its collector's token (not an option: a process's
 * command line is visible to every local user, its environment only to its owner).
 */
export const INSPECT_TOKEN_ENV = 'ZMQ_SESSIONS_INSPECT_TOKEN';

/**
 * Set by whatever launches a role (ChildRole) to its own pid: a role whose parent process changes
 * (the launcher died, a crashed extension host) stops by itself. Descendants inherit it, which is
 * how tests find every process a window started.
 */
export const PARENT_ENV = 'ZMQ_SESSIONS_PARENT';

/**
 * Set by the extension in the environment of a custom role inspected on the wire, to its instance
 * id: `zmq-sessions capture --inspect-id ID` reports only the processes that carry ID, under ID, so
 * that a program is told from its peers on the same ports without knowing its pid beforehand.
 */
export const WIRE_ID_ENV = 'ZMQ_SESSIONS_WIRE_ID';

/** A role event with its time: milliseconds since the epoch, microsecond resolution, monotonic. */
export type TimedEvent = RoleEvent & { t: number };

/** An event as the collector keeps it: with the role instance that sent it. */
export type CollectedEvent = TimedEvent & { source: string };

export interface TelemetryBatch {
  v: typeof TELEMETRY_VERSION;
  /** The role instance that sent it (--inspect-id). */
  source: string;
  /** Events left out so far because the collector could not keep up. */
  dropped: number;
  events: TimedEvent[];
}

export function parseBatch(text: string): TelemetryBatch | undefined {
  try {
    const value = JSON.parse(text);
    if (value?.v !== TELEMETRY_VERSION || typeof value.source !== 'string' || !Array.isArray(value.events)) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/** The well-formed events of a batch, each with its source. */
export function collected(batch: TelemetryBatch): CollectedEvent[] {
  return batch.events.map((event) => ({ ...event, source: batch.source })).filter(isCollectedEvent);
}

const isText = (value: unknown) => typeof value === 'string';
const isNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const isTexts = (value: unknown) => Array.isArray(value) && value.every(isText);
const isCounts = (value: unknown) => typeof value === 'object' && value !== null && Object.values(value).every(isNumber);
const isFrames = (value: unknown) => Array.isArray(value) && value.every((frame) => typeof frame === 'object' && frame !== null && isNumber(frame.size));
const isFrame = (value: unknown) => isFrames([value]);
const isNullOr = (check: (value: unknown) => boolean) => (value: unknown) => value === null || check(value);

/**
 * The fields each kind of event must have for the registry and the analytics to read it: every
 * kind of RoleEvent, so that a role elsewhere (or another version) cannot hand them a field of
 * the wrong type.
 */
const REQUIRED: Record<RoleEvent['event'], Record<string, (value: unknown) => boolean>> = {
  // A capture written by hand or by another tool may lack the pid; the analytics show it as unknown.
  ready: { role: isText, pid: (value) => value === undefined || isNumber(value), bound: isTexts, connected: isTexts },
  proxied: { direction: isText, peer: isText, seq: isNumber, frames: isFrames },
  output: { text: isText },
  sent: { socket: isText, seq: isNumber, frames: isFrames },
  received: { socket: isText, seq: isNumber, frames: isFrames },
  counters: { sent: isCounts, received: isCounts, sampledOut: isNumber },
  subscribed: { socket: isText, filters: isTexts },
  subscription: { socket: isText, subscribe: (value) => typeof value === 'boolean', topic: isFrame },
  'batch-start': { batch: isNumber },
  socket: { socket: isText, type: isText },
  waiting: { batch: isNumber },
  'batch-sent': { batch: isNumber, tasks: isNumber, expectedCostMs: isNumber },
  'batch-done': { batch: isNumber, results: isNumber, elapsedMs: isNumber },
  average: { filters: isTexts, updates: isNumber, temperature: isNumber },
  timeout: { request: isNumber, attempt: isNumber, timeoutMs: isNumber },
  reply: { request: isNumber, roundTripMs: isNumber },
  warning: { message: isText },
  error: { message: isText },
  done: { reason: isText },
  exit: { code: isNullOr(isNumber), signal: isNullOr(isText) },
};

/**
 * Whether a value received from outside (a role, a capture file) is an event the analytics can
 * take; what is not is counted and left out rather than trusted.
 */
export function isCollectedEvent(value: unknown): value is CollectedEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  if (!isText(event.event) || !isText(event.source) || !isNumber(event.t)) return false;
  // Kinds this version does not know pass with their kind, source and time: nothing reads more of them.
  const fields: Record<string, (value: unknown) => boolean> = REQUIRED[event.event as RoleEvent['event']] ?? {};
  return Object.entries(fields).every(([name, check]) => check(event[name]));
}

/** What is wrong with a capture file, and on which line (from 1; 0 for the file as a whole). */
export class CaptureError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/** The events of a capture file (JSON Lines, as `record` and Export Capture write them). */
export function parseCapture(text: string): CollectedEvent[] {
  const events: CollectedEvent[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw new CaptureError(index + 1, 'not JSON. A capture has one event per line, as zmq-sessions record writes it.');
    }
    if (!isCollectedEvent(event)) throw new CaptureError(index + 1, 'not a captured event, or one with a field missing or of the wrong type.');
    events.push(event);
  });
  if (events.length === 0) throw new CaptureError(0, 'it holds no events. Record some first with zmq-sessions record, or Export Capture in VS Code.');
  return events;
}
