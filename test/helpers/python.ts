// pyzmq peers (test/interop/peers.py) run by Debian's python3, the one that imports zmq.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Stoppable } from './stoppable';

export const PYTHON = '/usr/bin/python3';
const PEERS = path.resolve(__dirname, '../../../test/interop/peers.py');

export class PythonPeer {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private stderr = '';

  constructor(program: string, args: string[]) {
    this.child = spawn(PYTHON, [PEERS, program, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => this.lines.push(line));
    this.child.stderr!.on('data', (chunk) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.once('close', resolve));
  }

  /** The endpoint the peer bound, from its READY line. */
  async ready(): Promise<string> {
    await this.until((line) => line.startsWith('READY '));
    return this.lines.find((line) => line.startsWith('READY '))!.slice(6);
  }

  async until(match: (line: string) => boolean, count = 1, timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.filter(match).length < count) {
      if (this.child.exitCode !== null) throw new Error(`python ${this.child.spawnargs[2]} exited ${this.child.exitCode}: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`python peer: ${count} matching lines not seen in ${timeoutMs} ms; got ${this.lines.slice(-3)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Output lines other than READY. */
  get output(): string[] {
    return this.lines.filter((line) => !line.startsWith('READY '));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Python peers started in a test, stopped after it. */
export class PythonPeers extends Stoppable<PythonPeer> {
  start(program: string, args: string[]): PythonPeer {
    return this.track(new PythonPeer(program, args));
  }
}
