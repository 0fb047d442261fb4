// Runs the built CLI (dist/cli.js, the program users run) as a child process in tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RoleProcess } from '../../src/roles/child';
import { ProgramName, RoleEvent, RoleName } from '../../src/shared/role-events';
import { currentTestFailed, diagnose } from './diagnosis';
import { leftovers } from './processes';
import { Stoppable } from './stoppable';

export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

/**
 * Runs `zmq-sessions ARGS` to its end. After timeoutMs it is stopped, so that no test hangs: SIGTERM
 * first, which lets `run` stop the roles it started, then SIGKILL; stderr then says so, for the
 * test's failure message.
 */
export function runCli(args: string[], options: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const timeoutMs = options.timeoutMs ?? 20000;
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timers = [
      setTimeout(() => ((timedOut = true), child.kill('SIGTERM')), timeoutMs),
      setTimeout(() => child.kill('SIGKILL'), timeoutMs + 3000),
    ];
    child.on('close', (code) => {
      timers.forEach(clearTimeout);
      if (timedOut) stderr += `(test) zmq-sessions ${args.join(' ')} had not ended after ${timeoutMs} ms and was stopped. Its output:\n${stdout.slice(-2000)}`;
      // A run stopped for taking too long did not succeed, whatever its exit code after SIGTERM.
      resolve({ code: timedOut ? null : code, stdout, stderr, ms: Date.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A started role in --json mode with every event it printed so far. */
export class TestRole extends RoleProcess {
  readonly events: RoleEvent[] = [];
  /** Everything it wrote to stderr, for the report of a failed test. */
  stderr = '';

  constructor(
    role: ProgramName,
    readonly args: string[],
    env?: NodeJS.ProcessEnv,
  ) {
    const events: RoleEvent[] = [];
    super(role, args, { cli: CLI, onEvent: (event) => events.push(event), ...(env ? { env: { ...process.env, ...env } } : {}) });
    this.events = events;
    this.child.stderr!.on('data', (text: string) => (this.stderr += text));
  }

  /** The text the role printed, as it would appear without --json. */
  get text(): string {
    return this.events.map((event) => (event.event === 'output' ? event.text : '')).join('');
  }

  of<E extends RoleEvent['event']>(kind: E): Extract<RoleEvent, { event: E }>[] {
    return this.events.filter((event): event is Extract<RoleEvent, { event: E }> => event.event === kind);
  }

  /** Resolves once the role has printed `count` events that match. */
  async until(match: (event: RoleEvent) => boolean, count = 1, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.filter(match).length < count) {
      if (Date.now() > deadline) throw new Error(`${this.role}: ${count} matching events not seen in ${timeoutMs} ms; got ${JSON.stringify(this.events.slice(-5))}`);
      if (this.child.exitCode !== null) throw new Error(`${this.role} exited (${this.child.exitCode}) before the events came`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Roles started in a test, stopped after it whatever happened; if it failed, what they did is printed first. */
export class Roles extends Stoppable<TestRole> {
  start(role: ProgramName, args: string[], env?: NodeJS.ProcessEnv): TestRole {
    return this.track(new TestRole(role, args, env));
  }

  override async stopAll(): Promise<void> {
    if (currentTestFailed() && this.items.length) console.log(diagnose(this.items));
    await super.stopAll();
  }
}

// After every test (its own afterEach hooks first): a role of this CLI still running was left
// behind by it, and may take messages meant for a later test's sockets (a PUSH or PULL that
// reconnects to a port the system hands out again).
if (typeof afterEach === 'function') {
  afterEach(function () {
    const left = leftovers(CLI);
    if (left.length) console.log(`(test) "${this.currentTest?.fullTitle()}" left CLI processes running:\n${left.map((line) => `  ${line}`).join('\n')}`);
  });
}

export const ANY_PORT = 'tcp://127.0.0.1:*';

/** A temporary folder for ipc endpoints; remove it with the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'zmq-sessions-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Each role in a state where it waits on the network; a signal must still end it promptly.
export const WAITING_ARGS: Record<RoleName, string[]> = {
  rep: ['--bind', ANY_PORT],
  req: ['--connect', 'tcp://127.0.0.1:9'],
  pub: ['--bind', ANY_PORT],
  sub: ['--connect', 'tcp://127.0.0.1:9'],
  // Its "0" to an absent sink can never be delivered: the case where libzmq's default linger hangs.
  ventilator: ['--bind', ANY_PORT, '--sink', 'tcp://127.0.0.1:9', '--no-wait', '--linger', '60000'],
  worker: ['--connect', 'tcp://127.0.0.1:9', '--sink', 'tcp://127.0.0.1:9'],
  sink: ['--bind', ANY_PORT],
  router: ['--bind', ANY_PORT],
  dealer: ['--connect', 'tcp://127.0.0.1:9'],
  // Its first send waits for a peer that never comes.
  pair: ['--bind', ANY_PORT],
  broker: ['--frontend-bind', ANY_PORT, '--backend-bind', ANY_PORT],
  forwarder: ['--connect', 'tcp://127.0.0.1:9', '--bind', ANY_PORT],
  streamer: ['--connect', 'tcp://127.0.0.1:9', '--bind', ANY_PORT],
};
