// `node bench/capture-cost.mjs [--quick]`: only what a live `zmq-sessions capture` costs the
// programs it captures (part of bench/run.mjs's wire section), for work on the capture. Builds
// dist/ and out/ first; prints each program's figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from './lib/collector.mjs';
import { implementations, ROOT } from './lib/peers.mjs';
import { measureCaptureCost } from './sections/wire-cost.mjs';

const quick = process.argv.includes('--quick');
const PLAN = quick ? { count: 60_000, repeats: 3 } : { count: 200_000, repeats: 5 };
const started = Date.now();
const log = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit', timeout: 120_000 });
if (built.status !== 0) process.exit(built.status ?? 1);
const folder = mkdtempSync(join(tmpdir(), 'zmq-bench-capture-'));
const collector = await startCollector();
try {
  await measureCaptureCost({ impls: implementations().list, collector, ...PLAN, folder, log });
} finally {
  await collector.stop();
  rmSync(folder, { recursive: true, force: true });
}
process.exit(0);
