// Where the extension and the CLI meet the operating system, as pure rules: the platform (a value
// of process.platform) and the path flavour (path.posix or path.win32) are passed in, so that every
// platform's rule is tested on any machine. Callers pass process.platform and node:path.

/** A value of Node's process.platform: 'linux', 'darwin', 'win32', ... */
export type Platform = string;

/** The part of node:path these rules use; path.posix and path.win32 both fit. */
export interface PathApi {
  join(...parts: string[]): string;
}

/** zeromq's Windows prebuilds are built without ipc:// (their libzmq has no ipc listener). */
export function hasIpc(platform: Platform): boolean {
  return platform !== 'win32';
}

/** The longest ipc path in bytes: sockaddr_un's sun_path less its NUL, 108 on Linux, 104 on macOS and the BSDs. */
export function ipcPathLimit(platform: Platform): number {
  return platform === 'linux' || platform === 'android' ? 107 : 103;
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Why an ipc path cannot work on this platform, or undefined when it can. */
export function ipcPathProblem(path: string, platform: Platform): string | undefined {
  if (!hasIpc(platform)) return 'ipc:// is not available on Windows (zeromq\'s Windows builds have no ipc transport); use tcp://127.0.0.1:PORT instead.';
  const bytes = byteLength(path);
  const limit = ipcPathLimit(platform);
  return bytes > limit ? `the path is ${bytes} bytes, too long for a Unix socket here (at most ${limit}); choose a shorter one.` : undefined;
}

/** What the collector's folder is made with: mkdtemp appends six characters to this prefix. */
export const COLLECTOR_FOLDER_PREFIX = 'zmq-sessions-';
const COLLECTOR_SOCKET = 'collector';
/** Loopback, any free port: the collector reads back which one it got. */
export const LOOPBACK_ANY_PORT = 'tcp://127.0.0.1:*';

export type CollectorPlace = { transport: 'ipc'; parent: string } | { transport: 'tcp'; endpoint: string };

/**
 * Where a private collector listens: an ipc socket in a new folder (mkdtemp: only this user may
 * enter it) under the first of `tempFolders` where the socket's path fits the platform's limit
 * (a long TMPDIR on macOS may not); loopback TCP on any free port where there is no ipc or no
 * folder fits, and then the collector's token alone keeps other local programs out.
 */
export function collectorPlace(platform: Platform, tempFolders: string[], path: PathApi): CollectorPlace {
  if (hasIpc(platform)) {
    const fits = tempFolders.find((parent) => !ipcPathProblem(collectorSocket(path.join(parent, `${COLLECTOR_FOLDER_PREFIX}XXXXXX`), path), platform));
    if (fits !== undefined) return { transport: 'ipc', parent: fits };
  }
  return { transport: 'tcp', endpoint: LOOPBACK_ANY_PORT };
}

/** The socket file in the collector's folder. */
export function collectorSocket(folder: string, path: PathApi): string {
  return path.join(folder, COLLECTOR_SOCKET);
}

/** Sent on a built-in role's IPC channel (Node's child_process 'ipc'), it stops the role as SIGTERM does. */
export const STOP_MESSAGE = 'zmq-sessions:stop';

export function isStopMessage(message: unknown): boolean {
  return message === STOP_MESSAGE;
}

export type StopStep =
  | { kind: 'signal'; signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL' }
  /** STOP_MESSAGE on the child's IPC channel: only a built-in role has one. */
  | { kind: 'message' }
  /** Close its standard input: a program reading it sees the end of its input. */
  | { kind: 'end-input' }
  /** Run this program, which ends the process and every process it started. */
  | { kind: 'run'; command: string; args: string[] };

export interface StopPlan {
  /** What asks the role to stop; it then has a grace period to close its sockets. */
  graceful: StopStep;
  /** What ends it when the grace period is over. */
  force: StopStep;
}

export interface StopTarget {
  pid: number;
  /** The child has an IPC channel that takes STOP_MESSAGE (a built-in role). */
  channel: boolean;
  /** %SystemRoot% on Windows, where taskkill.exe is; C:\Windows when unknown. */
  systemRoot?: string;
}

/**
 * How to stop a role. POSIX: SIGTERM, then SIGKILL. Windows has no signal one process can send
 * another for a clean stop, and no process groups (Node's kill() there is TerminateProcess): a
 * built-in role is asked on its IPC channel, any other program sees its input end; then taskkill
 * (by its full path, not whatever PATH finds) ends the process and its whole tree.
 */
export function stopPlan(platform: Platform, target: StopTarget, path: PathApi): StopPlan {
  if (platform !== 'win32') return { graceful: { kind: 'signal', signal: 'SIGTERM' }, force: { kind: 'signal', signal: 'SIGKILL' } };
  const taskkill = path.join(target.systemRoot || 'C:\\Windows', 'System32', 'taskkill.exe');
  return {
    graceful: target.channel ? { kind: 'message' } : { kind: 'end-input' },
    force: { kind: 'run', command: taskkill, args: ['/PID', String(target.pid), '/T', '/F'] },
  };
}

/** Ctrl-C typed into a role's terminal: SIGINT on POSIX; on Windows, where it would kill outright, the graceful stop. */
export function interruptStep(platform: Platform, target: StopTarget, path: PathApi): StopStep {
  return platform === 'win32' ? stopPlan(platform, target, path).graceful : { kind: 'signal', signal: 'SIGINT' };
}

/**
 * Environments merged, later ones winning. Windows' variable names ignore case: `Path` from the
 * system and `PATH` from a role's env are one variable, and a child given both gets either.
 */
export function mergeEnv(platform: Platform, ...layers: Record<string, string | undefined>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const key = platform === 'win32' ? name.toUpperCase() : name;
      const existing = names.get(key);
      if (existing !== undefined && existing !== name) delete merged[existing];
      names.set(key, name);
      merged[name] = value;
    }
  }
  return merged;
}

/** The lines of a program's output, whether it ends them with \n or \r\n (Windows). */
export function outputLines(text: string): string[] {
  return text.split(/\r?\n/);
}
