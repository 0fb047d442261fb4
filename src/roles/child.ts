// Starts a role as a child process of the CLI in --json mode and follows it through its events.
// `zmq-sessions run` uses it, and so does the extension's background launcher.
import { ChildProcess, spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { RoleEvent, RoleEventOf, RoleName } from '../shared/role-events';

export interface RoleExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last line the role wrote to stderr, to say why it failed. */
  lastError?: string;
}

export interface StartOptions {
  /** The CLI script; the Node binary that runs it is `node` (see below). */
  cli: string;
  /** The Node binary; in an Electron host set ELECTRON_RUN_AS_NODE=1 in env. Defaults to this one. */
  node?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onEvent?: (event: RoleEvent) => void;
}

export class RoleProcess {
  readonly child: ChildProcess;
  /** Resolves with the role's ready event; rejects if it exits first. */
  readonly ready: Promise<RoleEventOf<'ready'>>;
  readonly exited: Promise<RoleExit>;
  private lastError?: string;

  constructor(
    readonly role: RoleName,
    args: string[],
    options: StartOptions,
  ) {
    this.child = spawn(options.node ?? process.execPath, [options.cli, role, ...args, '--json'], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.lastError = error.message;
      });
      this.child.once('close', (code, signal) => resolve({ code, signal, lastError: this.lastError }));
    });
    readline.createInterface({ input: this.child.stderr! }).on('line', (line) => {
      if (line.trim()) this.lastError = line.replace(/^Error: /, '');
    });
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

  /** Writes a line to the role's standard input (Enter for a waiting ventilator). */
  writeLine(text = ''): void {
    this.child.stdin?.write(`${text}\n`);
  }

  /** Asks the role to stop (SIGTERM), and kills it if it has not exited after graceMs. */
  async stop(graceMs = 2000): Promise<RoleExit> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      const exit = await this.exited;
      clearTimeout(timer);
      return exit;
    }
    return this.exited;
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
