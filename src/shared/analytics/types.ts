// The input of the analytics: one role event with its time, and the role instance that sent it.
export type { CollectedEvent } from '../telemetry';

/** The end of a role instance: its `done` reason, 'error', or 'killed' when it ended without a word (its launcher's `exit`). */
export type EndReason = 'finished' | 'signal' | 'error' | 'killed';
