// A role as a child process: ChildRole runs any command and tracks its exit and last error line;
// RoleProcess runs the CLI in --json mode and follows it through its events. `zmq-sessions run`
// uses RoleProcess; the extension's launchers use ChildRole for built-in and custom roles alike.
import { ChildProcess, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { ProgramName, RoleEvent, RoleEventOf } from '../shared/role-events';

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

  constructor(command: string, args: string[], options: ChildOptions = {}) {
    this.child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.spawned = new Promise((resolve, reject) => {
      this.child.once('spawn', resolve);
      this.child.once('error', reject);
    });
    this.spawned.catch((error: NodeJS.ErrnoException) => {
      this.lastError = error.code === 'ENOENT' ? `command not found: ${command}` : error.message;
    });
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => resolve({ code, signal, lastError: this.lastError }));
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

  /** Asks the process to stop (SIGTERM) and kills it if it has not exited after graceMs. */
  async stop(graceMs = 2000): Promise<RoleExit> {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      const exit = await this.exited;
      clearTimeout(timer);
      return exit;
    }
    return this.exited;
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
