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
  broker: { label: 'Extended Request-Reply', description: 'REQ clients, a ROUTER/DEALER broker, REP workers that connect to it' },
  forwarder: { label: 'Publish-Subscribe through a Forwarder', description: 'PUB, an XSUB/XPUB forwarder, and SUB on the far side' },
  pair: { label: 'Exclusive Pair', description: 'two PAIR sockets in conversation, one binds and one connects' },
};

export interface RoleInfo {
  /** The pattern it belongs to first (it may also take part in others, see PATTERN_ROLES). */
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
  router: { pattern: 'reqrep', label: 'router', description: 'ROUTER server, answers REQ and DEALER clients', binds: true },
  dealer: { pattern: 'reqrep', label: 'dealer', description: 'DEALER client, talks to REP as REQ does', binds: false },
  pair: { pattern: 'pair', label: 'pair', description: 'PAIR, sends 5 messages, prints its peer\'s', binds: true },
  broker: { pattern: 'broker', label: 'broker', description: 'ROUTER for clients, DEALER for workers', binds: true },
  forwarder: { pattern: 'forwarder', label: 'forwarder', description: 'XSUB from the publisher, XPUB for subscribers', binds: true },
  streamer: { pattern: 'pipeline', label: 'streamer', description: 'PULL tasks from the ventilator, PUSH to workers', binds: true },
};

/** How a role plays in a pattern other than its own, where that differs (a broker's workers connect). */
const IN_PATTERN: Partial<Record<PatternName, Partial<Record<RoleName, Pick<RoleInfo, 'description' | 'binds'>>>>> = {
  broker: {
    rep: { description: 'worker: REP connects to the broker', binds: false },
    req: { description: 'client: REQ connects to the broker', binds: false },
    router: { description: 'worker: ROUTER connects to the broker', binds: false },
    dealer: { description: 'client: DEALER connects to the broker', binds: false },
  },
  forwarder: { sub: { description: 'SUB connects to the forwarder', binds: false } },
};

export function rolesOf(pattern: PatternName): readonly RoleName[] {
  return PATTERN_ROLES[pattern];
}

/** A role as it plays in a pattern: its description and whether it binds there. */
export function roleIn(role: RoleName, pattern: PatternName = ROLES[role].pattern): RoleInfo {
  return { ...ROLES[role], ...IN_PATTERN[pattern]?.[role] };
}

/** The settings that shape the built-in roles' command lines (`zeromq.*`). */
export interface RoleSettings {
  bindAddress: string;
  ports: Record<PortName, number>;
  repDelayMs: number;
  subFilter: string;
  pubIntervalMs: number;
  pipelineTasks: number;
}

export type PortName = 'reqrep' | 'pubsub' | 'ventilator' | 'sink' | 'brokerFrontend' | 'brokerBackend' | 'forwarder' | 'pair' | 'streamer';

/** The default ports, the zguide's where it has one (rrbroker 5559 and 5560, wuproxy 8100). */
export const DEFAULT_PORTS: Record<PortName, number> = {
  reqrep: 5555,
  pubsub: 5556,
  ventilator: 5557,
  sink: 5558,
  brokerFrontend: 5559,
  brokerBackend: 5560,
  pair: 5561,
  streamer: 5562,
  forwarder: 8100,
};

/** Each port's setting, `zeromq.<setting>`: package.json repeats DEFAULT_PORTS as their defaults (a unit test checks). */
export const PORT_SETTINGS: Record<PortName, string> = {
  reqrep: 'ports.requestReply',
  pubsub: 'ports.publishSubscribe',
  ventilator: 'ports.pipelineTasks',
  sink: 'ports.pipelineResults',
  brokerFrontend: 'ports.brokerFrontend',
  brokerBackend: 'ports.brokerBackend',
  forwarder: 'ports.forwarder',
  pair: 'ports.pair',
  streamer: 'ports.streamer',
};

export type ToolPortName = 'collector' | 'proxy' | 'proxySink';

/**
 * The default ports of the CLI's tools, which have no settings: the collector that `record` opens
 * and `trace` reports to (clear of every role's port, so that a broker can run beside it), and the
 * inspection proxy in front of a server or of a sink.
 */
export const TOOL_PORTS: Record<ToolPortName, number> = {
  collector: 5563,
  proxy: 5565,
  proxySink: 5566,
};

const ALL_PORTS: Record<PortName | ToolPortName, number> = { ...DEFAULT_PORTS, ...TOOL_PORTS };

/** Where a CLI role or tool binds by default: loopback only. */
export const defaultBind = (port: PortName | ToolPortName): string => `tcp://127.0.0.1:${ALL_PORTS[port]}`;

/** Where a CLI role connects by default, written as the zguide's programs write it. */
export const defaultConnect = (port: PortName | ToolPortName): string => `tcp://localhost:${ALL_PORTS[port]}`;

/** The ports from the settings, each read by `read(setting, default)`. */
export function portsFrom(read: (setting: string, fallback: number) => number): Record<PortName, number> {
  const ports = {} as Record<PortName, number>;
  for (const name of Object.keys(PORT_SETTINGS) as PortName[]) ports[name] = read(PORT_SETTINGS[name], DEFAULT_PORTS[name]);
  return ports;
}

/** The endpoints of a pattern: what its servers bind and what its clients connect to. */
export function endpointsOf(settings: RoleSettings): Record<PortName, { bind: string; connect: string }> {
  const bindHost = settings.bindAddress.includes(':') && !settings.bindAddress.startsWith('[') ? `[${settings.bindAddress}]` : settings.bindAddress;
  const endpoints = {} as Record<PortName, { bind: string; connect: string }>;
  for (const [name, port] of Object.entries(settings.ports) as [PortName, number][]) {
    const bind = `tcp://${bindHost}:${port}`;
    endpoints[name] = { bind, connect: connectableFrom(bind) };
  }
  return endpoints;
}

/**
 * `--name=value`, one argument: a value that starts with `-` (a subscription to "-1", a request
 * "-ping") would otherwise be read as an option.
 */
export const option = (name: string, value: string | number): string => `--${name}=${value}`;

/** The CLI arguments of a built-in role under these settings, as it plays in `pattern`. */
export function roleArgs(role: RoleName, settings: RoleSettings, pattern: PatternName = ROLES[role].pattern): string[] {
  const endpoints = endpointsOf(settings);
  const delay = [option('delay', settings.repDelayMs)];
  if (pattern === 'broker') {
    if (role === 'rep' || role === 'router') return [option('connect', endpoints.brokerBackend.connect), ...delay];
    if (role === 'req' || role === 'dealer') return [option('connect', endpoints.brokerFrontend.connect)];
  }
  if (pattern === 'forwarder' && role === 'sub') return [option('connect', endpoints.forwarder.connect), option('filter', settings.subFilter)];
  switch (role) {
    case 'rep':
      return [option('bind', endpoints.reqrep.bind), option('delay', settings.repDelayMs)];
    case 'router':
      return [option('bind', endpoints.reqrep.bind), ...delay];
    case 'req':
    case 'dealer':
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
    case 'pair':
      return [option('bind', endpoints.pair.bind)];
    case 'broker':
      return [option('frontend-bind', endpoints.brokerFrontend.bind), option('backend-bind', endpoints.brokerBackend.bind)];
    case 'forwarder':
      return [option('connect', endpoints.pubsub.connect), option('bind', endpoints.forwarder.bind)];
    case 'streamer':
      return [option('connect', endpoints.ventilator.connect), option('bind', endpoints.streamer.bind)];
  }
}

/** Whether a role with these arguments binds sockets and connects them (--connect, or --sink on a pipeline). */
export function socketSides(args: string[]): { binds: boolean; connects: boolean } {
  const has = (name: string) => args.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  return {
    binds: ['bind', 'frontend-bind', 'backend-bind'].some(has),
    connects: ['connect', 'sink', 'frontend-connect', 'backend-connect'].some(has),
  };
}

/** The endpoint to show for a role: what it binds, else what it connects to (`--bind X` or `--bind=X`). */
export function mainEndpoint(args: string[]): string | undefined {
  const valueOf = (name: string) => {
    const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    if (at < 0) return undefined;
    return args[at].includes('=') ? args[at].slice(args[at].indexOf('=') + 1) : args[at + 1];
  };
  return valueOf('bind') ?? valueOf('frontend-bind') ?? valueOf('connect') ?? valueOf('frontend-connect');
}
