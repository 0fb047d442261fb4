// The collector child (bench/collector.mjs): its endpoint for --inspect, and its reports.
import { join } from 'node:path';
import { ROOT } from './peers.mjs';
import { Proc } from './procs.mjs';

export async function startCollector() {
  const proc = new Proc(process.execPath, [join(ROOT, 'bench/collector.mjs')], { name: 'collector', timeoutMs: 30 * 60_000 });
  const endpoint = (await proc.line('READY ')).slice('READY '.length);
  return {
    endpoint,
    async report() {
      const reply = proc.nextLine();
      proc.write('report\n');
      return JSON.parse(await reply);
    },
    stop: () => proc.stop(),
  };
}
