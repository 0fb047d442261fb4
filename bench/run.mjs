// `npm run bench [-- --quick]`: the performance harness of issue 8. Builds, then measures every
// program side by side in this one run, prints the tables and writes bench/results/latest.json.
// What each figure means: docs/performance.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { startCollector } from './lib/collector.mjs';
import { implementations, RESULTS, ROOT } from './lib/peers.mjs';
import { cpuTable, pipelineTable, reqrepTable, targetsTable, telemetryTable, webviewTable } from './lib/table.mjs';
import { targets } from './lib/targets.mjs';
import { measureExtension } from './sections/extension.mjs';
import { measurePipeline } from './sections/pipeline.mjs';
import { checkCapture, measureReqRep } from './sections/reqrep.mjs';
import { measureTrace, traceTable, traceTargets } from './sections/trace.mjs';
import { measureWebview } from './sections/webview.mjs';
import { measureWire } from './sections/wire.mjs';

const quick = process.argv.includes('--quick');
// [bytes, tasks per batch]: a batch of about a second at the roles' speed, less with --quick.
const PLAN = quick
  ? { sizes: [[16, 60_000], [1024, 40_000], [65536, 4_000]], transports: ['tcp', 'ipc'], repeats: 1, roundTrips: 2_000, pacedRequests: 500, activations: 5 }
  : { sizes: [[16, 200_000], [1024, 150_000], [65536, 15_000]], transports: ['tcp', 'ipc'], repeats: 3, roundTrips: 10_000, pacedRequests: 1_000, activations: 10 };

const started = Date.now();
const log = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

function build(args) {
  const result = spawnSync(process.execPath, ['esbuild.mjs', ...args], { cwd: ROOT, stdio: 'inherit', timeout: 120_000 });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').trim();

function machine() {
  const version = (command, args) => spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 }).stdout?.trim().split('\n')[0] ?? null;
  return {
    os: version('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"']),
    kernel: release(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    pyzmq: version('/usr/bin/python3', ['-c', 'import zmq; print(zmq.__version__, "libzmq", zmq.zmq_version())']),
    gcc: version('gcc', ['--version']),
    loadAverageAtStart: loadAverage(),
  };
}

// The measured bundles are the shipped ones: out/ (the collector) from the dev build, dist/ minified.
build([]);
build(['--production']);
const { list: impls, skipped, inspected, quiet: quietRoles } = implementations();
for (const reason of skipped) log(`skipped: ${reason}`);
const collector = await startCollector();
const report = { date: new Date().toISOString(), quick, machine: machine(), plan: PLAN, skipped };
try {
  report.pipeline = await measurePipeline({ impls, inspected, quiet: quietRoles, collector, sizes: PLAN.sizes, transports: PLAN.transports, repeats: PLAN.repeats, log });
  report.reqrep = await measureReqRep({ impls, inspected, quiet: quietRoles, collector, count: PLAN.roundTrips, repeats: PLAN.repeats, log });
  report.capture = await checkCapture({ inspected, collector, count: PLAN.pacedRequests });
  log(`paced capture: ${JSON.stringify(report.capture)}`);
  report.wire = await measureWire({ impls, collector, count: PLAN.sizes[0][1], repeats: PLAN.repeats, log });
  if (impls.some((impl) => impl.name === 'pyzmq')) report.trace = await measureTrace({ collector, sizes: PLAN.sizes, repeats: PLAN.repeats, roundTrips: PLAN.roundTrips, log });
} finally {
  await collector.stop();
}
report.webview = await measureWebview({ quick, log });
if (report.webview.skipped) log(`webview skipped: ${report.webview.skipped}`);
try {
  report.extension = measureExtension({ activations: PLAN.activations, log });
} finally {
  build([]);
}
report.targets = [...targets(report), ...(report.trace ? traceTargets(report.trace) : [])];
report.machine.loadAverageAtEnd = loadAverage();
report.seconds = Math.round((Date.now() - started) / 1000);

const names = ['roles', quietRoles.name, 'roles+inspect', ...impls.slice(1).map((impl) => impl.name)];
const tables = [
  `PUSH/PULL pipeline throughput, msgs/s (median of ${PLAN.repeats})`,
  pipelineTable(report.pipeline, names),
  'CPU per message, µs (ventilator / worker)',
  cpuTable(report.pipeline, names),
  'Telemetry with --inspect',
  telemetryTable(report.pipeline),
  `REQ/REP round trip, 16 B tcp (${PLAN.roundTrips} per run, first 200 left out)`,
  reqrepTable(report.reqrep),
  'ZMTP decoder on a tcpdump pcap of the 16 B pipeline (issue 15)',
  report.wire.skipped ?? `decoded ${report.wire.decoderMsgsPerSec} msgs/s = ${report.wire.decoderOverPipeline}x the pipeline's ${report.wire.pipelineTasksPerSec * 2} wire msgs/s; peak RSS ${report.wire.decoderMaxRssMb} MB; pipelines' throughput under tcpdump / under zmq-sessions capture, of alone (medians): ${Object.entries(report.wire.captureCost).map(([name, cost]) => `${name} ${cost.underTcpdump} / ${cost.underCapture}`).join(', ')}`,
  ...(report.trace ? ['pyzmq under zmq-sessions trace (traced / bare, medians)', traceTable(report.trace)] : []),
  ...(report.webview.rates ? [`The inspector webview in Chromium, fed for ${report.webview.seconds} s`, webviewTable(report.webview)] : []),
  'Targets',
  targetsTable(report.targets),
];
console.log(`\n${tables.join('\n\n')}\n`);
mkdirSync(RESULTS, { recursive: true });
const file = join(RESULTS, 'latest.json');
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
log(`wrote ${file}`);
process.exit(0);
