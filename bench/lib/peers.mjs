// The programs a run compares, each able to play the same pipeline and request-reply roles: the
// built-in roles (dist/cli.js, as `zmq-sessions run` starts them: --json --no-messages), and the
// bare peers in bench/peers/ for zeromq.js, pyzmq and libzmq C.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Proc } from './procs.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/cli.js');
export const RESULTS = join(ROOT, 'bench/results');
const PEERS = join(ROOT, 'bench/peers');
const PYTHON = '/usr/bin/python3';

/** BENCH_CPU_PROF=DIR: every Node program of the run writes a V8 CPU profile into DIR/NAME/. */
export const profiled = (name) => (process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', join(process.env.BENCH_CPU_PROF, name)] : []);

const event = (name) => new RegExp(`^\\{"event":"${name}"`);
const eventOf = (line) => JSON.parse(line);

/**
 * The built-in roles; `inspect` (a collector's endpoint) adds --inspect as the extension does,
 * `quiet` leaves out the text they print (a line per request, a dot per task).
 */
function roles(inspect, tag, quiet = false) {
  const start = (role, args, cpu) => {
    const id = inspect ? ['--inspect', inspect, '--inspect-id', `${tag}-${role}`] : [];
    const flags = ['--json', '--no-messages', ...(quiet ? ['--quiet'] : []), ...id];
    return new Proc(process.execPath, [...profiled(role), CLI, role, ...args, ...flags], { name: role, cpu });
  };
  return {
    name: `${inspect ? 'roles+inspect' : 'roles'}${quiet ? ' --quiet' : ''}`,
    sink: (endpoint, count, cpu) => start('sink', ['--bind', endpoint, '--tasks', String(count)], cpu),
    worker: (vent, sink, cpu) => start('worker', ['--connect', vent, '--sink', sink], cpu),
    // --count 2: after its batch it waits for a second Enter, so it stays until stopped (as the
    // bare ventilators do: one that exits at once can lose its last tasks over ipc).
    ventilator: (vent, sink, count, size, cpu) =>
      start('ventilator', ['--bind', vent, '--sink', sink, '--tasks', String(count), '--workload', '0-0', '--size', String(size), '--count', '2'], cpu),
    rep: (endpoint, cpu) => start('rep', ['--bind', endpoint, '--delay', '0'], cpu),
    req: (endpoint, count, cpu, intervalMs = 0) => start('req', ['--connect', endpoint, '--count', String(count), '--interval', String(intervalMs)], cpu),
    ready: (proc) => proc.line(event('ready')),
    elapsedMs: async (sink) => eventOf(await sink.line(event('batch-done'))).elapsedMs,
    rttsUs: async (req) => {
      await req.exited;
      return req.lines.filter((line) => event('reply').test(line)).map((line) => Math.round(eventOf(line).roundTripMs * 1000));
    },
  };
}

/** A bare peer: `command args ROLE ...`; it prints READY, then `ELAPSED ms` or `RTT us us ...`. */
export function bare(name, command, args) {
  const node = command === process.execPath;
  const start = (role, rest, cpu) => new Proc(command, [...(node ? profiled(`${name}-${role}`) : []), ...args, role, ...rest.map(String)], { name: `${name} ${role}`, cpu });
  return {
    name,
    sink: (endpoint, count, cpu) => start('sink', [endpoint, count], cpu),
    worker: (vent, sink, cpu) => start('worker', [vent, sink], cpu),
    ventilator: (vent, sink, count, size, cpu) => start('ventilator', [vent, sink, count, size], cpu),
    rep: (endpoint, cpu) => start('rep', [endpoint], cpu),
    req: (endpoint, count, cpu) => start('req', [endpoint, count], cpu),
    ready: (proc) => proc.line('READY'),
    elapsedMs: async (sink) => Number((await sink.line('ELAPSED ')).split(' ')[1]),
    rttsUs: async (req) => (await req.line('RTT ')).split(' ').slice(1).map(Number),
  };
}

/** Compiles the C peer into bench/results/; undefined (with the reason) when there is no compiler. */
function compileC() {
  mkdirSync(RESULTS, { recursive: true });
  const binary = join(RESULTS, 'peer-c');
  const result = spawnSync('gcc', ['-O2', '-o', binary, join(PEERS, 'peer.c'), '-lzmq'], { encoding: 'utf8', timeout: 60_000 });
  if (result.error || result.status !== 0) return { skipped: `C peer not built: ${result.error?.message ?? result.stderr.trim()}` };
  return { binary };
}

/** Every program of this machine, and why any is missing. */
export function implementations() {
  const list = [roles(), bare('zeromq.js', process.execPath, [join(PEERS, 'zeromqjs.mjs')])];
  const skipped = [];
  if (existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import zmq'], { timeout: 10_000 }).status === 0) list.push(bare('pyzmq', PYTHON, [join(PEERS, 'peer.py')]));
  else skipped.push('pyzmq: /usr/bin/python3 cannot import zmq (apt install python3-zmq)');
  const c = compileC();
  if (c.binary) list.push(bare('libzmq C', c.binary, []));
  else skipped.push(c.skipped);
  return { list, skipped, inspected: roles, quiet: roles(undefined, undefined, true) };
}
