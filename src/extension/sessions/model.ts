// What runs: sessions of role instances, each with an explicit state.
import { mainEndpoint } from '../../shared/catalog';
import { ProgramName } from '../../shared/role-events';
import { Inspection } from '../../shared/traceable';
import { LaunchMode, PatternName } from '../../shared/workspace-config';

export type RoleState =
  | { kind: 'starting' }
  /** waitingForEnter: a ventilator waiting for Enter before its next batch. */
  | { kind: 'running'; bound: string[]; connected: string[]; waitingForEnter: boolean }
  | { kind: 'stopping' }
  | { kind: 'exited'; code: number | null }
  | { kind: 'failed'; reason: string };

interface SpecBase {
  role: ProgramName;
  pattern: PatternName;
  /** Shown in the tree and as the terminal's name. */
  label: string;
  mode: LaunchMode;
  /** For built-in roles, the CLI arguments after the role; for custom roles, the program's. */
  args: string[];
  env?: Record<string, string>;
}

/** A built-in role of the CLI, its arguments from the settings (a restart takes them anew). */
export interface BuiltinSpec extends SpecBase {
  source: 'builtin';
}

/** A program of the CLI attached to programs that run already (Attach's tap and proxy): its arguments as given, on a restart too. */
export interface AttachedSpec extends SpecBase {
  source: 'attached';
}

/** A custom role from .vscode/zeromq.json: the user's own program, run as it is, traced or captured on the wire. */
export interface CustomSpec extends SpecBase {
  source: 'custom';
  command: string;
  cwd?: string;
  /** Its declared endpoints (built-in roles report theirs when ready). */
  endpoints?: string[];
  /** How it is inspected (traced when it runs Python or Node, or captured on the wire). */
  inspection?: Inspection;
}

/** How to start a role again: enough to restart it as it was. */
export type LaunchSpec = BuiltinSpec | AttachedSpec | CustomSpec;

/** Run by the CLI, so reporting to the collector (a custom program does not, unless traced). */
export const runsCli = (spec: LaunchSpec): spec is BuiltinSpec | AttachedSpec => spec.source !== 'custom';

export interface RoleInstance {
  readonly id: string;
  readonly sessionId: string;
  readonly spec: LaunchSpec;
  state: RoleState;
  pid?: number;
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

export function isWaitingForEnter(instance: RoleInstance): boolean {
  return instance.state.kind === 'running' && instance.state.waitingForEnter;
}

/** Where a role is reached: what it bound or connected once running, else what it declares. */
export function endpointOf(instance: RoleInstance): string | undefined {
  const { state, spec } = instance;
  const declared = (spec.source === 'custom' ? spec.endpoints?.[0] : undefined) ?? mainEndpoint(spec.args);
  return state.kind === 'running' ? state.bound[0] ?? state.connected[0] ?? declared : declared;
}
