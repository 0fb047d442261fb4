// `zmq-sessions trace [--inspect EP] [--sample-above N] -- COMMAND [ARGS...]`: runs a program with
// a tracer injected, as opentelemetry-instrument does: Python finds tracer/python first on
// PYTHONPATH (its sitecustomize), Node is given `--require dist/trace-hook.js` in NODE_OPTIONS.
// Whatever the program is, its stdin, stdout and stderr are its own, and its exit code or the
// signal that ended it is this command's.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { defaultBind } from '../../shared/catalog';
import { INSPECT_TOKEN_ENV } from '../../shared/telemetry';
import { TRACE_ENDPOINT_ENV, TRACE_SAMPLE_ENV, TRACE_TOKEN_ENV } from '../../shared/trace-facts';
import { whyUntraced } from '../../shared/traceable';
import { UsageError } from '../errors';
import { commandSpec, OptionsOf } from '../options';
import { yieldCpu } from '../niceness';
import { Relay } from './relay';
import { firstLine } from './shebang';

export const traceSpec = commandSpec({
  summary: 'Runs a Python (pyzmq) or Node (zeromq.js) program with a tracer inside that reports its sockets,\nmessages and socket events to a collector, as a built-in role does. The program is not changed:\nits output, exit code and signals are its own.',
  details: 'The program comes after --: zmq-sessions trace [options] -- python3 app.py\nWith ZMQ_SESSIONS_INSPECT_TOKEN in its environment it reports with that token (the program does not see it).',
  options: {
    inspect: { default: defaultBind('collector'), help: "the collector to report to (zmq-sessions record's default)" },
    inspectId: { default: '', help: 'the name the program reports under, default SCRIPT-PID' },
    sampleAbove: { default: 2000 },
  },
});

type TraceOptions = OptionsOf<typeof traceSpec>;

/** Where the tracers are, beside this file once built: dist/cli.js, dist/trace-hook.js, tracer/python. */
const ROOT = path.resolve(__dirname, '..');
const PYTHON_TRACER = path.join(ROOT, 'tracer', 'python');
const NODE_HOOK = path.join(ROOT, 'dist', 'trace-hook.js');

/** Signals passed on to the program. SIGINT only when not from a terminal, which sends it to the program itself. */
const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGINT'];

export function splitTraceArgs(argv: string[]): { own: string[]; command: string[] } {
  const split = argv.indexOf('--');
  if (split < 0) return { own: argv, command: [] };
  return { own: argv.slice(0, split), command: argv.slice(split + 1) };
}

/** The exit code of the traced program, or the signal that ended it. */
export type TraceResult = number | { signal: NodeJS.Signals };

export async function trace(command: string[], options: TraceOptions): Promise<TraceResult> {
  if (command.length === 0) throw new UsageError("Give the program to trace after '--', e.g. zmq-sessions trace -- python3 app.py.");
  const [program, ...args] = command;
  return run(program, args, options);
}

async function run(program: string, args: string[], options: TraceOptions): Promise<TraceResult> {
  const name = options.inspectId || programName(program, args);
  let rootPid: number | undefined;
  // The program itself reports under --inspect-id when given; processes it starts under NAME-PID.
  const sourceOf = (pid: number) => (options.inspectId && pid === rootPid ? options.inspectId : `${name}-${pid}`);
  // The program starts at once: its tracer connects to the relay while that binds (ZeroMQ retries).
  const relay = new Relay({ inspect: options.inspect, collectorToken: process.env[INSPECT_TOKEN_ENV] || undefined, sourceOf });
  // Before the program starts: a signal that came before its handler would end this process and
  // leave the program running. Handlers run once the synchronous start below is done.
  let child: ChildProcess | undefined;
  const forward = (signal: NodeJS.Signals) => {
    if (signal === 'SIGINT' && process.stdin.isTTY) return;
    child?.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  child = spawn(program, args, { stdio: 'inherit', env: tracedEnv(process.env, relay, options.sampleAbove) });
  rootPid = child.pid;
  // The relay behind the program: the tracer counts what it cannot take in time; the counters stay exact.
  yieldCpu();
  child.once('spawn', () => {
    const untraced = whyUntraced(program, args, /[\\/]/.test(program) ? firstLine(program) : undefined);
    if (untraced) process.stderr.write(`zmq-sessions trace: ${untraced}\n`);
  });
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  await relay.close({ pid: rootPid, ...ended });
  for (const signal of FORWARDED) process.off(signal, forward);
  if (ended.error) {
    const missing = (ended.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(missing ? `Cannot run ${program}: no such program. Check its name, or give its path.` : `Cannot run ${program}: ${ended.error.message}.`);
  }
  return ended.signal ? { signal: ended.signal } : ended.code ?? 1;
}

/** The program's environment, with the tracers put first and the collector's token left out. */
export function tracedEnv(env: NodeJS.ProcessEnv, relay: { endpoint: string; token: string }, sampleAbove: number): NodeJS.ProcessEnv {
  const traced: NodeJS.ProcessEnv = { ...env };
  delete traced[INSPECT_TOKEN_ENV];
  traced[TRACE_ENDPOINT_ENV] = relay.endpoint;
  traced[TRACE_TOKEN_ENV] = relay.token;
  traced[TRACE_SAMPLE_ENV] = String(sampleAbove);
  traced.PYTHONPATH = [PYTHON_TRACER, env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  // Quoted: NODE_OPTIONS splits on spaces, and the extension's folder may have some.
  traced.NODE_OPTIONS = [`--require ${JSON.stringify(NODE_HOOK)}`, env.NODE_OPTIONS].filter(Boolean).join(' ');
  return traced;
}

/** The script's name without its extension (hwserver for `python3 hwserver.py`), else the command's. */
function programName(program: string, args: string[]): string {
  const script = args.find((arg) => /\.(py|m?js|cjs|ts)$/.test(arg));
  return path.basename(script ?? program).replace(/\.[^.]+$/, '') || 'program';
}
