// The input of the analytics: one role event with its time, and the role instance that sent it.
export type { CollectedEvent } from '../telemetry';

/** The end of a role instance: its `done` reason, or 'error'. */
export type EndReason = 'finished' | 'signal' | 'error';
