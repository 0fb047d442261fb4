// How a program starts on Windows without a shell. libuv finds `python` or `java` as their .exe,
// but not `npx` or `gradlew`, which are .cmd and .bat files, and Node refuses to run those without
// a shell (CVE-2024-27980). Such a file runs through cmd.exe with each argument quoted and cmd's
// metacharacters escaped, as the cross-spawn package does, so that `&`, `|` or `%` stay text.
// Elsewhere a program starts as it is given. No shell is involved on any platform: PowerShell,
// cmd or bash as VS Code's default terminal shell makes no difference to a role.

export interface WindowsPathApi {
  /** path.win32.resolve: with an absolute first argument it reads nothing of this process. */
  resolve(...parts: string[]): string;
  extname(path: string): string;
}

export interface CommandLookup {
  cwd: string;
  PATH?: string;
  PATHEXT?: string;
}

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

/**
 * The files `command` may be, in the order Windows tries them: a name with a folder in it is
 * taken from the working folder, a bare name from the working folder and then each folder of
 * PATH; each with every PATHEXT extension unless it already has one of them.
 */
export function commandCandidates(command: string, lookup: CommandLookup, path: WindowsPathApi): string[] {
  const extensions = (lookup.PATHEXT || DEFAULT_PATHEXT).split(';').filter(Boolean).map((extension) => extension.toLowerCase());
  const names = extensions.includes(path.extname(command).toLowerCase()) ? [command] : extensions.map((extension) => `${command}${extension}`);
  const folders = /[\\/]/.test(command) ? [lookup.cwd] : [lookup.cwd, ...(lookup.PATH ?? '').split(';').map((folder) => folder.replace(/"/g, '')).filter(Boolean)];
  return folders.flatMap((folder) => names.map((name) => path.resolve(lookup.cwd, folder, name)));
}

export interface Launch {
  command: string;
  args: string[];
  /** Pass the arguments to CreateProcess as they are (Node's windowsVerbatimArguments): they are quoted already. */
  verbatim: boolean;
}

// cmd.exe's metacharacters, as cross-spawn escapes them.
const CMD_META = /([()\][%!^"`<>&|;, *?])/g;

/** One argument for cmd.exe /s /c: quoted for the program's parser, then escaped for cmd's. */
export function cmdArgument(arg: string, twice = false): string {
  const quoted = `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`;
  const escaped = quoted.replace(CMD_META, '^$1');
  return twice ? escaped.replace(CMD_META, '^$1') : escaped;
}

/**
 * How to start `command` on Windows once its file is known (`resolved`, or undefined when none
 * was found: then spawning says "command not found"). A .cmd or .bat file runs through cmd.exe;
 * a shim in node_modules/.bin hands its arguments to cmd a second time, so they are escaped twice.
 */
export function windowsLaunch(command: string, args: string[], resolved: string | undefined, comspec?: string): Launch {
  if (!resolved || !/\.(cmd|bat)$/i.test(resolved)) return { command: resolved ?? command, args, verbatim: false };
  const twice = /node_modules[\\/]\.bin[\\/][^\\/]+\.cmd$/i.test(resolved);
  const line = [resolved.replace(CMD_META, '^$1'), ...args.map((arg) => cmdArgument(arg, twice))].join(' ');
  return { command: comspec || 'cmd.exe', args: ['/d', '/s', '/c', `"${line}"`], verbatim: true };
}
