// The process tree as /proc shows it (Linux): what a role left running, however deep.
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid and state of a process (fields 4 and 3 of /proc/PID/stat), undefined once it is gone. */
function stat(pid: number): { ppid: number; state: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), state };
  } catch {
    return undefined;
  }
}

/** Whether a process runs: a zombie, which only waits to be reaped, does not. */
export function isRunning(pid: number | undefined): boolean {
  const found = pid === undefined ? undefined : stat(pid);
  return found !== undefined && found.state !== 'Z';
}

/** Every running process below `pid`: children, their children, and so on. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const child = Number(entry);
    const found = Number.isInteger(child) ? stat(child) : undefined;
    if (found && found.state !== 'Z') children.set(found.ppid, [...(children.get(found.ppid) ?? []), child]);
  }
  const all: number[] = [];
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      all.push(child);
      visit(child);
    }
  };
  visit(pid);
  return all;
}

/** Running processes whose command line holds `script`, as "pid N (parent P): command". */
export function leftovers(script: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || !isRunning(pid)) continue;
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (command.includes(script)) found.push(`pid ${pid} (parent ${stat(pid)?.ppid}): ${command.slice(0, 200)}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}
