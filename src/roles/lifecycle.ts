// Runs one role: sets up its output and sockets, turns SIGINT/SIGTERM, or the stop message on its
// IPC channel (Windows, see shared/platform), into a clean stop (sockets closed with a bounded
// linger, exit 0) and errors into one line and an exit code.
import { setTimeout as sleep } from 'node:timers/promises';
import { isStopMessage } from '../shared/platform';
import { ProgramName } from '../shared/role-events';
import { INSPECT_TOKEN_ENV, PARENT_ENV } from '../shared/telemetry';
import { RoleError, UsageError } from './errors';
import { CommonOptions } from './options';
import { Output } from './output';
import { Telemetry } from './telemetry';
import { RoleSockets } from './sockets';

/** What a role's body is given; O: the options its spec declares (OptionsOf), the common ones among them. */
export interface RoleContext<O extends CommonOptions = CommonOptions> {
  options: O;
  out: Output;
  sockets: RoleSockets;
  /** Aborted on SIGINT/SIGTERM; pass it to anything that waits. */
  signal: AbortSignal;
  /** Waits for ms, or rejects when the role is stopped. */
  pause(ms: number): Promise<void>;
}

export type RoleBody<O extends CommonOptions> = (context: RoleContext<O>) => Promise<void>;

/** Runs a role to its end and returns the process exit code. */
export async function runRole<O extends CommonOptions>(role: ProgramName, options: O, body: RoleBody<O>): Promise<number> {
  const token = process.env[INSPECT_TOKEN_ENV] || undefined;
  const telemetry = options.inspect ? new Telemetry(options.inspect, options.inspectId || `${role}-${process.pid}`, token) : undefined;
  const out = new Output(options.json, options.quiet, telemetry, options.messages);
  const sockets = new RoleSockets(options, out);
  const stop = new AbortController();
  const onSignal = () => {
    stop.abort();
    sockets.close(true);
  };
  const onMessage = (message: unknown) => isStopMessage(message) && onSignal();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const orphaned = watchParent(onSignal);
  process.on('message', onMessage);
  const pause = (ms: number) => (ms > 0 ? sleep(ms, undefined, { signal: stop.signal }) : Promise.resolve());
  try {
    await body({ options, out, sockets, signal: stop.signal, pause });
    sockets.close(false);
    out.event({ event: 'done', reason: 'finished' });
    return 0;
  } catch (error) {
    sockets.close(stop.signal.aborted);
    if (stop.signal.aborted) {
      out.event({ event: 'done', reason: 'signal' });
      return 0;
    }
    if (error instanceof UsageError || error instanceof RoleError) {
      out.error(error.message, error.exitCode);
      return error.exitCode;
    }
    out.error(`${role} stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`, 1);
    return 1;
  } finally {
    await out.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    clearInterval(orphaned);
    process.off('message', onMessage);
  }
}

/** How long a command that still holds something open (it should not) may take to end by itself. */
const EXIT_FALLBACK_MS = 2000;

/**
 * Ends the process with `code`. On success not with process.exit(): that skips zeromq's context
 * termination, the step that gives each closed socket its linger, so whatever a role sent just
 * before it ended was dropped if its connection was not up yet or not yet written to (a
 * ventilator's "0" and tasks: the sink then waited for good). Node ends by itself, and terminates
 * the context, once nothing is left to wait for; standard input (read for Enter or typed messages)
 * and the IPC channel (for the stop message) would keep it up, so they are let go. A failure ends
 * at once, its error the last line on stderr (zeromq's "Waiting for queued messages" comes after).
 */
export function endProcess(code: number): void {
  if (code !== 0) process.exit(code);
  process.stdin.destroy();
  process.channel?.unref();
  setTimeout(() => process.exit(code), EXIT_FALLBACK_MS).unref();
}

/** How often a role started by a launcher checks that its parent is still there. */
const PARENT_CHECK_MS = 500;

/**
 * A role that a launcher started (PARENT_ENV) stops as on SIGTERM once its parent process is gone:
 * when the parent dies the role is handed to another (init, a subreaper), and its ppid changes.
 */
function watchParent(stop: () => void): NodeJS.Timeout | undefined {
  if (!process.env[PARENT_ENV]) return undefined;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent && parent !== 1) return;
    clearInterval(timer);
    stop();
  }, PARENT_CHECK_MS).unref();
  return timer;
}
