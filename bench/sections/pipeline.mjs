// 1 and 3: PUSH/PULL throughput of a ventilator -> worker -> sink pipeline, every program in
// turn, and the built-in roles again with --inspect to a live collector.
import { setTimeout as sleep } from 'node:timers/promises';
import { endpoint } from '../lib/endpoints.mjs';
import { cpuSeconds } from '../lib/procs.mjs';
import { median } from '../lib/stats.mjs';

/**
 * Where each process runs, the same for every program: the worker, which does the most per
 * message, on a CPU of its own. Unpinned, a program's rate moved by a third from one run to the
 * next with where the scheduler happened to put its three processes.
 */
const CPU = { ventilator: 0, sink: 0, worker: 1 };
/** After every peer is ready: time for the worker's connections to finish their handshakes. */
const SETTLE_MS = 300;
/** How long a stopped role may take to send its last counters. */
const LAST_REPORT_MS = 300;

const cpuOf = (proc) => {
  try {
    return cpuSeconds(proc.pid);
  } catch {
    return NaN; // exited already
  }
};

/** One batch of `count` tasks of `size` bytes; messages a second as the sink timed them. */
export async function run(impl, transport, size, count, collector, tag) {
  const vent = await endpoint(transport);
  const sinkEndpoint = await endpoint(transport);
  const sink = impl.sink(sinkEndpoint, count, CPU.sink);
  const procs = [sink];
  try {
    await impl.ready(sink);
    const ventilator = impl.ventilator(vent, sinkEndpoint, count, size, CPU.ventilator);
    procs.push(ventilator);
    await impl.ready(ventilator);
    const worker = impl.worker(vent, sinkEndpoint, CPU.worker);
    procs.push(worker);
    await impl.ready(worker);
    await sleep(SETTLE_MS);
    const cpu = [ventilator, worker].map(cpuOf);
    const before = await collector?.report();
    ventilator.write('\n');
    const elapsedMs = await impl.elapsedMs(sink);
    const streaming = await collector?.report();
    const cpuUsPerMessage = [ventilator, worker].map((proc, i) => Math.round(((cpuOf(proc) - cpu[i]) / count) * 1e8) / 100);
    await Promise.all([ventilator.stop(), worker.stop(), sink.exited]);
    if (collector) await sleep(LAST_REPORT_MS);
    const after = await collector?.report();
    return { msgsPerSec: Math.round(count / (elapsedMs / 1000)), elapsedMs, cpuUsPerMessage, ...(collector && { telemetry: telemetryOf(tag, before, streaming, after, count, elapsedMs) }) };
  } finally {
    await Promise.all(procs.map((proc) => proc.stop()));
  }
}

/** What the collector got from this run's roles, and what it cost while the batch streamed. */
function telemetryOf(tag, before, streaming, after, count, elapsedMs) {
  const ours = Object.entries(after.sources).filter(([name]) => name.startsWith(`${tag}-`));
  const roles = Object.fromEntries(ours.map(([name, source]) => [name.slice(tag.length + 1), source]));
  const counted = (role, direction, socket) => roles[role]?.counters?.[direction]?.[socket] ?? 0;
  const expected = [
    counted('ventilator', 'sent', 'push') === count,
    counted('ventilator', 'sent', 'sink') === 1,
    counted('worker', 'received', 'pull') === count,
    counted('worker', 'sent', 'push') === count,
    counted('sink', 'received', 'pull') === count + 1,
  ];
  const sum = (pick) => Object.values(roles).reduce((total, source) => total + pick(source), 0);
  const messages = 4 * count + 2;
  const cpuMs = (streaming.cpuUs - before.cpuUs) / 1000;
  return {
    countersExact: expected.every(Boolean),
    messages,
    batches: after.batches - before.batches,
    delivered: sum((source) => (source.events.sent ?? 0) + (source.events.received ?? 0)),
    sampledOut: sum((source) => source.counters?.sampledOut ?? 0),
    dropped: sum((source) => source.dropped),
    aggregateMsgsPerSec: Math.round(messages / (elapsedMs / 1000)),
    collectorCpuShare: Math.round((cpuMs / elapsedMs) * 1000) / 1000,
  };
}

/**
 * Every size and transport, each program once per repeat, the programs interleaved so that a
 * neighbour's load on this shared machine falls on all of them alike; medians of the repeats.
 */
export async function measurePipeline({ impls, inspected, quiet, collector, sizes, transports, repeats, log }) {
  const rows = [];
  for (const transport of transports) {
    for (const [size, count] of sizes) {
      const runs = {};
      for (let repeat = 0; repeat < repeats; repeat++) {
        for (const impl of [...impls, quiet, inspected]) {
          const inspect = impl === inspected;
          const tag = `${transport}${size}.${repeat}`;
          const result = await run(inspect ? impl(collector.endpoint, tag) : impl, transport, size, count, inspect ? collector : undefined, tag);
          const name = inspect ? 'roles+inspect' : impl.name;
          (runs[name] ??= []).push(result);
          log(`pipeline ${transport} ${size} B ${name}: ${result.msgsPerSec} msgs/s`);
        }
      }
      rows.push({ transport, size, count, repeats, programs: summarize(runs) });
    }
  }
  return rows;
}

function summarize(runs) {
  return Object.fromEntries(
    Object.entries(runs).map(([name, results]) => {
      const rates = results.map((result) => result.msgsPerSec);
      const chosen = results.find((result) => result.msgsPerSec === median(rates)) ?? results[Math.floor(results.length / 2)];
      // The median run's telemetry, but counters must have been exact in every run.
      const telemetry = chosen.telemetry && { ...chosen.telemetry, countersExact: results.every((result) => result.telemetry.countersExact) };
      return [name, { msgsPerSec: median(rates), runs: rates, cpuUsPerMessage: chosen.cpuUsPerMessage, ...(telemetry && { telemetry }) }];
    }),
  );
}
