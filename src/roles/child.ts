// A role as a child process: ChildRole runs any command and tracks its exit and last error line;
// RoleProcess runs the CLI in --json mode and follows it through its events. `zmq-sessions run`
// uses RoleProcess; the extension's launchers use ChildRole for built-in and custom roles alike.
import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { interruptStep, outputLines, Platform, STOP_MESSAGE, StopStep, StopTarget, stopPlan } from '../shared/platform';
import { commandCandidates, Launch, windowsLaunch } from '../shared/platform-command';
import { ProgramName, RoleEvent, RoleEventOf } from '../shared/role-events';
import { PARENT_ENV } from '../shared/telemetry';

/**
 * On POSIX each role runs in a process group of its own, and stop and signals go to the whole
 * group: a custom role's wrapper script (a shell, npm, a Python launcher) does not leave its
 * children running. (Windows has no process groups: shared/platform's stopPlan kills the tree.)
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
  /** An IPC channel to a Node child (a built-in role): how Windows asks it to stop (shared/platform). */
  channel?: boolean;
}

export class ChildRole {
  readonly child: ChildProcess;
  /** Resolves once the process has started; rejects if it could not (e.g. command not found). */
  readonly spawned: Promise<void>;
  readonly exited: Promise<RoleExit>;
  private lastError?: string;
  private readonly channel: boolean;
  private closed = false;

  constructor(command: string, args: string[], options: ChildOptions = {}) {
    this.channel = options.channel ?? false;
    // PARENT_ENV: a built-in role ends when this process goes away; the tests find every descendant by it.
    const env = { ...(options.env ?? process.env), [PARENT_ENV]: String(process.pid) };
    const launch = platformLaunch(command, args, options.cwd, env);
    const stdio: StdioOptions = ['pipe', 'pipe', 'pipe', ...(this.channel ? ['ipc' as const] : [])];
    this.child = spawn(launch.command, launch.args, { cwd: options.cwd, env, stdio, windowsVerbatimArguments: launch.verbatim, detached: GROUPS });
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
      const lines = outputLines(text).filter((line) => line.trim());
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

  /**
   * Asks the process to stop and ends it if it has not exited after graceMs (shared/platform's
   * stopPlan). Also when the process itself has exited: what it started may still hold its output.
   */
  async stop(graceMs = 2000, platform: Platform = process.platform): Promise<RoleExit> {
    if (this.closed || this.child.pid === undefined) return this.exited;
    const plan = stopPlan(platform, this.stopTarget(), path);
    this.apply(plan.graceful);
    const timer = setTimeout(() => this.apply(plan.force), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
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

  /** Ctrl-C typed into its terminal. */
  interrupt(platform: Platform = process.platform): void {
    if (this.running) this.apply(interruptStep(platform, this.stopTarget(), path));
  }

  private stopTarget(): StopTarget {
    return { pid: this.child.pid!, channel: this.channel, systemRoot: process.env.SystemRoot };
  }

  private apply(step: StopStep): void {
    if (step.kind === 'signal') return this.signal(step.signal);
    if (!this.running) return;
    if (step.kind === 'message') this.child.send(STOP_MESSAGE, () => undefined);
    else if (step.kind === 'end-input') this.child.stdin!.end();
    // taskkill missing or refused: end at least the process itself.
    else spawn(step.command, step.args, { stdio: 'ignore' }).once('error', () => this.child.kill()).once('exit', (code) => code && this.child.kill());
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
    super(options.node ?? process.execPath, [options.cli, role, ...args, '--json'], { cwd: options.cwd, env: options.env, channel: true });
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

/** On Windows, what CreateProcess can run for `command` (shared/platform-command); elsewhere, the command as given. */
function platformLaunch(command: string, args: string[], cwd: string | undefined, env: NodeJS.ProcessEnv): Launch {
  if (process.platform !== 'win32') return { command, args, verbatim: false };
  // Windows' variable names ignore case, and an environment built by spreading process.env keeps `Path`.
  const variable = (name: string) => Object.entries(env).find(([key]) => key.toUpperCase() === name)?.[1];
  const lookup = { cwd: cwd ?? process.cwd(), PATH: variable('PATH'), PATHEXT: variable('PATHEXT') };
  const resolved = commandCandidates(command, lookup, path.win32).find((file) => statSync(file, { throwIfNoEntry: false })?.isFile());
  return windowsLaunch(command, args, resolved, variable('COMSPEC'));
}

function parseEvent(line: string): RoleEvent | undefined {
  try {
    const value = JSON.parse(line);
    return typeof value === 'object' && value && typeof value.event === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
