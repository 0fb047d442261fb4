// A custom role's program cannot be asked to watch for the extension host's death as the built-in
// roles do (PARENT_ENV), so it runs under a small guard: a Node process in the role's process group
// that runs the program with the same input and output, ends with its exit code or signal, and
// stops the whole group when its own parent (the extension host) goes away.
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';
import { NODE } from '../node';

// Plain JavaScript for `node -e`: the program is argv[1], its arguments the rest.
const GUARD = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const parent = process.ppid;
// Stop signals reach the whole group, the program included: the guard waits for its end.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => undefined);
const child = spawn(command, args, { stdio: 'inherit' });
child.on('error', (error) => {
  console.error(error.code === 'ENOENT' ? 'command not found: ' + command : error.message);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  if (code !== null) process.exit(code);
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
});
setInterval(() => {
  if (process.ppid === parent) return;
  process.kill(0, 'SIGTERM');
  setTimeout(() => process.kill(0, 'SIGKILL'), 2000).unref();
}, 500).unref();
`;

/**
 * The command and arguments that run `command args` under the guard; as they are for a command
 * that cannot be found, whose start then fails at once with "command not found" (the guard itself
 * would start, and the program's failure come later).
 */
export function guarded(command: string, args: string[], cwd: string | undefined, searchPath = process.env.PATH ?? ''): [string, string[]] {
  return findable(command, cwd, searchPath) ? [NODE, ['-e', GUARD, '--', command, ...args]] : [command, args];
}

function findable(command: string, cwd: string | undefined, searchPath: string): boolean {
  const executable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes('/')) return executable(path.resolve(cwd ?? process.cwd(), command));
  return searchPath.split(path.delimiter).some((dir) => dir && executable(path.join(dir, command)));
}
