// 5: what `zmq-sessions trace` costs a pyzmq program: the pyzmq peers bare and traced (reporting to
// the live collector), alternately in one run, PUSH/PULL throughput at 16 B and 1 KiB over tcp
// and the REQ/REP round trip. Ratios of medians, traced over bare.
import { join } from 'node:path';
import { bare, CLI, ROOT } from '../lib/peers.mjs';
import { median, ratio } from '../lib/stats.mjs';
import { run as runPipeline } from './pipeline.mjs';
import { run as runReqRep } from './reqrep.mjs';

const PYTHON = '/usr/bin/python3';
const PEER = join(ROOT, 'bench/peers/peer.py');

export async function measureTrace({ collector, sizes, repeats, roundTrips, log }) {
  const plain = bare('pyzmq', PYTHON, [PEER]);
  const traced = bare('pyzmq traced', process.execPath, [CLI, 'trace', '--inspect', collector.endpoint, '--', PYTHON, PEER]);
  const throughput = [];
  for (const [size, count] of sizes.filter(([size]) => size <= 1024)) {
    const rates = { bare: [], traced: [] };
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const [name, impl] of [['bare', plain], ['traced', traced]]) {
        const { msgsPerSec } = await runPipeline(impl, 'tcp', size, count);
        rates[name].push(msgsPerSec);
        log(`trace pipeline ${name} tcp ${size} B: ${msgsPerSec} msgs/s`);
      }
    }
    throughput.push({ size, bareMsgsPerSec: median(rates.bare), tracedMsgsPerSec: median(rates.traced), ratio: ratio(median(rates.traced), median(rates.bare)), runs: rates });
  }
  const rtts = { bare: [], traced: [] };
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const [name, impl] of [['bare', plain], ['traced', traced]]) {
      const run = await runReqRep(impl, roundTrips);
      rtts[name].push(median(run));
      log(`trace reqrep ${name}: median ${median(run)} us`);
    }
  }
  const roundTrip = { bareMedianUs: median(rtts.bare), tracedMedianUs: median(rtts.traced), ratio: ratio(median(rtts.traced), median(rtts.bare)), runs: rtts };
  return { throughput, roundTrip };
}

export function traceTargets(trace) {
  const list = [];
  for (const row of trace.throughput) {
    const floor = row.size >= 1024 ? 0.8 : null;
    list.push({ name: `pyzmq traced / bare, tcp ${row.size} B`, value: row.ratio, limit: floor ? `>= ${floor}` : '(reported)', met: floor ? row.ratio >= floor : null });
  }
  list.push({ name: 'pyzmq REQ/REP round trip traced / bare', value: trace.roundTrip.ratio, limit: '<= 1.2', met: trace.roundTrip.ratio <= 1.2 });
  return list;
}

export function traceTable(trace) {
  const rows = trace.throughput.map((row) => `  tcp ${String(row.size).padStart(5)} B   bare ${row.bareMsgsPerSec.toLocaleString('en-US').padStart(9)} msgs/s   traced ${row.tracedMsgsPerSec.toLocaleString('en-US').padStart(9)} msgs/s   ${row.ratio}x`);
  const { roundTrip } = trace;
  return [...rows, `  REQ/REP round trip   bare ${roundTrip.bareMedianUs} us   traced ${roundTrip.tracedMedianUs} us   ${roundTrip.ratio}x`].join('\n');
}
