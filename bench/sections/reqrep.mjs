// 2: REQ/REP round trips, 16 B over tcp, one request at a time: each program's REQ against its
// own REP, the round trip timed by the REQ from before its send to after its receive. Each REP
// serves until stopped.
import { endpoint } from '../lib/endpoints.mjs';
import { median, percentile } from '../lib/stats.mjs';

/** The first round trips include the connection and the JIT warming up. */
const WARMUP = 200;
/**
 * REQ and REP on CPUs of their own: unpinned, a round trip took ~35 µs or ~120 µs depending on
 * whether the scheduler put both on one CPU, and a run's median was whichever mode it drew.
 */
const REQ_CPU = 0;
const REP_CPU = 1;

export async function run(impl, count) {
  const address = await endpoint('tcp');
  const rep = impl.rep(address, REP_CPU);
  let req;
  try {
    await impl.ready(rep);
    req = impl.req(address, count, REQ_CPU);
    const rtts = await impl.rttsUs(req);
    if (rtts.length !== count) throw new Error(`${impl.name}: ${rtts.length} round trips of ${count}`);
    return rtts.slice(WARMUP);
  } finally {
    await Promise.all([rep.stop(), req?.stop()]);
  }
}

/** `quiet`: the roles again without the line per request they print, to show what it costs. */
export async function measureReqRep({ impls, inspected, quiet, collector, count, repeats, log }) {
  const samples = {};
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const impl of [...impls, quiet, inspected]) {
      const inspect = impl === inspected;
      const name = inspect ? 'roles+inspect' : impl.name;
      const rtts = await run(inspect ? impl(collector.endpoint, `rr-${repeat}`) : impl, count);
      (samples[name] ??= []).push(rtts);
      log(`reqrep ${name}: median ${median(rtts)} us`);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, runs]) => {
      const all = runs.flat();
      const at = (p) => Math.round(percentile(all, p));
      return [name, { medianUs: Math.round(median(runs.map(median))), p10Us: at(0.1), p90Us: at(0.9), p99Us: at(0.99), runMediansUs: runs.map((run) => Math.round(median(run))), roundTrips: all.length }];
    }),
  );
}

/**
 * Below the sampling threshold (2,000 messages a second per role) every message must reach the
 * collector: a REQ paced at one request per 2 ms (REQ and REP each handle under 1,000 messages
 * a second), and the events delivered compared with the roles' own counters.
 */
export async function checkCapture({ inspected, collector, count }) {
  const tag = 'paced';
  const roles = inspected(collector.endpoint, tag);
  const address = await endpoint('tcp');
  const rep = roles.rep(address);
  let req;
  try {
    await roles.ready(rep);
    req = roles.req(address, count, undefined, 2);
    await req.exited;
  } finally {
    await Promise.all([rep.stop(), req?.stop()]);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  const { sources } = await collector.report();
  const of = (role) => {
    const source = sources[`${tag}-${role}`] ?? { events: {}, counters: undefined };
    const counted = Object.values(source.counters?.sent ?? {}).concat(Object.values(source.counters?.received ?? {})).reduce((a, b) => a + b, 0);
    return { messages: counted, delivered: (source.events.sent ?? 0) + (source.events.received ?? 0), sampledOut: source.counters?.sampledOut ?? null, dropped: source.dropped ?? null };
  };
  const result = { requests: count, req: of('req'), rep: of('rep') };
  result.everyMessage = [result.req, result.rep].every((role) => role.messages === 2 * count && role.delivered === role.messages && role.sampledOut === 0);
  return result;
}
