// What a role started with --inspect sends to a collector: batches of its events, each stamped
// with the time it happened. One ZeroMQ message carries one JSON-encoded TelemetryBatch.
import { RoleEvent } from './role-events';

export const TELEMETRY_VERSION = 1;

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

/** The events of a batch, each with its source. */
export function collected(batch: TelemetryBatch): CollectedEvent[] {
  return batch.events.map((event) => ({ ...event, source: batch.source }));
}
