// Real captures for the wire tests: `zmq-sessions capture` writing JSON Lines, and tcpdump or
// dumpcap writing a file, each started and waited for until it is listening, then stopped.
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI } from '../helpers/cli';
import { CollectedEvent, parseCapture } from '../../src/shared/telemetry';

class Capturer {
  private stderr = '';
  private readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess, listening: RegExp) {
    this.exited = new Promise((resolve) => child.once('close', resolve));
    this.listening = new Promise((resolve, reject) => {
      child.stderr!.on('data', (chunk) => {
        this.stderr += chunk;
        if (listening.test(this.stderr)) resolve();
      });
      child.once('close', (code) => reject(new Error(`the capture exited (${code}) before it listened: ${this.stderr}`)));
    });
  }

  readonly listening: Promise<void>;

  async stop(): Promise<string> {
    // A moment for the last packets to reach the capture before it stops.
    await new Promise((resolve) => setTimeout(resolve, 300));
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
    return this.stderr;
  }
}

/** `zmq-sessions capture --port P... --out FILE` on lo; `events()` after stop. */
export async function captureCli(ports: number[], out: string): Promise<Capturer & { events(): CollectedEvent[] }> {
  const child = spawn(process.execPath, [CLI, 'capture', ...ports.flatMap((port) => ['--port', String(port)]), '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  const capturer = new Capturer(child, /Capturing on/);
  await capturer.listening;
  return Object.assign(capturer, { events: () => parseCapture(readFileSync(out, 'utf8')) });
}

/** tcpdump (pcap) or dumpcap (pcapng) writing FILE on lo for the ports. */
export async function captureFile(tool: 'tcpdump' | 'dumpcap', ports: number[], file: string): Promise<Capturer> {
  const filter = ports.map((port) => `tcp port ${port}`).join(' or ');
  // Buffers of 32 MiB: a few MiB at loopback speed overflowed the default and packets were dropped.
  const args = tool === 'tcpdump' ? ['-i', 'lo', '--immediate-mode', '-B', '32768', '-U', '-w', file, filter] : ['-i', 'lo', '-B', '32', '-w', file, '-f', filter];
  const capturer = new Capturer(spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] }), tool === 'tcpdump' ? /listening on/ : /Capturing on/);
  await capturer.listening;
  // dumpcap says "Capturing on" a moment before it captures: a connection made at once was seen
  // from its middle in 1 of 15 runs (tcpdump says "listening on" once its filter is in place).
  if (tool === 'dumpcap') await new Promise((resolve) => setTimeout(resolve, 1000));
  return capturer;
}

/** A message event's socket and first frame's text. */
export const line = (event: CollectedEvent) => {
  const message = event as Extract<CollectedEvent, { event: 'sent' }>;
  return `${message.socket} ${message.frames[0]?.text ?? ''}`;
};
