// Whether `zmq-sessions trace` can see inside a command: Python programs (through pyzmq) and Node
// programs (through zeromq.js) can be traced; anything else is seen on the wire only. The CLI
// says so before it runs one, and the extension decides with it whether a custom role is traced.

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
  const name = basename(command);
  if (PYTHON.test(name) || PYTHON_LAUNCHERS.has(name.toLowerCase())) return 'python';
  if (NODE.test(name) || NODE_LAUNCHERS.has(name.toLowerCase())) return 'node';
  if (name === 'env') {
    const program = args.find((arg) => !arg.startsWith('-') && !arg.includes('='));
    return program ? traceRuntime(program, args.slice(args.indexOf(program) + 1)) : undefined;
  }
  const interpreter = shebang?.startsWith('#!') ? shebang.slice(2).trim().split(/\s+/) : undefined;
  if (interpreter?.[0]) return traceRuntime(interpreter[0], interpreter.slice(1));
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
  return runtime ? { kind: 'trace', runtime } : { kind: 'untraceable', reason: `${basename(command)} is not a Python or Node program. ${UNTRACEABLE}` };
}
