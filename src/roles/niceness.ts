// A tool that watches programs (the trace relay, the wire capture's decoder) runs behind them: on a
// busy machine the programs get the CPU first and the tool takes what is left. What it cannot take
// in time is counted as dropped (trace) or left to the capture tool's buffer (capture).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

const WATCHER_NICENESS = 19;

/**
 * Lowers this process's priority, never raises it. Call it after starting the children that keep
 * theirs. On Linux the process also goes to SCHED_IDLE (with util-linux's chrt, where it is
 * installed): at nice 19 alone, the trace relays of a 1 KiB pipeline still took a sixth of a CPU
 * when the programs woke and cost them 5 % of their throughput (bench/trace.mjs); an idle-class
 * task gives a waking program its CPU at once.
 */
export function yieldCpu(): void {
  for (const thread of threads()) {
    try {
      setPriority(thread, Math.max(WATCHER_NICENESS, getPriority(thread)));
    } catch {
      // Not allowed here (some containers): the tool runs at the programs' priority.
    }
  }
  // Every thread of this process; threads started later inherit it. Without chrt: nice 19 only.
  if (process.platform === 'linux') spawnSync('chrt', ['--all-tasks', '--idle', '--pid', '0', String(process.pid)], { stdio: 'ignore', timeout: 5000 });
}

/** On Linux a niceness is a thread's: each of them (Node's, libuv's, zeromq.js's) by its id. Elsewhere, the process. */
function threads(): number[] {
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
}
