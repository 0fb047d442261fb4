// `zmq-sessions capture`: any program's ZeroMQ traffic, decoded from the wire. Runs tcpdump (or
// dumpcap) writing pcap to its stdout as it captures, or reads a pcap/pcapng file (--read), and
// turns what it decodes into the events the inspector and `report` take: to a collector
// (--inspect, with the token from the environment, as roles report), to a JSON Lines file (--out),
// or, with neither, one line per message on stdout.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { isPort, loopbackInterface } from '../shared/capture-ports';
import { Sampler } from '../shared/sampler';
import { CollectedEvent, INSPECT_TOKEN_ENV, WIRE_ID_ENV } from '../shared/telemetry';
import type { DecoderStats, Namer } from '../shared/wire';
import { CaptureFileError, readTwice, WireCapture } from '../shared/wire';
import { captureCommand, captureFailure, findCaptureTool } from './capture-tool';
import { RoleError, UsageError } from './errors';
import { EventFile } from './event-file';
import { yieldCpu } from './niceness';
import { commandSpec, OptionsOf } from './options';
import { hasEnvironment, ProcessNames } from './process-names';
import { Telemetry } from './telemetry';

export const captureSpec = commandSpec({
  summary: 'Decodes ZeroMQ (ZMTP) traffic of any program from the wire: runs tcpdump (or dumpcap) on an\ninterface, or reads a pcap/pcapng file, and reports messages, round trips, subscriptions and\npipeline batches as if the programs had reported them.',
  details: 'Capturing needs permission: run as root, or grant it once, e.g. sudo setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump).',
  options: {
    interface: { default: loopbackInterface(process.platform), help: 'the interface to capture on (loopback by default)' },
    port: { default: [] },
    bpf: { default: '' },
    read: { default: '' },
    out: { default: '', help: 'write the events to this JSON Lines file (as record does)' },
    inspect: { default: '', help: 'send the events to a collector at EP' },
    sampleAbove: { default: 2000, help: 'to a collector, above N messages a second per program, send a sample of them (counters stay exact); 0 = all' },
    inspectId: { default: '', help: `report only the processes started with ${WIRE_ID_ENV}=ID in their environment, under ID (a live capture on Linux; the extension sets it)` },
    duration: { default: 0 },
    quiet: { default: false },
  },
});

type CaptureOptions = OptionsOf<typeof captureSpec>;

/** Reasons shown per connection at the end, at most. */
const REASONS_SHOWN = 20;
/** How often a live capture says how far it is (a line on stderr) and reports each program's counters. */
const PROGRESS_MS = 1000;

export async function capture(options: CaptureOptions): Promise<number> {
  const ports = options.port.map((text) => {
    if (!/^\d+$/.test(text) || !isPort(Number(text))) throw new UsageError(`Invalid --port '${text}': expected a TCP port, 1 to 65535.`);
    return Number(text);
  });
  if (options.inspectId && options.read) throw new UsageError('--inspect-id picks processes of a live capture by their environment: a file has none. Leave it out with --read.');
  const sink = await openSink(options);
  const reasons = keptReasons();
  const out = (event: CollectedEvent) => {
    reasons.add(event);
    sink.write(event);
  };
  const say = (text: string) => options.quiet || console.error(text);
  let result: { stats: DecoderStats; error?: string };
  try {
    if (options.read) result = readTwice((capture) => pushFile(options.read, capture), out, { ports });
    else {
      const decoder = new WireCapture(out, { ports, namer: namerFor(options.inspectId) });
      let last = '';
      const progress = setInterval(() => {
        const { packets, connections, messages } = decoder.stats;
        const line = `Capturing: ${packets} packets, ${connections} connections, ${messages} messages so far.`;
        if (line !== last) say((last = line));
      }, PROGRESS_MS);
      try {
        await captureLive(options, decoder, say);
      } finally {
        clearInterval(progress);
      }
      result = { stats: decoder.stats };
    }
  } finally {
    await sink.close();
  }
  const { error } = result;
  const { packets, connections, messages } = result.stats;
  say(`Decoded ${messages} messages on ${connections} connections from ${packets} packets${options.out ? ` into ${options.out}` : ''}.`);
  for (const reason of reasons.lines) say(`  ${reason}`);
  if (error) throw new RoleError(`${options.read || 'The capture'}: ${error}`);
  return 0;
}

/** The first REASONS_SHOWN warnings of a decoding (why a connection was not decoded), to say at its end. */
export function keptReasons(): { add(event: CollectedEvent): void; lines: string[] } {
  const lines: string[] = [];
  return {
    add: (event) => {
      if (event.event === 'warning' && lines.length < REASONS_SHOWN) lines.push(`${event.source}: ${event.message}`);
    },
    lines,
  };
}

/** Pushes a capture file's bytes to a decoder in chunks of 1 MiB: a file of gigabytes is never held whole. */
export function pushFile(path: string, capture: WireCapture): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RoleError(`Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}. Give a pcap or pcapng file, as tcpdump -w or dumpcap write.`);
  }
  const chunk = new Uint8Array(1 << 20);
  try {
    // A copy of each chunk: the reader may keep a view of it until its next record is whole.
    for (let read; (read = readSync(fd, chunk)) > 0; ) capture.push(chunk.slice(0, read));
  } finally {
    closeSync(fd);
  }
}

async function captureLive(options: CaptureOptions, decoder: WireCapture, say: (text: string) => void): Promise<void> {
  const tool = findCaptureTool();
  const ports = options.port.map(Number);
  const { args, filter } = captureCommand(tool.name, options.interface, ports, options.bpf);
  const child = spawn(tool.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // The decoder behind the programs it watches (tcpdump keeps its priority, and its buffer holds
  // what the decoder has not read yet).
  yieldCpu();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 4096) stderr += text;
    if (/listening on|Capturing on/.test(text)) say(`Capturing on ${options.interface} (${tool.name}, filter "${filter}"); Ctrl-C stops.`);
  });
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const timer = options.duration > 0 ? setTimeout(stop, options.duration * 1000) : undefined;
  const exited = new Promise<{ code: number | null; spawnError?: Error }>((resolve) => {
    child.once('error', (spawnError) => resolve({ code: null, spawnError }));
    child.once('close', (code) => resolve({ code }));
  });
  try {
    for await (const chunk of child.stdout) decoder.push(chunk as Buffer);
  } catch (error) {
    if (error instanceof CaptureFileError) throw new RoleError(`What ${tool.name} wrote cannot be read: ${error.message}`);
    throw error;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (child.exitCode === null) child.kill('SIGTERM');
  }
  const { code, spawnError } = await exited;
  try {
    decoder.end();
  } catch (error) {
    // A capture stopped by a signal may end inside a packet: what came before it counts.
    if (!(error instanceof CaptureFileError)) throw error;
  }
  if (spawnError || (decoder.stats.packets === 0 && code !== 0 && code !== null)) throw new RoleError(captureFailure(tool.name, options.interface, stderr, spawnError));
}

/**
 * Names each local end by the process behind it; with an id, the ends of processes that carry it
 * in their environment are named by it, and the others by nothing the sink passes on.
 */
function namerFor(id: string): Namer {
  const names = new ProcessNames().name;
  if (!id) return names;
  return (end) => {
    const name = names(end);
    return name?.pid !== undefined && hasEnvironment(name.pid, WIRE_ID_ENV, id) ? { source: id, pid: name.pid } : name;
  };
}

interface Reporter {
  telemetry: Telemetry;
  /** Messages per socket each way, reported as `counters` (what a role's item in the Sessions view shows). */
  sent: Record<string, number>;
  received: Record<string, number>;
  /** A flood is reported to the collector as a sample, as a role's is: decoding every message costs less than sending each. */
  sampler: Sampler;
  changed: boolean;
}

interface Sink {
  write(event: CollectedEvent): void;
  close(): Promise<void>;
}

async function openSink(options: CaptureOptions): Promise<Sink> {
  const file = options.out ? await EventFile.open(options.out) : undefined;
  const token = process.env[INSPECT_TOKEN_ENV] || undefined;
  // One reporter per program, as each would report under its own name had it been a role.
  const reporters = new Map<string, Reporter>();
  const reportCounters = () => {
    for (const reporter of reporters.values()) {
      if (reporter.changed) reporter.telemetry.emit({ event: 'counters', sent: { ...reporter.sent }, received: { ...reporter.received }, sampledOut: reporter.sampler.sampledOut });
      reporter.changed = false;
    }
  };
  const timer = options.inspect ? setInterval(reportCounters, PROGRESS_MS) : undefined;
  return {
    write(event) {
      // With an id, only the processes that carry it: their peers are someone else's to report.
      if (options.inspectId && event.source !== options.inspectId) return;
      file?.write(event);
      if (options.inspect) {
        let reporter = reporters.get(event.source);
        if (!reporter) reporters.set(event.source, (reporter = { telemetry: new Telemetry(options.inspect, event.source, token), sent: {}, received: {}, sampler: new Sampler(options.sampleAbove), changed: false }));
        const { source: _source, t, ...rest } = event;
        const message = event.event === 'sent' || event.event === 'received';
        if (message) {
          const counts = reporter[event.event];
          counts[event.socket] = (counts[event.socket] ?? 0) + 1;
          reporter.changed = true;
        }
        // The wire's clock, not this process's: a file read at once samples as its traffic was.
        if (!message || reporter.sampler.keep(event.event, t)) reporter.telemetry.emit(rest as Parameters<Telemetry['emit']>[0], t - performance.timeOrigin);
      }
      if (!file && !options.inspect && event.event === 'sent') console.log(messageLine(event));
    },
    async close() {
      clearInterval(timer);
      reportCounters();
      await Promise.all([...reporters.values()].map((reporter) => reporter.telemetry.close()));
      await file?.close();
    },
  };
}

function messageLine(event: Extract<CollectedEvent, { event: 'sent' }>): string {
  const time = new Date(event.t).toISOString().slice(11, 23);
  const frames = event.frames.map((frame) => (frame.text !== undefined ? JSON.stringify(frame.text) : `0x${frame.hex}`) + (frame.truncated ? `… (${frame.size} B)` : '')).join(' | ');
  return `${time}  ${event.source}  ${event.socket}  ${frames}`;
}
