// Child processes of a run: each one bounded in time, its output read line by line, and every one
// still alive killed when the harness exits, however it exits.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const alive = new Set();
const killAll = () => {
  for (const child of alive) child.kill('SIGKILL');
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

export class Proc {
  /** `cpu`: pinned to that CPU with taskset (which execs, so the pid is the program's). */
  constructor(command, args, { name = args[0], timeoutMs = 60_000, cpu } = {}) {
    if (cpu !== undefined) [command, args] = ['taskset', ['-c', String(cpu), command, ...args]];
    this.name = name;
    this.lines = [];
    this.stderr = '';
    this.waiters = [];
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    alive.add(this.child);
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.waiters = this.waiters.filter((waiter) => !waiter(line));
    });
    this.child.stderr.on('data', (chunk) => (this.stderr += chunk));
    // A run that overstays is killed; whoever waits for it then fails with what it printed.
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        clearTimeout(timer);
        alive.delete(this.child);
        for (const waiter of this.waiters) waiter(undefined);
        resolve(code ?? signal);
      });
    });
    this.child.stdin.on('error', () => {});
  }

  get pid() {
    return this.child.pid;
  }

  /** The first line (already printed or to come) that matches, or an error if the process ends first. */
  line(match) {
    const test = typeof match === 'string' ? (line) => line.startsWith(match) : (line) => match.test(line);
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push((line) => {
        if (line === undefined) reject(new Error(`${this.name} ended before printing ${match}: ${this.stderr.trim().slice(-400)}`));
        else if (!test(line)) return false;
        else resolve(line);
        return true;
      });
    });
  }

  /** The next line it prints from now on. */
  nextLine() {
    return new Promise((resolve, reject) => {
      this.waiters.push((line) => {
        if (line === undefined) reject(new Error(`${this.name} ended: ${this.stderr.trim().slice(-400)}`));
        else resolve(line);
        return true;
      });
    });
  }

  write(text) {
    this.child.stdin.write(text);
  }

  /** SIGTERM, then SIGKILL if it is still there after graceMs. */
  async stop(graceMs = 2000) {
    if (!alive.has(this.child)) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/PID/stat. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
