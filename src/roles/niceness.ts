// A tool that watches programs (the trace relay, the wire capture's decoder) runs behind them: on a
// busy machine the programs get the CPU first and the tool takes what is left. What it cannot take
// in time is counted as dropped (trace) or left to the capture tool's buffer (capture).
import { getPriority, setPriority } from 'node:os';

const WATCHER_NICENESS = 19;

/** Lowers this process's priority, never raises it. Call it after starting the children that keep theirs. */
export function yieldCpu(): void {
  try {
    setPriority(Math.max(WATCHER_NICENESS, getPriority()));
  } catch {
    // Not allowed here (some containers): the tool runs at the programs' priority.
  }
}
