// A stage for the diagnoses' role tests: a real `zmq-sessions record`, real roles reporting to it,
// and the findings of `zmq-sessions report --json` over what it recorded.
import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Diagnosis } from '../../src/shared/analytics';
import { ProgramName } from '../../src/shared/role-events';
import { CLI, Roles, runCli, tempDir, TestRole } from '../helpers/cli';
import { waitFor } from '../helpers/wait';

export class Stage {
  private readonly roles = new Roles();
  private readonly temp = tempDir();
  private readonly out = path.join(this.temp.dir, 'capture.jsonl');
  private readonly endpoint = `ipc://${this.temp.dir}/collector`;
  private recorder?: ChildProcess;

  async open(): Promise<void> {
    this.recorder = spawn(process.execPath, [CLI, 'record', '--bind', this.endpoint, '--out', this.out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    this.recorder.stdout!.on('data', (chunk) => (said += chunk));
    await waitFor(() => said.includes('Recording to'), 10000, 'the recorder to listen');
  }

  /** A role that reports to the recorder under `id`. */
  start(role: ProgramName, id: string, args: string[], env?: NodeJS.ProcessEnv): TestRole {
    return this.roles.start(role, [...args, '--inspect', this.endpoint, '--inspect-id', id], env);
  }

  /** A whole `zmq-sessions run` session that reports to the recorder. */
  run(args: string[]) {
    return runCli([...args, '--inspect', this.endpoint], { timeoutMs: 30000 });
  }

  /** Stops the roles, then the recorder (the first time), and returns what `report --json` found. */
  async diagnoses(reportArgs: string[] = []): Promise<Diagnosis[]> {
    if (this.recorder) {
      await this.roles.stopAll();
      // The last telemetry batches travel after their roles exit.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await this.stopRecorder();
    }
    const report = await runCli(['report', this.out, '--json', ...reportArgs]);
    if (report.code !== 0) throw new Error(`report failed: ${report.stderr}`);
    return JSON.parse(report.stdout).diagnoses;
  }

  async close(): Promise<void> {
    await this.roles.stopAll();
    await this.stopRecorder();
    this.temp.remove();
  }

  private async stopRecorder(): Promise<void> {
    const recorder = this.recorder;
    this.recorder = undefined;
    if (!recorder || recorder.exitCode !== null) return;
    const closed = new Promise((resolve) => recorder.once('close', resolve));
    recorder.kill('SIGINT');
    await closed;
  }
}

/** A TCP port nothing listens on now, for a role that must connect before its peer binds. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The findings of a kind, with a message that lists all findings when there is none. */
export function ofKind(found: Diagnosis[], kind: Diagnosis['kind']): Diagnosis[] {
  return found.filter((d) => d.kind === kind);
}

export function listed(found: Diagnosis[]): string {
  return found.map((d) => `${d.kind}: ${d.summary}`).join('\n') || '(no findings)';
}

export function figure(d: Diagnosis, name: string): number | string | undefined {
  return d.evidence.find((f) => f.name === name)?.value;
}
