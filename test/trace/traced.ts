// Programs run under `zmq-sessions trace`, a `zmq-sessions record` collecting what they report, and
// the lock that the tests of the seed's programs (fixed ports 5555-5558) share with other suites.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AnalyticsReport, CollectedEvent } from '../../src/shared/analytics';
import { CLI, Roles, runCli, tempDir } from '../helpers/cli';
import { waitFor } from '../helpers/wait';

export const SEED = path.resolve(__dirname, '../../../test/fixtures/seed-workspace');
export const PYTHON = '/usr/bin/python3';
/** pyzmq programs that fall into the classic pitfalls, for the diagnoses' tests. */
export const PITFALLS = path.resolve(__dirname, '../../../test/fixtures/pitfalls');

/** A process with its output so far and its end. */
export class Proc {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk) => (this.stdout += chunk));
    this.child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    if (options.input !== undefined) this.child.stdin!.end(options.input);
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
  }

  async until(text: string | RegExp, timeoutMs = 15000): Promise<void> {
    const seen = () => (typeof text === 'string' ? this.stdout.includes(text) : text.test(this.stdout));
    await waitFor(seen, timeoutMs, () => `${String(text)} in the output of ${this.child.spawnargs.join(' ')}; it printed ${JSON.stringify(this.stdout.slice(-300))}, stderr ${JSON.stringify(this.stderr.slice(-300))}`);
  }

  /** Stops it (SIGTERM, then SIGKILL) unless it has ended. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

/** `zmq-sessions trace --inspect EP -- COMMAND ARGS`, in the seed's folder by default. */
export function traced(inspect: string, command: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; own?: string[] } = {}): Proc {
  return new Proc(process.execPath, [CLI, 'trace', '--inspect', inspect, ...(options.own ?? []), '--', ...command], { cwd: options.cwd ?? SEED, ...options });
}

/**
 * For the tests of one describe block: a temporary folder, a recorder in it, and the traced
 * programs each test starts with `start`. After each test, whatever happened, the programs stop,
 * then the given built-in roles, then the recorder, and the folder goes.
 */
export function useRecording(roles?: Roles): { readonly dir: string; readonly recorder: Recorder; start: typeof traced } {
  const procs: Proc[] = [];
  let folder: ReturnType<typeof tempDir> | undefined;
  let recorder: Recorder | undefined;
  beforeEach(async () => {
    folder = tempDir();
    recorder = new Recorder(folder.dir);
    await recorder.started();
  });
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((proc) => proc.stop()));
    await roles?.stopAll();
    await recorder?.stop();
    folder?.remove();
  });
  return {
    get dir() {
      return folder!.dir;
    },
    get recorder() {
      return recorder!;
    },
    start: (...args) => {
      const proc = traced(...args);
      procs.push(proc);
      return proc;
    },
  };
}

/** `zmq-sessions record` on an ipc endpoint, and the analytics of what it recorded once stopped. */
export class Recorder {
  readonly endpoint: string;
  private readonly proc: Proc;

  constructor(private readonly dir: string) {
    this.endpoint = `ipc://${dir}/collector`;
    this.proc = new Proc(process.execPath, [CLI, 'record', '--bind', this.endpoint, '--out', path.join(dir, 'capture.jsonl')]);
  }

  started(): Promise<void> {
    return this.proc.until('Recording to');
  }

  /** The events recorded so far. */
  events(): CollectedEvent[] {
    const file = path.join(this.dir, 'capture.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter((line) => line.endsWith('}')).map((line) => JSON.parse(line));
  }

  async report(): Promise<AnalyticsReport> {
    this.proc.child.kill('SIGINT');
    await this.proc.exited;
    const result = await runCli(['report', path.join(this.dir, 'capture.jsonl'), '--json']);
    if (result.code !== 0) throw new Error(`report failed: ${result.stderr}`);
    return JSON.parse(result.stdout);
  }

  stop(): Promise<void> {
    return this.proc.stop();
  }
}

/**
 * Holds /tmp/seedports.lock (flock) until released: the seed's programs bind fixed ports, and other
 * suites that run them take the same lock.
 */
export async function seedPortsLock(): Promise<{ release: () => Promise<void> }> {
  const holder = new Proc('flock', ['/tmp/seedports.lock', '-c', 'echo locked; cat > /dev/null']);
  await holder.until('locked', 180000);
  return {
    release: async () => {
      holder.child.stdin!.end();
      await holder.exited;
    },
  };
}
