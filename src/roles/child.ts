// A role as a child process: ChildRole runs any command and tracks its exit and last error line;
// RoleProcess runs the CLI in --json mode and follows it through its events. `zmq-sessions run`
// uses RoleProcess; the extension's launchers use ChildRole for built-in and custom roles alike.
import { ChildProcess, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { ProgramName, RoleEvent, RoleEventOf } from '../shared/role-events';
import { PARENT_ENV } from '../shared/telemetry';

/**
 * On POSIX each role runs in a process group of its own, and stop and signals go to the whole
 * group: a custom role's wrapper script (a shell, npm, a Python launcher) does not leave its
 * children running. (Windows has no process groups; see the platform rules.)
 */
const GROUPS = process.platform !== 'win32';

export interface RoleExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last line the process wrote to stderr (or why it could not start), to say why it failed. */
  lastError?: string;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with each chunk of standard output and error, as text. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export class ChildRole {
  readonly child: ChildProcess;
  /** Resolves once the process has started; rejects if it could not (e.g. command not found). */
  readonly spawned: Promise<void>;
  readonly exited: Promise<RoleExit>;
  private lastError?: string;
  private closed = false;

  constructor(command: string, args: string[], options: ChildOptions = {}) {
    // PARENT_ENV: a built-in role ends when this process goes away; the tests find every descendant by it.
    const env = { ...(options.env ?? process.env), [PARENT_ENV]: String(process.pid) };
    this.child = spawn(command, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: GROUPS });
    this.spawned = new Promise((resolve, reject) => {
      this.child.once('spawn', resolve);
      this.child.once('error', reject);
    });
    this.spawned.catch((error: NodeJS.ErrnoException) => {
      this.lastError = error.code === 'ENOENT' ? `command not found: ${command}` : error.message;
    });
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        this.closed = true;
        resolve({ code, signal, lastError: this.lastError });
      });
    });
    this.child.stdin!.on('error', () => undefined); // a process that exited cannot take input; not an error here
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      const lines = text.split('\n').filter((line) => line.trim());
      if (lines.length) this.lastError = lines.at(-1)!.replace(/^Error: /, '');
      options.onOutput?.(text, 'stderr');
    });
    if (options.onOutput) this.child.stdout!.setEncoding('utf8').on('data', (text: string) => options.onOutput!(text, 'stdout'));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  /** Writes a line to standard input (Enter for a waiting ventilator, a message for a publisher). */
  writeLine(text = ''): void {
    if (this.running) this.child.stdin!.write(`${text}\n`);
  }

  /** Sends a signal to the role's process and, on POSIX, to every process of its group. */
  signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      if (GROUPS) process.kill(-this.child.pid, signal);
      else this.child.kill(signal);
    } catch {
      // Nothing of the group is left.
    }
  }

  /**
   * Asks the role to stop (SIGTERM to its group) and kills the group if it has not ended after
   * graceMs. Also when the process itself has exited: what it started may still hold its output.
   */
  async stop(graceMs = 2000): Promise<RoleExit> {
    if (this.closed || this.child.pid === undefined) return this.exited;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

export interface StartOptions {
  /** The CLI script. */
  cli: string;
  /** The Node binary; in an Electron host set ELECTRON_RUN_AS_NODE=1 in env. Defaults to this one. */
  node?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onEvent?: (event: RoleEvent) => void;
}

export class RoleProcess extends ChildRole {
  /** Resolves with the role's ready event; rejects if it exits first. */
  readonly ready: Promise<RoleEventOf<'ready'>>;

  constructor(
    readonly role: ProgramName,
    args: string[],
    options: StartOptions,
  ) {
    super(options.node ?? process.execPath, [options.cli, role, ...args, '--json'], { cwd: options.cwd, env: options.env });
    this.ready = new Promise((resolve, reject) => {
      readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
        const event = parseEvent(line);
        if (!event) return;
        if (event.event === 'ready') resolve(event);
        options.onEvent?.(event);
      });
      void this.exited.then((exit) => reject(new Error(exit.lastError ?? `${role} exited with code ${exit.code} before it was ready`)));
    });
    // A caller that only awaits `exited` must not see an unhandled rejection.
    this.ready.catch(() => undefined);
  }
}

function parseEvent(line: string): RoleEvent | undefined {
  try {
    const value = JSON.parse(line);
    return typeof value === 'object' && value && typeof value.event === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
