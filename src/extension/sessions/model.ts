// What runs: sessions of role instances, each with an explicit state.
import { ProgramName } from '../../shared/role-events';
import { Inspection } from '../../shared/traceable';
import { LaunchMode, PatternName } from '../../shared/workspace-config';

export type RoleState =
  | { kind: 'starting' }
  | { kind: 'running'; bound: string[]; connected: string[] }
  | { kind: 'stopping' }
  | { kind: 'exited'; code: number | null }
  | { kind: 'failed'; reason: string };

/** How to start a role again: enough to restart it as it was. */
export interface LaunchSpec {
  /** A built-in role of the CLI, or a custom role from .vscode/zeromq.json. */
  source: 'builtin' | 'custom';
  role: ProgramName;
  pattern: PatternName;
  /** Shown in the tree and as the terminal's name. */
  label: string;
  mode: LaunchMode;
  /** For built-in roles, the CLI arguments after the role; for custom roles, the program's. */
  args: string[];
  /** A built-in role's arguments come from the settings (a restart takes them anew), not from its caller (Attach). */
  argsFromSettings?: boolean;
  command?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** A custom role's declared endpoints (built-in roles report theirs when ready). */
  endpoints?: string[];
  /** How a custom role is inspected (traced when it runs Python or Node). */
  inspection?: Inspection;
}

export interface RoleInstance {
  readonly id: string;
  readonly sessionId: string;
  readonly spec: LaunchSpec;
  state: RoleState;
  pid?: number;
  /** A ventilator waiting for Enter before its next batch. */
  waitingForEnter: boolean;
  /** Messages sent and received over all its sockets, from the role's exact counters. */
  messages: { sent: number; received: number };
}

export interface Session {
  readonly id: string;
  readonly label: string;
  readonly pattern: PatternName;
  readonly roles: RoleInstance[];
}

export function isLive(state: RoleState): boolean {
  return state.kind === 'starting' || state.kind === 'running' || state.kind === 'stopping';
}
