// The collector child (bench/collector.mjs): its endpoint for --inspect, and its reports.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { profiled, ROOT } from './peers.mjs';
import { Proc } from './procs.mjs';

export async function startCollector() {
  const proc = new Proc(process.execPath, [...profiled('collector'), join(ROOT, 'bench/collector.mjs')], { name: 'collector', timeoutMs: 30 * 60_000 });
  const endpoint = (await proc.line('READY ')).slice('READY '.length);
  return {
    endpoint,
    async report() {
      const reply = proc.nextLine();
      proc.write('report\n');
      return JSON.parse(await reply);
    },
    /** Closing its stdin ends it normally (which writes a CPU profile); a signal if that hangs. */
    async stop() {
      proc.child.stdin.end();
      await Promise.race([proc.exited, sleep(2000)]);
      return proc.stop();
    },
  };
}
