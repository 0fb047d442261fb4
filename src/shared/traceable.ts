// Whether `zmq-sessions trace` can see inside a command: Python programs (through pyzmq) and Node
// programs (through zeromq.js) can be traced; anything else is seen on the wire only. The CLI
// says so before it runs one, and the extension decides with it whether a custom role is traced.
import { TRACE_ENDPOINT_ENV, TRACE_TOKEN_ENV } from './trace-facts';

export type TraceRuntime = 'python' | 'node';

/** Why a command cannot be traced, in a sentence that says what to do instead. */
export const UNTRACEABLE =
  'Tracing sees inside Python (pyzmq) and Node (zeromq.js) programs only; `zmq-sessions capture` sees the rest on the wire.';

const PYTHON = /^(python|pypy)(\d+(\.\d+)*)?w?(\.exe)?$/i;
const NODE = /^(node|nodejs)(\.exe)?$/i;
/** Launchers that run a Python or Node program given after them (`uv run app.py`, `npx tsx app.ts`). */
const PYTHON_LAUNCHERS = new Set(['py', 'py.exe', 'uv', 'poetry', 'pipenv', 'hatch', 'pdm']);
const NODE_LAUNCHERS = new Set(['npm', 'npx', 'pnpm', 'yarn', 'tsx', 'ts-node']);

const basename = (command: string) => command.split(/[\\/]/).pop() ?? command;

/**
 * The runtime a command runs, from its name (`python3`, `/usr/bin/node`), the program `env` is
 * given, or the interpreter of a script's `#!` line (its first line, read by the caller).
 */
export function traceRuntime(command: string, args: readonly string[] = [], shebang?: string): TraceRuntime | undefined {
  return runtimeNamed(basename(started(command, args, shebang).command));
}

function runtimeNamed(name: string): TraceRuntime | undefined {
  if (PYTHON.test(name) || PYTHON_LAUNCHERS.has(name.toLowerCase())) return 'python';
  if (NODE.test(name) || NODE_LAUNCHERS.has(name.toLowerCase())) return 'node';
  return undefined;
}

/** What a command finally starts: through `env` and a script's `#!` line, with what env took out of the environment on the way. */
interface Started {
  command: string;
  args: readonly string[];
  /** env -i (or -): the program gets none of this environment. */
  clears: boolean;
  /** env -u NAME. */
  unsets: string[];
}

function started(command: string, args: readonly string[], shebang?: string): Started {
  const name = basename(command);
  if (name === 'env') {
    const run = envCommand(args);
    if (!run.command) return { command, args, clears: run.clears, unsets: run.unsets };
    const next = started(run.command, run.args);
    return { ...next, clears: run.clears || next.clears, unsets: [...run.unsets, ...next.unsets] };
  }
  const interpreter = shebang?.startsWith('#!') ? shebang.slice(2).trim().split(/\s+/) : undefined;
  if (!runtimeNamed(name) && interpreter?.[0]) return started(interpreter[0], interpreter.slice(1));
  return { command, args, clears: false, unsets: [] };
}

/**
 * What `env [OPTION]... [NAME=VALUE]... COMMAND [ARG]...` runs, and what it takes out of the
 * environment first: all of it (-i, -), or the variables it unsets (-u NAME). -S splits its value
 * into the command's first words, as a `#!/usr/bin/env -S python3 -u` line has it.
 */
function envCommand(args: readonly string[]): { command?: string; args: string[]; clears: boolean; unsets: string[] } {
  let clears = false;
  const unsets: string[] = [];
  const split = (value: string, rest: readonly string[]) => {
    const inner = envCommand([...value.trim().split(/\s+/), ...rest]);
    return { ...inner, clears: clears || inner.clears, unsets: [...unsets, ...inner.unsets] };
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const long = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (arg === '-') clears = true;
    else if (long) {
      const value = () => long[2] ?? args[++i] ?? '';
      if (long[1] === 'ignore-environment') clears = true;
      else if (long[1] === 'unset') unsets.push(value());
      else if (long[1] === 'chdir') value();
      else if (long[1] === 'split-string') return split(value(), args.slice(i + 1));
    } else if (arg.startsWith('-')) {
      // A cluster of short options (-iv); -u, -C and -S take the rest of it, or the next argument.
      for (let at = 1; at < arg.length; at++) {
        if (arg[at] === 'i') clears = true;
        if (!'uCS'.includes(arg[at])) continue;
        const value = at < arg.length - 1 ? arg.slice(at + 1) : args[++i] ?? '';
        if (arg[at] === 'u') unsets.push(value);
        if (arg[at] === 'S') return split(value, args.slice(i + 1));
        break;
      }
    } else if (!arg.includes('=')) return { command: arg, args: args.slice(i + 1), clears, unsets };
  }
  return { args: [], clears, unsets };
}

/** The variables `zmq-sessions trace` gives a program, which its tracer needs. */
const TRACER_VARIABLES = ['PYTHONPATH', 'NODE_OPTIONS', TRACE_ENDPOINT_ENV, TRACE_TOKEN_ENV];

/** The end of every reason a Python or Node program runs untraced: what to do instead. */
const INSTEAD = 'the program runs untraced. Run it without that, or see it on the wire with `zmq-sessions capture`.';

/**
 * Why `zmq-sessions trace` would not see inside a command, in a sentence that says what to do
 * instead; undefined when it would. Besides a runtime it cannot trace: the program started
 * without the environment the tracer comes in (`env -i`, `env -u PYTHONPATH`), or a Python
 * option that skips PYTHONPATH or the sitecustomize there (-I, -E, -S).
 */
export function whyUntraced(command: string, args: readonly string[] = [], shebang?: string): string | undefined {
  const run = started(command, args, shebang);
  const name = basename(run.command);
  if (!runtimeNamed(name)) return `${basename(command)} is not a Python or Node program. ${UNTRACEABLE}`;
  if (run.clears) return `env -i clears the environment the tracer comes in (PYTHONPATH, NODE_OPTIONS): ${INSTEAD}`;
  const unset = run.unsets.find((variable) => TRACER_VARIABLES.includes(variable));
  if (unset) return `env -u ${unset} takes out a variable the tracer comes in: ${INSTEAD}`;
  const flag = PYTHON.test(name) ? pythonOptionSkippingTracer(run.args) : undefined;
  return flag && `${name} ${flag.option} ${flag.does}: ${INSTEAD}`;
}

const SKIPPING: Record<string, string> = {
  I: 'isolates the program from PYTHONPATH, where the tracer is',
  E: 'ignores PYTHONPATH, where the tracer is',
  S: 'skips the sitecustomize that starts the tracer',
};

/** Python's own options, before its script, -c or -m: the first that keeps the tracer out (-IE is -I and -E). */
function pythonOptionSkippingTracer(args: readonly string[]): { option: string; does: string } | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-' || arg === '--') return undefined;
    if (arg.startsWith('--')) {
      if (arg === '--check-hash-based-pycs') i++;
      continue;
    }
    for (let at = 1; at < arg.length; at++) {
      const letter = arg[at];
      if (SKIPPING[letter]) return { option: `-${letter}`, does: SKIPPING[letter] };
      if (letter === 'c' || letter === 'm') return undefined;
      // -W and -X take a value: the rest of this argument, or the next one.
      if (letter === 'W' || letter === 'X') {
        if (at === arg.length - 1) i++;
        break;
      }
    }
  }
  return undefined;
}

/** How the extension inspects a user's program: traced from inside, captured on the wire, or not at all. */
export const INSPECT_MODES = ['trace', 'wire', 'off'] as const;
export type InspectMode = (typeof INSPECT_MODES)[number];

export type Inspection = { kind: 'trace'; runtime: TraceRuntime } | { kind: 'wire' } | { kind: 'off' } | { kind: 'untraceable'; reason: string };

/**
 * How a custom role is inspected: its own `"inspect"` if it has one, else the setting
 * `zeromq.inspect.userPrograms`. Tracing a program that is neither Python nor Node is not possible:
 * the role says why.
 */
export function inspectionOf(command: string, args: readonly string[], mode: InspectMode, shebang?: string): Inspection {
  if (mode !== 'trace') return { kind: mode };
  const runtime = traceRuntime(command, args, shebang);
  const reason = whyUntraced(command, args, shebang);
  return runtime && !reason ? { kind: 'trace', runtime } : { kind: 'untraceable', reason: reason! };
}
