// The sessions that run in this window: starts role processes, follows their state through the
// events they report to the collector and through their exit, and stops them.
import * as vscode from 'vscode';
import { Collector } from '../../collector/collector';
import { ChildRole, RoleExit } from '../../roles/child';
import { RoleEvent } from '../../shared/role-events';
import { collected, INSPECT_TOKEN_ENV, WIRE_ID_ENV } from '../../shared/telemetry';
import { PatternName } from '../../shared/workspace-config';
import { NODE, nodeEnv } from '../node';
import { guarded } from '../launch/guard';
import { OutputPresenter, Presenter, TerminalPresenter } from '../launch/presenter';
import { isLive, LaunchSpec, RoleInstance, RoleState, Session } from './model';
import { tracedCommand } from './userPrograms';

export interface RoleEventNotice {
  instance: RoleInstance;
  event: RoleEvent;
}

interface Running {
  child: ChildRole;
  presenter: Presenter;
  /** The error a built-in role reported before exiting, a better reason than its exit code. */
  reportedError?: string;
}

/**
 * A built-in role reports ready once its sockets are bound or connecting, well under a second;
 * one that has not after this long never will (its reports do not reach the collector).
 */
const READY_TIMEOUT_MS = 20_000;

export class SessionRegistry implements vscode.Disposable {
  private readonly sessions: Session[] = [];
  private readonly running = new Map<string, Running>();
  /** Processes that belong to no role (the req behind Send Request…), stopped with the rest. */
  private readonly helpers = new Set<ChildRole>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly showWhenLaunched = new Set<string>();
  private readonly changes = new vscode.EventEmitter<void>();
  private readonly roleEvents = new vscode.EventEmitter<RoleEventNotice>();
  private readonly subscription: { dispose(): void };
  private nextId = 1;

  readonly onDidChange = this.changes.event;
  readonly onRoleEvent = this.roleEvents.event;

  constructor(
    private readonly collector: Collector,
    /** The CLI script (dist/cli.js) that built-in roles run. */
    private readonly cli: string,
    /** How long a built-in role may take to report ready before it fails (and is stopped). */
    private readonly readyTimeoutMs = READY_TIMEOUT_MS,
    /** What must be done before a custom role inspected on the wire starts: its capture listening, to see its first connections. */
    private readonly beforeWireRole?: (instance: RoleInstance) => Promise<void>,
  ) {
    // Only well-formed events: a role elsewhere, or another version, may send anything.
    this.subscription = collector.onBatch((batch) => {
      const instance = this.find(batch.source);
      if (instance) for (const event of collected(batch)) this.handle(instance, event);
    });
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
    this.changes.fire();
    return session;
  }

  /** Starts a role in a session; await `whenRunning` to know it is ready. */
  start(session: Session, spec: LaunchSpec): RoleInstance {
    const id = `${spec.role}-${this.nextId++}`;
    const instance: RoleInstance = { id, sessionId: session.id, spec, state: { kind: 'starting' }, waitingForEnter: false, messages: { sent: 0, received: 0 } };
    session.roles.push(instance);
    const gate = spec.source === 'custom' && spec.inspection?.kind === 'wire' ? this.beforeWireRole?.(instance) : undefined;
    if (gate) void gate.catch(() => undefined).then(() => this.launch(instance));
    else this.launch(instance);
    this.changes.fire();
    return instance;
  }

  private launch(instance: RoleInstance): void {
    const { id, spec } = instance;
    // Stopped while its capture was starting.
    if (instance.state.kind !== 'starting') return;
    const presenter: Presenter =
      spec.mode === 'terminal' ? new TerminalPresenter(spec.label, () => void this.stop(instance)) : new OutputPresenter(`ZeroMQ: ${spec.label}`);
    const traced = spec.inspection?.kind === 'trace';
    const [command, args] =
      spec.source === 'builtin'
        ? [NODE, [this.cli, spec.role, ...spec.args, '--inspect', this.collector.connectEndpoint, '--inspect-id', id]]
        : this.customCommand(spec, traced ? [NODE, tracedCommand(this.cli, this.collector.connectEndpoint, id, spec.command!, spec.args)] : [spec.command!, spec.args]);
    // Python's output would otherwise wait in a buffer until the program ends. Only built-in roles
    // and traced programs report to the collector, so only they get its token.
    const token: Record<string, string> = (spec.source === 'builtin' || traced) && this.collector.token ? { [INSPECT_TOKEN_ENV]: this.collector.token } : {};
    // A program inspected on the wire carries its id, by which its capture tells it from its peers.
    const wire: Record<string, string> = spec.inspection?.kind === 'wire' ? { [WIRE_ID_ENV]: id } : {};
    const env = nodeEnv({ PYTHONUNBUFFERED: '1', ...spec.env, ...token, ...wire });
    const child = new ChildRole(command, args, { cwd: spec.cwd, env, onOutput: (text) => presenter.write(text), channel: spec.source === 'builtin' });
    if (presenter instanceof TerminalPresenter) presenter.attach(child);
    const entry: Running = { child, presenter };
    this.running.set(id, entry);
    child.spawned.then(
      () => {
        instance.pid = child.child.pid;
        // A custom program does not report when it is ready: started is the best we know.
        if (spec.source === 'custom') this.setState(instance, { kind: 'running', bound: [], connected: [] });
        else this.changes.fire();
      },
      () => undefined,
    );
    void child.exited.then((exit) => this.exited(instance, entry, exit));
    if (spec.source === 'builtin') this.failUnlessReady(instance, entry);
    if (this.showWhenLaunched.delete(id)) presenter.show();
    this.changes.fire();
  }

  /** Runs a process that is no role of a session until it ends; Stop All and deactivation stop it too. */
  track<T extends ChildRole>(child: T): T {
    this.helpers.add(child);
    void child.exited.then(() => this.helpers.delete(child));
    return child;
  }

  /** Resolves when the role is running; rejects with the reason when it fails or exits first. */
  whenRunning(instance: RoleInstance): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const state = instance.state;
        if (state.kind === 'running') resolve();
        else if (state.kind === 'failed') reject(new Error(state.reason));
        else if (state.kind === 'exited') reject(new Error(`${instance.spec.label} exited with code ${state.code} before it was ready`));
        else this.waiters.set(instance.id, [...(this.waiters.get(instance.id) ?? []), check]);
      };
      check();
    });
  }

  /** Writes a line to the role's standard input, shown in its terminal as if typed. */
  enter(instance: RoleInstance, text = ''): void {
    const entry = this.running.get(instance.id);
    if (!entry) return;
    if (entry.presenter instanceof TerminalPresenter) entry.presenter.enter(text);
    else entry.child.writeLine(text);
  }

  show(instance: RoleInstance): void {
    const entry = this.running.get(instance.id);
    // Not launched yet (its capture is starting): shown once it is.
    if (!entry && instance.state.kind === 'starting') this.showWhenLaunched.add(instance.id);
    entry?.presenter.show();
  }

  async stop(instance: RoleInstance): Promise<void> {
    const entry = this.running.get(instance.id);
    if (!entry && instance.state.kind === 'starting') this.setState(instance, { kind: 'exited', code: null });
    if (!entry || !isLive(instance.state)) return;
    this.setState(instance, { kind: 'stopping' });
    await entry.child.stop();
  }

  async stopSession(session: Session): Promise<void> {
    await Promise.all(session.roles.map((role) => this.stop(role)));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.sessions.map((session) => this.stopSession(session)), ...[...this.helpers].map((child) => child.stop())]);
  }

  /**
   * Stops a role and starts it again in its place with `spec` (its launch as the settings are
   * now); undefined when it is no longer in a session (a second Restart or a Remove came first).
   */
  async restart(instance: RoleInstance, spec: LaunchSpec = instance.spec): Promise<RoleInstance | undefined> {
    if (!this.sessionOf(instance)?.roles.includes(instance)) return undefined;
    await this.stop(instance);
    const session = this.sessionOf(instance);
    if (!session || !this.removeRole(instance)) return undefined;
    return this.start(session, spec);
  }

  /** Stops a session's roles and forgets it, closing their terminals and output channels. */
  async remove(session: Session): Promise<void> {
    await this.stopSession(session);
    for (const role of [...session.roles]) this.removeRole(role);
    // A second Remove of the same session, while the first awaited, finds it gone.
    const at = this.sessions.indexOf(session);
    if (at >= 0) this.sessions.splice(at, 1);
    this.changes.fire();
  }

  async dispose(): Promise<void> {
    this.subscription.dispose();
    await this.stopAll();
    for (const entry of this.running.values()) entry.presenter.dispose();
    this.running.clear();
    this.changes.dispose();
    this.roleEvents.dispose();
  }

  /** Forgets a role that has ended; false if it was not in its session (removed already). */
  /** A custom program runs under the guard that stops its process group when the host goes away (not on Windows, which has no groups). */
  private customCommand(spec: LaunchSpec, [command, args]: [string, string[]]): [string, string[]] {
    return process.platform === 'win32' ? [command, args] : guarded(command, args, spec.cwd, spec.env?.PATH ?? process.env.PATH);
  }

  private removeRole(instance: RoleInstance): boolean {
    const session = this.sessionOf(instance);
    const at = session ? session.roles.indexOf(instance) : -1;
    if (at < 0) return false;
    this.running.get(instance.id)?.presenter.dispose();
    this.running.delete(instance.id);
    session!.roles.splice(at, 1);
    return true;
  }

  /** A built-in role that has not reported ready in time fails, with the reason, and is stopped. */
  private failUnlessReady(instance: RoleInstance, entry: Running): void {
    const timer = setTimeout(() => {
      if (instance.state.kind !== 'starting') return;
      const seconds = this.readyTimeoutMs / 1000;
      this.setState(instance, { kind: 'failed', reason: `it did not report ready within ${seconds} s: its reports do not reach this window's collector (${this.collector.connectEndpoint}). See the role's output; reload the window if the collector could not start.` });
      entry.presenter.write(`\n[${instance.spec.label} did not report ready within ${seconds} s; stopping it]\n`);
      void entry.child.stop();
    }, this.readyTimeoutMs);
    void entry.child.exited.then(() => clearTimeout(timer));
  }

  private handle(instance: RoleInstance, event: RoleEvent): void {
    if (event.event === 'ready' && instance.state.kind === 'starting') {
      this.setState(instance, { kind: 'running', bound: event.bound, connected: event.connected });
    } else if (event.event === 'error') {
      const entry = this.running.get(instance.id);
      if (entry) entry.reportedError = event.message;
    } else if (event.event === 'counters') {
      const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);
      instance.messages = { sent: total(event.sent), received: total(event.received) };
      this.changes.fire();
    } else if (event.event === 'waiting' || event.event === 'batch-sent') {
      instance.waitingForEnter = event.event === 'waiting';
      this.changes.fire();
    }
    this.roleEvents.fire({ instance, event });
  }

  private exited(instance: RoleInstance, entry: Running, exit: RoleExit): void {
    if (instance.state.kind === 'failed') {
      // Failed already (not ready in time): keep that reason.
      entry.presenter.ended(`${instance.spec.label} failed: ${instance.state.reason}`);
      return;
    }
    const stopped = instance.state.kind === 'stopping';
    const reason = entry.reportedError ?? exit.lastError ?? (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`);
    instance.waitingForEnter = false;
    const failed = !stopped && exit.code !== 0;
    this.setState(instance, failed ? { kind: 'failed', reason } : { kind: 'exited', code: exit.code });
    entry.presenter.ended(failed ? `${instance.spec.label} failed: ${reason}` : `${instance.spec.label} exited with code ${exit.code ?? exit.signal}`);
    // A built-in role killed by a signal it could not handle (SIGKILL) reported nothing of its end.
    if (instance.spec.source === 'builtin' && exit.signal) this.roleEvents.fire({ instance, event: { event: 'exit', code: exit.code, signal: exit.signal } });
  }

  private setState(instance: RoleInstance, state: RoleState): void {
    instance.state = state;
    const waiting = this.waiters.get(instance.id) ?? [];
    this.waiters.delete(instance.id);
    for (const waiter of waiting) waiter();
    this.changes.fire();
  }
}
