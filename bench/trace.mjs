// `node bench/trace.mjs [--quick]`: only section 5 of bench/run.mjs, what `zmq-sessions trace`
// costs a pyzmq program, for work on the tracer. Builds dist/ and out/ first; prints the table.
import { spawnSync } from 'node:child_process';
import { startCollector } from './lib/collector.mjs';
import { ROOT } from './lib/peers.mjs';
import { measureTrace, traceTable, traceTargets } from './sections/trace.mjs';
import { targetsTable } from './lib/table.mjs';

const quick = process.argv.includes('--quick');
const PLAN = quick
  ? { sizes: [[16, 60_000], [1024, 40_000]], repeats: 1, roundTrips: 2_000 }
  : { sizes: [[16, 200_000], [1024, 150_000]], repeats: 3, roundTrips: 10_000 };
const started = Date.now();
const log = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

for (const args of [[], ['--production']]) {
  const result = spawnSync(process.execPath, ['esbuild.mjs', ...args], { cwd: ROOT, stdio: 'inherit', timeout: 120_000 });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
const collector = await startCollector();
let trace;
try {
  trace = await measureTrace({ collector, ...PLAN, log });
} finally {
  await collector.stop();
}
console.log(`\npyzmq under zmq-sessions trace (traced / bare, medians of ${PLAN.repeats})\n${traceTable(trace)}\n\n${targetsTable(traceTargets(trace))}\n`);
process.exit(0);
