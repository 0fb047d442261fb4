// One step of `npm test` (the type check, or one suite) as a child process with a time limit, and
// what it ended with. A suite's mocha run writes its counts to $TEST_RESULTS_FILE through
// test/reporter.js, after every test and with `done` at its end; a suite that ends without `done`
// crashed or timed out, and the tests it did not get to count as failed rather than disappear.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

/** A mocha run with the counting reporter; --exit, so that a socket or timer a test leaves open does not keep it from ending. */
export const mochaArgs = (files, timeoutMs) => ['node_modules/.bin/mocha', '--exit', '--reporter', 'test/reporter.js', '--timeout', String(timeoutMs), files];

/**
 * Runs `command args` in a process group of its own, with its output on ours, and kills the whole
 * group after timeoutMs: a stuck test, or a process a test left behind, ends the step instead of
 * hanging `npm test`. Resolves with { code, signal, timedOut }.
 */
export function runStep(command, args, { timeoutMs, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env, detached: true });
    let timedOut = false;
    const kill = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is gone already.
      }
    };
    // Ctrl-C on `npm test` reaches only its own group: pass it on.
    const interrupted = (signal) => {
      kill(signal);
      process.exit(130);
    };
    process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 5000).unref();
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    };
    child.once('error', (error) => {
      done();
      resolve({ code: null, signal: null, timedOut, error: error.message });
    });
    child.once('exit', (code, signal) => {
      done();
      // What the step left running in its group goes with it.
      kill('SIGKILL');
      resolve({ code, signal, timedOut });
    });
  });
}

/**
 * Runs a suite and returns its counts: { passed, failed, skipped, failures, crashed }, where
 * `crashed` says why a suite ended early (crashed, or timed out) and `failures` holds failed titles.
 */
export async function runSuite(name, command, args, { timeoutMs, resultsFile }) {
  rmSync(resultsFile, { force: true });
  const run = await runStep(command, args, { timeoutMs, env: { ...process.env, TEST_RESULTS_FILE: resultsFile } });
  const written = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : undefined;
  const counts = { passed: written?.passed ?? 0, failed: written?.failed ?? 0, skipped: written?.skipped ?? 0, failures: written?.failures ?? [] };
  if (!written?.done || run.timedOut) {
    const how = run.timedOut ? `timed out after ${timeoutMs / 1000} s` : `crashed (${run.error ?? `exit ${run.code ?? run.signal}`})`;
    const ran = counts.passed + counts.failed + counts.skipped;
    const unrun = Math.max(1, (written?.total ?? 0) - ran);
    counts.crashed = how;
    counts.failed += unrun;
    counts.failures.push(`${name} ${how} after ${ran} test${ran === 1 ? '' : 's'}: ${unrun} not run, counted as failed`);
  } else if (run.code !== 0 && counts.failed === 0) {
    counts.failed = 1;
    counts.failures.push(`${name} exited with ${run.code ?? run.signal} although no test failed`);
  }
  return counts;
}

/** The line printed after a suite: its counts, and "crashed" when it did not finish. */
export function suiteLine(name, counts) {
  const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
  return `${name}: ${counts.passed} passed, ${counts.failed} failed${skipped}${counts.crashed ? ` (${name} ${counts.crashed})` : ''}`;
}
