// A program seen on the wire (a process, or a connection end when the process cannot be told) and
// its connection ends: what is known of each, and the role the rule of user-programs.ts gives it.
import { RoleName } from '../role-events';
import { TimedEvent } from '../telemetry';
import { roleOfSockets, UserProgram } from '../user-programs';
import { Endpoint } from './decoder';
import { PublishLog } from './publish-log';

/** Endpoints listed per program (bound, and connected): a scanner's thousands would say nothing more. */
export const MAX_ENDPOINTS = 64;

export interface ProcessName {
  source: string;
  pid?: number;
}

/** The process behind a local TCP end, when the capturing machine can see it. */
export type Namer = (end: Endpoint) => ProcessName | undefined;

export interface Program {
  source: string;
  pid: number;
  /** Named by host:port: one connection end, not a whole process. */
  unnamed: boolean;
  /** The socket types it has used: a set, so that a program keeps its role while it reconnects. */
  types: Set<string>;
  bound: Set<string>;
  connected: Set<string>;
  /** The endpoints of its sockets of each type (as READY named it), for a broker's or forwarder's `ready`. */
  sockets: Map<string, { bound: Set<string>; connected: Set<string> }>;
  role?: RoleName;
  /** Its `ready` is out, with the endpoints it has now. */
  ready: boolean;
  derive: UserProgram;
  /** Messages so far per socket name, each way: the seq of the next. */
  sent: Map<string, number>;
  received: Map<string, number>;
  open: number;
  /** Its last connection closed (it is `done`, until another opens). */
  ended: boolean;
  /** roleOf's cache, and what it was computed for (the number of sockets and whether it binds). */
  roleNow?: RoleName;
  roleKey: number;
  /** A publisher's recent publishes, to count each once however many subscribers it went to. */
  published?: PublishLog;
}

export interface End {
  program: Program;
  type?: string;
  /** Its READY's Identity, when it set one (a ROUTER peer's view starts with it). */
  identity?: string;
  name?: { type?: string; role?: RoleName; peerRole?: RoleName; name: string };
  held: TimedEvent[];
}

export function next(counts: Map<string, number>, socket: string): number {
  const seq = (counts.get(socket) ?? 0) + 1;
  counts.set(socket, seq);
  return seq;
}

export function endpointOf(end: Endpoint): string {
  return `tcp://${end.host.includes(':') ? `[${end.host}]` : end.host}:${end.port}`;
}

/**
 * A program's role by the rule of user-programs.ts; a connection end seen alone (no process name)
 * that connected a PULL or a PUSH is taken for a worker's half: in a pipeline, the ventilator and
 * the sink bind, the workers connect.
 */
export function roleOf(program: Program): RoleName | undefined {
  // Cached until its sockets or endpoints change: asked several times for every message.
  if (program.roleKey === program.types.size * 2 + Math.sign(program.bound.size)) return program.roleNow;
  program.roleKey = program.types.size * 2 + Math.sign(program.bound.size);
  program.roleNow = roleNow(program);
  return program.roleNow;
}

function roleNow(program: Program): RoleName | undefined {
  const role = roleOfSockets(program.types);
  return program.unnamed && program.bound.size === 0 && (role === 'sink' || role === 'ventilator') ? 'worker' : role;
}

export function newProgram(name: ProcessName, named: boolean): Program {
  return { source: name.source, pid: name.pid ?? 0, unnamed: !named, types: new Set(), bound: new Set(), connected: new Set(), sockets: new Map(), ready: false, derive: new UserProgram(undefined), sent: new Map(), received: new Map(), open: 0, ended: false, roleKey: -1 };
}
