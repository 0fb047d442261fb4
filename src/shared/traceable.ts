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
