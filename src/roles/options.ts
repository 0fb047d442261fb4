// The command-line options of the roles: one table says what each option is, each role says which
// it takes and with what default, and both parsing and --help are read from them.
import { parseArgs } from 'node:util';
import { EndpointUse, EndpointError, parseEndpoint } from '../shared/endpoint';
import { hasIpc, ipcPathProblem } from '../shared/platform';
import { UsageError } from './errors';

export interface RoleOptions {
  bind: string[];
  connect: string[];
  frontendBind: string[];
  frontendConnect: string[];
  backendBind: string[];
  backendConnect: string[];
  sink: string;
  sinkBind: string;
  count: number;
  message: string;
  frame: string[];
  reply: string;
  interval: number;
  delay: number;
  filter: string[];
  tasks: number;
  workload: { min: number; max: number };
  size: number;
  timeout: number;
  stuckAfter: number;
  retries: number;
  wait: boolean;
  messages: boolean;
  inspect: string;
  sampleAbove: number;
  out: string;
  pattern: string;
  duration: number;
  inspectId: string;
  workers: number;
  clients: number;
  hwm: number;
  linger: number;
  heartbeat: number;
  json: boolean;
  quiet: boolean;
  curveSecretKey: string;
  curvePublicKey: string;
  curveServerKey: string;
  interface: string;
  port: string[];
  bpf: string;
  read: string;
}

export type OptionName = keyof RoleOptions;

type Kind = 'endpoints' | 'endpoint' | 'int' | 'text' | 'texts' | 'range' | 'flag' | 'key';

interface OptionInfo {
  kind: Kind;
  /** The value's name in --help. */
  arg?: string;
  /** For endpoints: whether they are bound or connected, to check them the right way. */
  use?: EndpointUse;
  help: string;
  /** Its name on the command line, where that is not the option's own name. */
  cli?: string;
  /** A flag written negated: --no-wait sets wait = false. */
  negated?: boolean;
  /** An environment variable that gives the value when the option is not on the command line. */
  env?: string;
}

const OPTIONS: Record<OptionName, OptionInfo> = {
  bind: { kind: 'endpoints', arg: 'EP', use: 'bind', help: 'endpoint to bind, repeatable (tcp://HOST:PORT, ipc://PATH)' },
  connect: { kind: 'endpoints', arg: 'EP', use: 'connect', help: 'endpoint to connect to, repeatable' },
  frontendBind: { kind: 'endpoints', arg: 'EP', use: 'bind', cli: 'frontend-bind', help: 'endpoint the frontend socket (facing clients or publishers) binds, repeatable' },
  frontendConnect: { kind: 'endpoints', arg: 'EP', use: 'connect', cli: 'frontend-connect', help: 'endpoint the frontend socket connects to, repeatable' },
  backendBind: { kind: 'endpoints', arg: 'EP', use: 'bind', cli: 'backend-bind', help: 'endpoint the backend socket (facing workers or subscribers) binds, repeatable' },
  backendConnect: { kind: 'endpoints', arg: 'EP', use: 'connect', cli: 'backend-connect', help: 'endpoint the backend socket connects to, repeatable' },
  sink: { kind: 'endpoint', arg: 'EP', use: 'connect', help: "the sink's endpoint, to send results to" },
  sinkBind: { kind: 'endpoint', arg: 'EP', use: 'bind', cli: 'sink-bind', help: 'bind the socket to the sink instead, for a sink that connects' },
  count: { kind: 'int', arg: 'N', help: 'how many, 0 = forever' },
  message: { kind: 'text', arg: 'TEXT', help: 'the message to send' },
  frame: { kind: 'texts', arg: 'TEXT', help: 'one frame of a multipart message, repeatable, in order; replaces --message' },
  reply: { kind: 'text', arg: 'TEXT', help: 'the reply to every request' },
  interval: { kind: 'int', arg: 'MS', help: 'pause between messages, in ms' },
  delay: { kind: 'int', arg: 'MS', help: "simulated work before each reply, in ms (the seed's sleep)" },
  filter: { kind: 'texts', arg: 'PREFIX', help: 'subscription prefix, repeatable; "" receives everything' },
  tasks: { kind: 'int', arg: 'N', help: 'tasks in a batch' },
  workload: { kind: 'range', arg: 'MIN-MAX', help: 'random workload of each task, in ms' },
  size: { kind: 'int', arg: 'BYTES', help: 'pad each task with leading zeros to BYTES, still a workload in ms (to measure throughput by size)' },
  timeout: { kind: 'int', arg: 'MS', help: 'give up waiting for a reply after MS and reconnect, 0 = wait forever' },
  stuckAfter: { kind: 'int', arg: 'MS', cli: 'stuck-after', help: 'a request unanswered for longer than MS is stuck' },
  retries: { kind: 'int', arg: 'N', help: 'tries per request with --timeout before giving up, 0 = forever' },
  wait: { kind: 'flag', cli: 'no-wait', negated: true, help: 'start the batch at once instead of waiting for Enter' },
  messages: { kind: 'flag', cli: 'no-messages', negated: true, help: 'with --json, print no event per message (--inspect still reports them)' },
  inspect: { kind: 'endpoint', arg: 'EP', use: 'connect', help: 'report every event to a collector at EP (the extension passes it)' },
  sampleAbove: { kind: 'int', arg: 'N', cli: 'sample-above', help: 'above N messages a second, report a sample of them (counters stay exact); 0 = all' },
  inspectId: { kind: 'text', arg: 'ID', cli: 'inspect-id', help: 'the name this role reports under, default ROLE-PID' },
  pattern: { kind: 'text', arg: 'reqrep|pipeline', help: 'what the proxy sits in: REQ to REP, or PUSH to PULL' },
  out: { kind: 'text', arg: 'FILE', help: 'the JSON Lines file to write' },
  duration: { kind: 'int', arg: 'S', help: 'stop after S seconds, 0 = at Ctrl-C' },
  workers: { kind: 'int', arg: 'N', help: 'how many workers to start' },
  clients: { kind: 'int', arg: 'N', help: 'how many clients to start' },
  hwm: { kind: 'int', arg: 'N', help: 'high-water mark of each socket, in messages (0 = none)' },
  linger: { kind: 'int', arg: 'MS', help: 'how long closing waits to deliver queued messages' },
  heartbeat: { kind: 'int', arg: 'MS', help: 'ZMTP heartbeat every MS: a peer silent for 3 x MS is dropped and reconnected, losing what was in flight (0 = off)' },
  json: { kind: 'flag', help: 'print one JSON object per line for every event, for programs' },
  quiet: { kind: 'flag', help: 'print nothing but errors (with --json: events, but no output events)' },
  interface: { kind: 'text', arg: 'IF', help: 'the network interface to capture on' },
  port: { kind: 'texts', arg: 'N', help: 'a TCP port to capture, repeatable (default: all TCP)' },
  bpf: { kind: 'text', arg: 'BPF', cli: 'filter', help: 'a capture filter in tcpdump syntax, added to the ports' },
  read: { kind: 'text', arg: 'FILE', help: 'decode a pcap or pcapng file instead of capturing' },
  // Keys may come from the environment, which other users cannot read; a command line they can (ps).
  curveSecretKey: { kind: 'key', arg: 'KEY', cli: 'curve-secret-key', env: 'ZMQ_SESSIONS_CURVE_SECRET_KEY', help: 'CURVE secret key (Z85): the sockets this role binds encrypt, as CURVE servers' },
  curvePublicKey: { kind: 'key', arg: 'KEY', cli: 'curve-public-key', env: 'ZMQ_SESSIONS_CURVE_PUBLIC_KEY', help: "this role's CURVE public key, with --curve-secret-key, for the sockets it connects (default: a new pair)" },
  curveServerKey: { kind: 'key', arg: 'KEY', cli: 'curve-server-key', env: 'ZMQ_SESSIONS_CURVE_SERVER_KEY', help: "the server's CURVE public key (Z85): the sockets this role connects encrypt, and trust only that server" },
};

/** One option as a command takes it: its default and, where it reads better, its own help. */
export interface OptionEntry<N extends OptionName> {
  default: RoleOptions[N];
  help?: string;
  use?: EndpointUse;
}

export type OptionEntries<K extends OptionName> = { [N in K]: OptionEntry<N> };

/** A command's arguments: the options it takes (K), so that it is given `Pick<RoleOptions, K>`, and its help. */
export interface CommandSpec<K extends OptionName> {
  summary: string;
  /** Extra lines for --help, after the summary. */
  details?: string;
  /** Positional argument: one of choices (run's pattern), or any value (report's file). */
  positional?: { name: string; choices?: readonly string[] };
  options: OptionEntries<K>;
  /**
   * The endpoint options of each socket: giving any of them on the command line replaces the
   * defaults of all of them, so that `rep --connect EP` connects instead of also binding :5555.
   */
  sockets?: readonly (readonly NoInfer<K>[])[];
}

/** A command's spec, its options' names inferred from the table it is given. */
export const commandSpec = <K extends OptionName>(spec: CommandSpec<K>): CommandSpec<K> => spec;

/** The options a command's code is given: those its spec declares, and no others. */
export type OptionsOf<S extends { options: object }> = Pick<RoleOptions, keyof S['options'] & OptionName>;

/** The usual socket of a one-socket role: --bind or --connect, the other's default then dropped. */
export const ONE_SOCKET = [['bind', 'connect']] as const;

const COMMON = {
  messages: { default: true },
  inspect: { default: '' },
  inspectId: { default: '' },
  sampleAbove: { default: 2000 },
  hwm: { default: 1000 },
  linger: { default: 1000 },
  heartbeat: { default: 0 },
  json: { default: false },
  quiet: { default: false },
  curveSecretKey: { default: '' },
  curvePublicKey: { default: '' },
  curveServerKey: { default: '' },
} as const;

/** The options every role takes: where it reports, how it prints, its sockets' settings and keys. */
export type CommonName = keyof typeof COMMON;
export type CommonOptions = Pick<RoleOptions, CommonName>;

export function withCommon<K extends OptionName>(options: OptionEntries<K>): OptionEntries<K | CommonName> {
  // The two tables side by side are the one table for both sets of names; TS cannot merge mapped types over a parameter.
  return { ...options, ...COMMON } as OptionEntries<K | CommonName>;
}

export interface Parsed<K extends OptionName> {
  options: Pick<RoleOptions, K>;
  positional?: string;
  help: boolean;
}

export function parseCommand<K extends OptionName>(command: string, spec: CommandSpec<K>, argv: string[]): Parsed<K> {
  const names = Object.keys(spec.options) as K[];
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' } };
  for (const name of names) {
    const info = OPTIONS[name];
    const multiple = info.kind === 'endpoints' || info.kind === 'texts';
    config[info.cli ?? name] = { type: info.kind === 'flag' ? 'boolean' : 'string', ...(multiple ? { multiple } : {}) };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${describeParseError(command, error)} Run 'zmq-sessions ${command} --help' for its options.`);
  }
  if (parsed.values.help) return { options: typed<K>(defaults(spec)), help: true };

  const options = defaults(spec);
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  for (const name of names) {
    const info = OPTIONS[name];
    const raw = values[info.cli ?? name] ?? (info.env ? process.env[info.env] || undefined : undefined);
    if (raw === undefined) continue;
    const entry = spec.options[name];
    options[name] = convert(name, { ...info, use: entry?.use ?? info.use }, entry?.help ?? info.help, raw);
  }
  for (const group of spec.sockets ?? []) {
    const given = group.some((name) => values[OPTIONS[name].cli ?? name] !== undefined);
    for (const name of group) if (given && values[OPTIONS[name].cli ?? name] === undefined) options[name] = [];
  }
  if (options.curvePublicKey && !options.curveSecretKey) {
    throw new UsageError('--curve-public-key needs its --curve-secret-key: give both, or neither for a new pair.');
  }
  return { options: typed<K>(options), positional: checkPositionals(command, spec, parsed.positionals), help: false };
}

/** Z85 encodes a 32-byte CURVE key in 40 characters of this alphabet. */
const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

/** The options as they are being filled: by name, each its default or what convert() made of its text. */
type Filling = Partial<Record<OptionName, unknown>>;

function defaults<K extends OptionName>(spec: CommandSpec<K>): Filling {
  const options: Filling = {};
  for (const name of Object.keys(spec.options) as K[]) options[name] = spec.options[name].default;
  return options;
}

/**
 * The one place the filled options take their type: every name of the spec has its default, and
 * convert() gives each kind of option the type RoleOptions has for it (OPTIONS says which kind).
 */
function typed<K extends OptionName>(options: Filling): Pick<RoleOptions, K> {
  return options as Pick<RoleOptions, K>;
}

function convert(name: OptionName, info: OptionInfo, help: string, raw: string | string[] | boolean): unknown {
  const flag = `--${info.cli ?? name}`;
  switch (info.kind) {
    case 'flag':
      return info.negated ? !raw : raw;
    case 'text':
    case 'texts':
      return raw;
    case 'endpoint':
      return checkEndpoint(raw as string, info.use!);
    case 'endpoints':
      return (raw as string[]).map((text) => checkEndpoint(text, info.use!));
    case 'int': {
      const text = raw as string;
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        throw new UsageError(`Invalid ${flag} '${text}': expected a whole number of 0 or more (${help}).`);
      }
      return Number(text);
    }
    case 'key': {
      const text = raw as string;
      if (!Z85_KEY.test(text)) {
        throw new UsageError(`Invalid ${flag} '${text.length > 12 ? `${text.slice(0, 6)}…` : text}': expected a CURVE key in Z85, 40 characters. 'zmq-sessions keygen' makes a pair.`);
      }
      return text;
    }
    case 'range': {
      const text = raw as string;
      const match = /^(\d+)-(\d+)$/.exec(text);
      if (!match || Number(match[1]) > Number(match[2])) {
        throw new UsageError(`Invalid ${flag} '${text}': expected MIN-MAX in ms with MIN <= MAX, e.g. 1-100.`);
      }
      return { min: Number(match[1]), max: Number(match[2]) };
    }
  }
}

function checkEndpoint(text: string, use: EndpointUse): string {
  try {
    // zeromq's Windows builds have no ipc://: say so before trying.
    if (parseEndpoint(text, use).transport === 'ipc' && !hasIpc(process.platform)) throw new UsageError(`Cannot use '${text}': ${ipcPathProblem(text, process.platform)}`);
    return text;
  } catch (error) {
    if (error instanceof EndpointError) throw new UsageError(error.message);
    throw error;
  }
}

function checkPositionals(command: string, spec: Pick<CommandSpec<OptionName>, 'positional'>, positionals: string[]): string | undefined {
  const expected = spec.positional;
  if (!expected) {
    if (positionals.length) {
      throw new UsageError(`Unexpected argument '${positionals[0]}' for '${command}'. Run 'zmq-sessions ${command} --help' for its options.`);
    }
    return undefined;
  }
  const [value, extra] = positionals;
  const choices = expected.choices?.join(', ');
  if (value === undefined) throw new UsageError(`'${command}' needs a ${expected.name}${choices ? `: one of ${choices}` : ''}.`);
  if (expected.choices && !expected.choices.includes(value)) throw new UsageError(`Unknown ${expected.name} '${value}' for '${command}': use one of ${choices}.`);
  if (extra !== undefined) throw new UsageError(`Unexpected argument '${extra}' for '${command}'.`);
  return value;
}

function describeParseError(command: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(text)?.[1] ?? '';
  switch ((error as { code?: string }).code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option '${option}' for '${command}'.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (text.includes('argument missing')) return `Option '${option}' needs a value.`;
      if (text.includes('ambiguous')) return `Option '${option}' needs a value; for one that starts with '-', write ${option}=VALUE.`;
      return `Option '${option}' takes no value.`;
    default:
      return text.split('\n')[0];
  }
}

export function helpText<K extends OptionName>(command: string, spec: CommandSpec<K>): string {
  const rows = (Object.keys(spec.options) as K[]).map((name) => {
    const info = OPTIONS[name];
    const entry: OptionEntry<K> = spec.options[name];
    const left = `--${info.cli ?? name}${info.arg ? ` ${info.arg}` : ''}`;
    const value = entry.default;
    const shown = info.kind === 'flag' || (Array.isArray(value) && value.length === 0) || value === '' ? '' : ` (default ${formatDefault(value)})`;
    return [left, `${entry.help ?? info.help}${shown}`];
  });
  rows.push(['--help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const positional = spec.positional ? ` <${spec.positional.choices?.join('|') ?? spec.positional.name}>` : '';
  return [
    `Usage: zmq-sessions ${command}${positional} [options]`,
    '',
    spec.summary,
    ...(spec.details ? ['', spec.details] : []),
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
  ].join('\n');
}

function formatDefault(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => JSON.stringify(item)).join(', ');
  if (typeof value === 'object' && value && 'min' in value) return `${(value as RoleOptions['workload']).min}-${(value as RoleOptions['workload']).max}`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
