// The same pitfalls as test/trace/diagnoses.test.ts, made by the same pyzmq programs untraced, and
// found by `report` in a tcpdump capture of them: a finding does not depend on how events were had.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Diagnosis } from '../../src/shared/analytics';
import { runCli, tempDir } from '../helpers/cli';
import { PITFALLS, Proc, PYTHON } from '../trace/traced';
import { captureFile } from './capturing';

describe('wire: diagnoses of pyzmq programs in a tcpdump capture', function () {
  this.timeout(60000);
  let dir: ReturnType<typeof tempDir>;
  const procs: Proc[] = [];
  let capture: Awaited<ReturnType<typeof captureFile>> | undefined;
  const start = (program: string, ...args: string[]) => {
    const proc = new Proc(PYTHON, [path.join(PITFALLS, program), ...args]);
    procs.push(proc);
    return proc;
  };
  const port = async (proc: Proc) => {
    await proc.until(/^\d+\n/);
    return Number(proc.stdout.split('\n')[0]);
  };
  beforeEach(() => (dir = tempDir()));
  afterEach(async () => {
    // A test that failed midway leaves no tcpdump running.
    await capture?.stop();
    capture = undefined;
    await Promise.all(procs.splice(0).map((proc) => proc.stop()));
    dir.remove();
  });

  it('finds no-subscription and req-state in the pcap, and nothing else', async () => {
    const publisher = start('publisher.py', '3');
    const server = start('slow_server.py', '1', '2');
    const ports = [await port(publisher), await port(server)];
    const file = path.join(dir.dir, 'pitfalls.pcap');
    capture = await captureFile('tcpdump', ports, file);
    const subscriber = start('forgot_subscribe.py', `tcp://127.0.0.1:${ports[0]}`, '2000');
    const client = start('impatient_client.py', `tcp://127.0.0.1:${ports[1]}`);
    for (const proc of [publisher, server, subscriber, client]) assert.equal((await proc.exited).code, 0, proc.stderr);
    await capture.stop();

    const report = await runCli(['report', file, '--json']);
    assert.equal(report.code, 0, report.stderr);
    const found: Diagnosis[] = JSON.parse(report.stdout).diagnoses;
    const listed = found.map((d) => `${d.kind} ${d.sources.join(',')}: ${d.summary}`).join('\n') || '(no findings)';
    assert.deepEqual(found.map((d) => d.kind).sort(), ['no-subscription', 'req-state'], listed);
    // A capture names each program by its end of the connection.
    const none = found.find((d) => d.kind === 'no-subscription')!;
    assert.deepEqual(none.sources.slice(1), [`127.0.0.1:${ports[0]}`], listed);
    const twice = found.find((d) => d.kind === 'req-state')!;
    assert.match(twice.summary, /sent request #2 before the reply to #1 came/);
  });
});
