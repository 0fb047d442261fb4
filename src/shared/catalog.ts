// The built-in patterns and roles as the extension shows them, and the CLI arguments each role
// gets from the user's settings. Pure: the extension reads the settings, this decides.
import { connectableFrom } from './endpoint';
import { RoleName } from './role-events';
import { PatternName, PATTERN_ROLES } from './workspace-config';

export interface PatternInfo {
  label: string;
  description: string;
}

export const PATTERNS: Record<PatternName, PatternInfo> = {
  reqrep: { label: 'Request-Reply', description: 'REP server and REQ client, strict send/receive' },
  pubsub: { label: 'Publish-Subscribe', description: 'PUB broadcasts, SUB filters by prefix; no queue for absent subscribers' },
  pipeline: { label: 'Pipeline', description: 'ventilator, workers and sink; parallel tasks' },
};

export interface RoleInfo {
  pattern: PatternName;
  label: string;
  description: string;
  /** Binding roles start first in a session, so that the connecting ones find them. */
  binds: boolean;
}

export const ROLES: Record<RoleName, RoleInfo> = {
  rep: { pattern: 'reqrep', label: 'rep', description: 'REP server, answers "World"', binds: true },
  req: { pattern: 'reqrep', label: 'req', description: 'REQ client, 10 x "Hello"', binds: false },
  pub: { pattern: 'pubsub', label: 'pub', description: 'PUB, random weather updates', binds: true },
  sub: { pattern: 'pubsub', label: 'sub', description: 'SUB, filter and average temperature', binds: false },
  ventilator: { pattern: 'pipeline', label: 'ventilator', description: 'PUSH tasks, starts a batch on Enter', binds: true },
  worker: { pattern: 'pipeline', label: 'worker', description: 'PULL tasks, PUSH results', binds: false },
  sink: { pattern: 'pipeline', label: 'sink', description: 'PULL results, times the batch', binds: true },
};

export function rolesOf(pattern: PatternName): readonly RoleName[] {
  return PATTERN_ROLES[pattern];
}

/** The settings that shape the built-in roles' command lines (`zeromq.*`). */
export interface RoleSettings {
  bindAddress: string;
  ports: { reqrep: number; pubsub: number; ventilator: number; sink: number };
  repDelayMs: number;
  subFilter: string;
  pubIntervalMs: number;
  pipelineTasks: number;
}

/** The endpoints of a pattern: what its servers bind and what its clients connect to. */
export function endpointsOf(settings: RoleSettings): Record<'reqrep' | 'pubsub' | 'ventilator' | 'sink', { bind: string; connect: string }> {
  const bindHost = settings.bindAddress.includes(':') && !settings.bindAddress.startsWith('[') ? `[${settings.bindAddress}]` : settings.bindAddress;
  const endpoint = (port: number) => {
    const bind = `tcp://${bindHost}:${port}`;
    return { bind, connect: connectableFrom(bind) };
  };
  const { ports } = settings;
  return { reqrep: endpoint(ports.reqrep), pubsub: endpoint(ports.pubsub), ventilator: endpoint(ports.ventilator), sink: endpoint(ports.sink) };
}

/**
 * `--name=value`, one argument: a value that starts with `-` (a subscription to "-1", a request
 * "-ping") would otherwise be read as an option.
 */
export const option = (name: string, value: string | number): string => `--${name}=${value}`;

/** The CLI arguments of a built-in role under these settings. */
export function roleArgs(role: RoleName, settings: RoleSettings): string[] {
  const endpoints = endpointsOf(settings);
  switch (role) {
    case 'rep':
      return [option('bind', endpoints.reqrep.bind), option('delay', settings.repDelayMs)];
    case 'req':
      return [option('connect', endpoints.reqrep.connect)];
    case 'pub':
      return [option('bind', endpoints.pubsub.bind), option('interval', settings.pubIntervalMs)];
    case 'sub':
      return [option('connect', endpoints.pubsub.connect), option('filter', settings.subFilter)];
    case 'ventilator':
      // Batch after batch, each on Enter ("Start Batch"), for as long as the session runs.
      return [option('bind', endpoints.ventilator.bind), option('sink', endpoints.sink.connect), option('tasks', settings.pipelineTasks), option('count', 0)];
    case 'worker':
      return [option('connect', endpoints.ventilator.connect), option('sink', endpoints.sink.connect)];
    case 'sink':
      return [option('bind', endpoints.sink.bind), option('tasks', settings.pipelineTasks), option('count', 0)];
  }
}

/** Whether a role with these arguments binds sockets and connects them (--connect, or --sink on a pipeline). */
export function socketSides(args: string[]): { binds: boolean; connects: boolean } {
  const has = (name: string) => args.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  return { binds: has('bind'), connects: has('connect') || has('sink') };
}

/** The endpoint to show for a role: what it binds, else what it connects to (`--bind X` or `--bind=X`). */
export function mainEndpoint(args: string[]): string | undefined {
  const valueOf = (name: string) => {
    const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    if (at < 0) return undefined;
    return args[at].includes('=') ? args[at].slice(args[at].indexOf('=') + 1) : args[at + 1];
  };
  return valueOf('bind') ?? valueOf('connect');
}
