// What a live capture costs the programs it captures (issue 15: ≤ 10 % of their throughput): the
// pipeline of each program (pyzmq's bench peers, and the built-in roles) runs a batch of 16-byte
// tasks alone, under plain tcpdump writing a pcap, and under `zmq-sessions capture` (tcpdump plus
// the live decoder, reporting to a collector as the extension runs it), interleaved, in a rotating
// order so that a drift of the machine's load spreads over all three; the figure is the ratio of
// medians. Alone: `node bench/capture-cost.mjs`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { endpoint } from '../lib/endpoints.mjs';
import { CLI } from '../lib/peers.mjs';
import { median } from '../lib/stats.mjs';
import { run } from './pipeline.mjs';

const portOf = (ep) => Number(ep.split(':').pop());

/** A capture process started and listening; stop() ends it (SIGINT, as Ctrl-C). */
async function startCapture(kind, ports, file, collector) {
  const filter = ports.map((port) => `tcp port ${port}`).join(' or ');
  const [command, args] =
    kind === 'tcpdump'
      ? ['tcpdump', ['-i', 'lo', '--immediate-mode', '-B', '32768', '-U', '-w', file, filter]]
      : [process.execPath, [CLI, 'capture', ...ports.flatMap((port) => ['--port', String(port)]), '--inspect', collector.endpoint]];
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  child.stderr.on('data', (chunk) => (said += chunk));
  const closed = new Promise((resolve) => child.once('close', resolve));
  await new Promise((resolve, reject) => {
    const timer = setInterval(() => /listening on|Capturing on/.test(said) && (clearInterval(timer), resolve()), 20);
    void closed.then(() => (clearInterval(timer), reject(new Error(`${kind} exited: ${said}`))));
  });
  return { stop: () => (child.kill('SIGINT'), closed) };
}

export async function measureCaptureCost({ impls, collector, count, repeats, folder, log }) {
  const variants = ['alone', 'tcpdump', 'capture'];
  const result = {};
  for (const impl of impls.filter((each) => each.name === 'pyzmq' || each.name === 'roles')) {
    const rates = Object.fromEntries(variants.map((variant) => [variant, []]));
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (let i = 0; i < variants.length; i++) {
        const variant = variants[(i + repeat) % variants.length];
        const endpoints = { vent: await endpoint('tcp'), sink: await endpoint('tcp') };
        const capture = variant === 'alone' ? undefined : await startCapture(variant, [portOf(endpoints.vent), portOf(endpoints.sink)], join(folder, `${impl.name}-${repeat}.pcap`), collector);
        try {
          rates[variant].push((await run(impl, 'tcp', 16, count, undefined, undefined, endpoints)).msgsPerSec);
        } finally {
          await capture?.stop();
        }
      }
    }
    const alone = median(rates.alone);
    result[impl.name] = {
      tasksPerSec: Object.fromEntries(variants.map((variant) => [variant, median(rates[variant])])),
      underTcpdump: Math.round((median(rates.tcpdump) / alone) * 1000) / 1000,
      underCapture: Math.round((median(rates.capture) / alone) * 1000) / 1000,
      runs: rates,
    };
    log(`wire capture cost, ${impl.name}: ${JSON.stringify(result[impl.name])}`);
  }
  return result;
}
