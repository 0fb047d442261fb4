// Live wire captures of this window: `zmq-sessions capture` processes (tcpdump or dumpcap under
// them) reporting what they decode to the window's collector, each with an explicit state and its
// counts, read from the lines the CLI prints. Started by "Capture Traffic…", or for a custom role
// inspected on the wire (then reporting only that role's processes, under its instance id).
import * as vscode from 'vscode';
import { Collector } from '../../collector/collector';
import { ChildRole, RoleExit } from '../../roles/child';
import { INSPECT_TOKEN_ENV } from '../../shared/telemetry';
import { Disposable } from '../dispose';
import { guarded } from '../launch/guard';
import { NODE, nodeEnv } from '../node';

export type CaptureState =
  | { kind: 'starting' }
  | { kind: 'capturing' }
  | { kind: 'stopping' }
  | { kind: 'stopped' }
  | { kind: 'failed'; reason: string };

export interface CaptureRequest {
  iface: string;
  ports: number[];
  /** The custom role whose processes alone it reports, under this id. */
  roleId?: string;
}

export interface WireCapture extends CaptureRequest {
  readonly kind: 'wire-capture';
  readonly id: string;
  readonly label: string;
  state: CaptureState;
  counts: { packets: number; connections: number; messages: number };
}

/** Ended captures of roles kept for their tooltips; beyond, the oldest are forgotten (each restart makes one). */
const ENDED_ROLE_CAPTURES = 50;
/** How long a capture may take to start listening; tcpdump does in well under a second. */
const START_TIMEOUT_MS = 15_000;
/** The CLI's lines: capture started, progress, and the final tally. */
const LISTENING = /^Capturing on /m;
const PROGRESS = /Capturing: (\d+) packets, (\d+) connections, (\d+) messages/g;
const FINAL = /Decoded (\d+) messages on (\d+) connections from (\d+) packets/;

/** What changed: a capture (its state, or only its `counts`), or, without one, which captures there are. */
export interface CapturesChange {
  capture?: WireCapture;
  counts?: boolean;
}

export class WireCaptures extends Disposable {
  private readonly captures: WireCapture[] = [];
  private readonly children = new Map<string, ChildRole>();
  private readonly changes = this._register(new vscode.EventEmitter<CapturesChange>());
  private readonly output = this._register(vscode.window.createOutputChannel('ZeroMQ Capture'));
  private nextId = 1;
  readonly onDidChange = this.changes.event;

  constructor(
    private readonly collector: Collector,
    /** The CLI script (dist/cli.js) whose `capture` runs. */
    private readonly cli: string,
  ) {
    super();
  }

  /** Captures started by the user (a role's own capture shows on the role). */
  get standalone(): WireCapture[] {
    return this.captures.filter((capture) => !capture.roleId);
  }

  /** The live captures of custom roles. */
  ofRoles(): WireCapture[] {
    return this.captures.filter((capture) => capture.roleId && (capture.state.kind === 'starting' || capture.state.kind === 'capturing'));
  }

  /** Notes why a role cannot be captured, for its tooltip. */
  unavailable(roleId: string, reason: string): void {
    this.remember({ kind: 'wire-capture', id: `capture-${this.nextId++}`, label: roleId, iface: '', ports: [], roleId, state: { kind: 'failed', reason }, counts: { packets: 0, connections: 0, messages: 0 } });
    this.changes.fire({});
  }

  /** The latest capture of a custom role. */
  forRole(roleId: string): WireCapture | undefined {
    return this.captures.filter((capture) => capture.roleId === roleId).at(-1);
  }

  start(request: CaptureRequest): WireCapture {
    const id = `capture-${this.nextId++}`;
    // A role's capture is named by the role too: the output channel's lines say whose they are.
    const label = `Capture ${request.iface}:${request.ports.join(',')}${request.roleId ? ` of ${request.roleId}` : ''}`;
    const capture: WireCapture = { kind: 'wire-capture', id, label, ...request, state: { kind: 'starting' }, counts: { packets: 0, connections: 0, messages: 0 } };
    this.remember(capture);
    const args = [this.cli, 'capture', '--interface', request.iface, ...request.ports.flatMap((port) => ['--port', String(port)]), '--inspect', this.collector.connectEndpoint];
    if (request.roleId) args.push('--inspect-id', request.roleId);
    const token: Record<string, string> = this.collector.token ? { [INSPECT_TOKEN_ENV]: this.collector.token } : {};
    // Under the guard: a capture (and its tcpdump) ends with the extension host, even a crashed one.
    const [command, commandArgs] = process.platform === 'win32' ? [NODE, args] : guarded(NODE, args, undefined);
    const child = new ChildRole(command, commandArgs, { env: nodeEnv(token), onOutput: (text) => this.read(capture, text) });
    this.children.set(id, child);
    void child.exited.then((exit) => this.exited(capture, exit));
    const timer = setTimeout(() => {
      if (capture.state.kind !== 'starting') return;
      this.set(capture, { kind: 'failed', reason: `it did not start capturing within ${START_TIMEOUT_MS / 1000} s (see the output "ZeroMQ Capture").` });
      void child.stop();
    }, START_TIMEOUT_MS);
    void child.exited.then(() => clearTimeout(timer));
    this.changes.fire({});
    return capture;
  }

  /** Resolves once the capture listens, or has failed or stopped (look at its state). */
  settled(capture: WireCapture): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (capture.state.kind === 'starting') return false;
        subscription.dispose();
        resolve();
        return true;
      };
      const subscription = this.onDidChange(check);
      check();
    });
  }

  async stop(capture: WireCapture): Promise<void> {
    const child = this.children.get(capture.id);
    if (!child || (capture.state.kind !== 'starting' && capture.state.kind !== 'capturing')) return;
    this.set(capture, { kind: 'stopping' });
    await child.stop();
  }

  /** Forgets a capture that has ended. */
  remove(capture: WireCapture): void {
    const at = this.captures.indexOf(capture);
    if (at < 0 || this.children.has(capture.id)) return;
    this.captures.splice(at, 1);
    this.changes.fire({});
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.captures.map((capture) => this.stop(capture)));
  }

  /** Its emitter and output channel go once every capture has stopped. */
  override dispose(): void {
    void this.stopAll().finally(() => super.dispose());
  }

  showOutput(): void {
    this.output.show(true);
  }

  private remember(capture: WireCapture): void {
    this.captures.push(capture);
    const ended = this.captures.filter((each) => each.roleId && !this.children.has(each.id) && each !== capture);
    for (const old of ended.slice(0, Math.max(0, ended.length - ENDED_ROLE_CAPTURES))) this.captures.splice(this.captures.indexOf(old), 1);
  }

  private read(capture: WireCapture, text: string): void {
    this.output.append(text.replace(/^(?=.)/gm, `[${capture.label}] `));
    if (capture.state.kind === 'starting' && LISTENING.test(text)) this.set(capture, { kind: 'capturing' });
    const last = [...text.matchAll(PROGRESS)].at(-1);
    const final = FINAL.exec(text);
    if (last) capture.counts = { packets: Number(last[1]), connections: Number(last[2]), messages: Number(last[3]) };
    else if (final) capture.counts = { packets: Number(final[3]), connections: Number(final[2]), messages: Number(final[1]) };
    if (last || final) this.changes.fire({ capture, counts: true });
  }

  private exited(capture: WireCapture, exit: RoleExit): void {
    this.children.delete(capture.id);
    if (capture.state.kind === 'failed') return;
    const asked = capture.state.kind === 'stopping';
    if (asked || exit.code === 0) this.set(capture, { kind: 'stopped' });
    else this.set(capture, { kind: 'failed', reason: exit.lastError ?? (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`) });
  }

  private set(capture: WireCapture, state: CaptureState): void {
    capture.state = state;
    this.changes.fire({ capture });
  }
}
