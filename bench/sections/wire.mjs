// Issue 15: the wire decoder against the built-in pipeline, in the same run. The pipeline runs a
// batch of 16-byte tasks while tcpdump captures it to a pcap (what a live capture costs the
// captured programs is measured apart, in wire-cost.mjs). Then the pcap is decoded on one core (read twice, as
// `report` does): messages decoded a second, against the messages a second the pipeline made
// (each task crosses the wire twice: ventilator to worker, worker to sink), and peak memory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpoint } from '../lib/endpoints.mjs';
import { ROOT } from '../lib/peers.mjs';
import { run } from './pipeline.mjs';
import { measureCaptureCost } from './wire-cost.mjs';

const portOf = (ep) => Number(ep.split(':').pop());

function tcpdump(file, ports) {
  const child = spawn('tcpdump', ['-i', 'lo', '--immediate-mode', '-B', '32768', '-U', '-w', file, ports.map((port) => `tcp port ${port}`).join(' or ')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const listening = new Promise((resolve, reject) => {
    let said = '';
    child.stderr.on('data', (chunk) => (said += chunk) && /listening on/.test(said) && resolve());
    child.once('close', (code) => reject(new Error(`tcpdump exited ${code}: ${said}`)));
  });
  // At its exit tcpdump says how many packets the kernel dropped (it could not keep up).
  const stop = () =>
    new Promise((resolve) => {
      let said = '';
      child.stderr.on('data', (chunk) => (said += chunk));
      child.once('close', () => resolve(Number(/(\d+) packets? dropped by kernel/.exec(said)?.[1] ?? NaN)));
      child.kill('SIGINT');
    });
  return { listening, stop };
}

export async function measureWire({ impls, collector, count, repeats, log }) {
  if (spawnSync('tcpdump', ['--version']).status !== 0) return { skipped: 'no tcpdump (sudo apt-get install tcpdump)' };
  const roles = impls.find((impl) => impl.name === 'roles');
  const folder = mkdtempSync(join(tmpdir(), 'zmq-bench-wire-'));
  try {
    const alone = await run(roles, 'tcp', 16, count);
    const captureCost = await measureCaptureCost({ impls, collector, count, repeats: Math.max(repeats, 3), folder, log });
    const endpoints = { vent: await endpoint('tcp'), sink: await endpoint('tcp') };
    const file = join(folder, 'pipeline.pcap');
    const capture = tcpdump(file, [portOf(endpoints.vent), portOf(endpoints.sink)]);
    await capture.listening;
    const captured = await run(roles, 'tcp', 16, count, undefined, undefined, endpoints);
    const droppedByKernel = await capture.stop();
    const decode = spawnSync(process.execPath, [join(ROOT, 'bench/wire-decode.cjs'), file], { encoding: 'utf8', timeout: 600_000 });
    if (decode.status !== 0) throw new Error(`decoding failed: ${decode.stderr}`);
    const decoded = JSON.parse(decode.stdout);
    // The pipeline's rate in wire messages: each task is sent twice (to a worker, then its result to the sink).
    const pipelineMsgsPerSec = alone.msgsPerSec * 2;
    const result = {
      count,
      pcapMb: Math.round(statSync(file).size / 1e5) / 10,
      pipelineTasksPerSec: alone.msgsPerSec,
      capturedTasksPerSec: captured.msgsPerSec,
      captureCost,
      droppedByKernel,
      decodedMessages: decoded.messages,
      decoderMsgsPerSec: Math.round(decoded.messages / decoded.seconds),
      decoderOverPipeline: Math.round((decoded.messages / decoded.seconds / pipelineMsgsPerSec) * 100) / 100,
      decoderMaxRssMb: decoded.maxRssMb,
      ...(decoded.error ? { error: decoded.error } : {}),
    };
    log(`wire: ${JSON.stringify(result)}${process.env.BENCH_KEEP_PCAP ? ` (pcap kept: ${file})` : ''}`);
    return result;
  } finally {
    if (!process.env.BENCH_KEEP_PCAP) rmSync(folder, { recursive: true, force: true });
  }
}
