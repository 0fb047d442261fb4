// The sessions that run in this window and their roles' states: a store with change events. It
// follows each role through the events it reports to the collector and through its run (spawned,
// exited); launching is launch/'s.
import * as vscode from 'vscode';
import { Collector } from '../../collector/collector';
import { ChildRole, RoleExit } from '../../roles/child';
import { RoleEvent } from '../../shared/role-events';
import { collected } from '../../shared/telemetry';
import { PatternName } from '../../shared/workspace-config';
import { Disposable } from '../dispose';
import { RoleRun } from '../launch/run';
import { isLive, LaunchSpec, RoleInstance, RoleState, runsCli, Session } from './model';

export interface RoleEventNotice {
  instance: RoleInstance;
  event: RoleEvent;
}

/**
 * What changed: a role (its state, pid, counts), or, without one, what sessions and roles there are.
 * `counts`: only its message counts, which tick every second while it runs.
 */
export interface RegistryChange {
  role?: RoleInstance;
  counts?: boolean;
}

/**
 * A built-in role reports ready once its sockets are bound or connecting, well under a second;
 * one that has not after this long never will (its reports do not reach the collector).
 */
const READY_TIMEOUT_MS = 20_000;

export class SessionRegistry extends Disposable {
  private readonly sessions: Session[] = [];
  private readonly runs = new Map<string, RoleRun>();
  /** Processes that belong to no role (the req behind Send Request…), stopped with the rest. */
  private readonly helpers = new Set<ChildRole>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly showWhenLaunched = new Set<string>();
  private readonly changes = this._register(new vscode.EventEmitter<RegistryChange>());
  private readonly roleEvents = this._register(new vscode.EventEmitter<RoleEventNotice>());
  private nextId = 1;

  readonly onDidChange = this.changes.event;
  readonly onRoleEvent = this.roleEvents.event;

  constructor(
    private readonly collector: Collector,
    /** How long a built-in role may take to report ready before it fails (and is stopped). */
    private readonly readyTimeoutMs = READY_TIMEOUT_MS,
  ) {
    super();
    // Only well-formed events: a role elsewhere, or another version, may send anything.
    this._register(
      collector.onBatch((batch) => {
        const instance = this.find(batch.source);
        if (instance) for (const event of collected(batch)) this.handle(instance, event);
      }),
    );
  }

  get all(): readonly Session[] {
    return this.sessions;
  }

  get liveRoles(): RoleInstance[] {
    return this.sessions.flatMap((session) => session.roles).filter((role) => isLive(role.state));
  }

  find(id: string): RoleInstance | undefined {
    return this.sessions.flatMap((session) => session.roles).find((role) => role.id === id);
  }

  sessionOf(instance: RoleInstance): Session | undefined {
    return this.sessions.find((session) => session.id === instance.sessionId);
  }

  createSession(label: string, pattern: PatternName): Session {
    const same = this.sessions.filter((session) => session.label === label || session.label.startsWith(`${label} #`)).length;
    const session: Session = { id: `session-${this.nextId++}`, label: same ? `${label} #${same + 1}` : label, pattern, roles: [] };
    this.sessions.push(session);
    this.changes.fire({});
    return session;
  }

  /** A role about to be launched, starting, in its session. */
  add(session: Session, spec: LaunchSpec): RoleInstance {
    const instance: RoleInstance = { id: `${spec.role}-${this.nextId++}`, sessionId: session.id, spec, state: { kind: 'starting' }, messages: { sent: 0, received: 0 } };
    session.roles.push(instance);
    this.changes.fire({});
    return instance;
  }

  /** Follows a launched role's run: its process, its readiness, its end. */
  attach(instance: RoleInstance, run: RoleRun): void {
    this.runs.set(instance.id, run);
    run.child.spawned.then(
      () => {
        instance.pid = run.child.child.pid;
        // A custom program does not report when it is ready: started is the best we know.
        if (instance.spec.source === 'custom') this.setState(instance, { kind: 'running', bound: [], connected: [], waitingForEnter: false });
        else this.changes.fire({ role: instance });
      },
      () => undefined,
    );
    void run.child.exited.then((exit) => this.exited(instance, run, exit));
    if (runsCli(instance.spec)) this.failUnlessReady(instance, run);
    if (this.showWhenLaunched.delete(instance.id)) run.show();
    this.changes.fire({ role: instance });
  }

  /** Runs a process that is no role of a session until it ends; Stop All and deactivation stop it too. */
  track<T extends ChildRole>(child: T): T {
    this.helpers.add(child);
    void child.exited.then(() => this.helpers.delete(child));
    return child;
  }

  /** Resolves when the role is running; rejects with the reason when it fails or exits first, or when `token` is cancelled. */
  whenRunning(instance: RoleInstance, token?: vscode.CancellationToken): Promise<void> {
    return new Promise((resolve, reject) => {
      if (token?.isCancellationRequested) return reject(new vscode.CancellationError());
      const cancelled = token?.onCancellationRequested(() => reject(new vscode.CancellationError()));
      const check = () => {
        const state = instance.state;
        if (state.kind === 'starting' || state.kind === 'stopping') {
          this.waiters.set(instance.id, [...(this.waiters.get(instance.id) ?? []), check]);
          return;
        }
        cancelled?.dispose();
        if (state.kind === 'running') resolve();
        else if (state.kind === 'failed') reject(new Error(state.reason));
        else reject(new Error(`${instance.spec.label} exited with code ${state.code} before it was ready`));
      };
      check();
    });
  }

  /** Writes a line to the role's standard input, shown in its terminal as if typed. */
  enter(instance: RoleInstance, text = ''): void {
    this.runs.get(instance.id)?.enter(text);
  }

  show(instance: RoleInstance): void {
    const run = this.runs.get(instance.id);
    // Not launched yet (its capture is starting): shown once it is.
    if (!run && instance.state.kind === 'starting') this.showWhenLaunched.add(instance.id);
    run?.show();
  }

  async stop(instance: RoleInstance): Promise<void> {
    const run = this.runs.get(instance.id);
    if (!run && instance.state.kind === 'starting') this.setState(instance, { kind: 'exited', code: null });
    if (!run || !isLive(instance.state)) return;
    this.setState(instance, { kind: 'stopping' });
    await run.stop();
  }

  async stopSession(session: Session): Promise<void> {
    await Promise.all(session.roles.map((role) => this.stop(role)));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.sessions.map((session) => this.stopSession(session)), ...[...this.helpers].map((child) => child.stop())]);
  }

  /** Stops a session's roles and forgets it, closing their terminals and output channels. */
  async remove(session: Session): Promise<void> {
    await this.stopSession(session);
    for (const role of [...session.roles]) this.removeRole(role);
    // A second Remove of the same session, while the first awaited, finds it gone.
    const at = this.sessions.indexOf(session);
    if (at >= 0) this.sessions.splice(at, 1);
    this.changes.fire({});
  }

  /** Forgets a role that has ended, with its run; false if it was not in its session (removed already). */
  removeRole(instance: RoleInstance): boolean {
    const session = this.sessionOf(instance);
    const at = session ? session.roles.indexOf(instance) : -1;
    if (at < 0) return false;
    this.runs.get(instance.id)?.dispose();
    this.runs.delete(instance.id);
    session!.roles.splice(at, 1);
    this.changes.fire({});
    return true;
  }

  /** Stops every role and waits for it, then lets their runs go. */
  override async dispose(): Promise<void> {
    if (this.isDisposed) return;
    await this.stopAll();
    for (const run of this.runs.values()) run.dispose();
    this.runs.clear();
    super.dispose();
  }

  /** A built-in role that has not reported ready in time fails, with the reason, and is stopped. */
  private failUnlessReady(instance: RoleInstance, run: RoleRun): void {
    const timer = setTimeout(() => {
      if (instance.state.kind !== 'starting') return;
      const seconds = this.readyTimeoutMs / 1000;
      this.setState(instance, { kind: 'failed', reason: `it did not report ready within ${seconds} s: its reports do not reach this window's collector (${this.collector.connectEndpoint}). See the role's output; reload the window if the collector could not start.` });
      run.presenter.write(`\n[${instance.spec.label} did not report ready within ${seconds} s; stopping it]\n`);
      void run.stop();
    }, this.readyTimeoutMs);
    run.own({ dispose: () => clearTimeout(timer) });
    void run.child.exited.then(() => clearTimeout(timer));
  }

  private handle(instance: RoleInstance, event: RoleEvent): void {
    const state = instance.state;
    if (event.event === 'ready' && state.kind === 'starting') {
      this.setState(instance, { kind: 'running', bound: event.bound, connected: event.connected, waitingForEnter: false });
    } else if (event.event === 'error') {
      const run = this.runs.get(instance.id);
      if (run) run.reportedError = event.message;
    } else if (event.event === 'counters') {
      const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);
      instance.messages = { sent: total(event.sent), received: total(event.received) };
      this.changes.fire({ role: instance, counts: true });
    } else if ((event.event === 'waiting' || event.event === 'batch-sent') && state.kind === 'running') {
      this.setState(instance, { ...state, waitingForEnter: event.event === 'waiting' });
    }
    this.roleEvents.fire({ instance, event });
  }

  private exited(instance: RoleInstance, run: RoleRun, exit: RoleExit): void {
    if (instance.state.kind === 'failed') {
      // Failed already (not ready in time): keep that reason.
      run.presenter.ended(`${instance.spec.label} failed: ${instance.state.reason}`);
      return;
    }
    const stopped = instance.state.kind === 'stopping';
    const reason = run.reportedError ?? exit.lastError ?? (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`);
    const failed = !stopped && exit.code !== 0;
    this.setState(instance, failed ? { kind: 'failed', reason } : { kind: 'exited', code: exit.code });
    run.presenter.ended(failed ? `${instance.spec.label} failed: ${reason}` : `${instance.spec.label} exited with code ${exit.code ?? exit.signal}`);
    // A built-in role killed by a signal it could not handle (SIGKILL) reported nothing of its end.
    if (runsCli(instance.spec) && exit.signal) this.roleEvents.fire({ instance, event: { event: 'exit', code: exit.code, signal: exit.signal } });
  }

  private setState(instance: RoleInstance, state: RoleState): void {
    instance.state = state;
    const waiting = this.waiters.get(instance.id) ?? [];
    this.waiters.delete(instance.id);
    for (const waiter of waiting) waiter();
    this.changes.fire({ role: instance });
  }
}
