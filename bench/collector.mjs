// The window's collector as the extension runs it (Collector feeding a Capture with its analytics),
// alone in a process so that its CPU can be measured. Each line "report" on stdin prints one JSON
// line: CPU used so far, batches, and what each role reported (events by kind, dropped, last
// counters).
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const { Collector } = require('../out/src/collector/collector.js');
const { Capture } = require('../out/src/collector/capture.js');

const collector = await Collector.start();
const capture = new Capture(100_000, collector);
const sources = {};
let batches = 0;
collector.onBatch((batch) => {
  batches++;
  const source = (sources[batch.source] ??= { events: {}, dropped: 0, counters: undefined });
  source.dropped = batch.dropped;
  for (const event of batch.events) {
    source.events[event.event] = (source.events[event.event] ?? 0) + 1;
    if (event.event === 'counters') source.counters = event;
  }
});
console.log(`READY ${collector.endpoint}`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'report') continue;
  const { user, system } = process.cpuUsage();
  console.log(JSON.stringify({ cpuUs: user + system, batches, rejected: collector.rejectedCount, captured: capture.size, sources }));
}
capture.dispose();
collector.dispose();
