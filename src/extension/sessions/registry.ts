// The sessions that run in this window: starts role processes, follows their state through the
// events they report to the collector and through their exit, and stops them.
import * as vscode from 'vscode';
import { Collector } from '../../collector/collector';
import { ChildRole, RoleExit } from '../../roles/child';
import { RoleEvent } from '../../shared/role-events';
import { INSPECT_TOKEN_ENV } from '../../shared/telemetry';
import { PatternName } from '../../shared/workspace-config';
import { NODE, nodeEnv } from '../node';
import { OutputPresenter, Presenter, TerminalPresenter } from '../launch/presenter';
import { isLive, LaunchSpec, RoleInstance, RoleState, Session } from './model';

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

export class SessionRegistry implements vscode.Disposable {
  private readonly sessions: Session[] = [];
  private readonly running = new Map<string, Running>();
  private readonly waiters = new Map<string, (() => void)[]>();
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
  ) {
    this.subscription = collector.onBatch((batch) => {
      const instance = this.find(batch.source);
      if (instance) for (const event of batch.events) this.handle(instance, event);
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
    const presenter: Presenter =
      spec.mode === 'terminal' ? new TerminalPresenter(spec.label, () => void this.stop(instance)) : new OutputPresenter(`ZeroMQ: ${spec.label}`);
    const [command, args] =
      spec.source === 'builtin'
        ? [NODE, [this.cli, spec.role, ...spec.args, '--inspect', this.collector.endpoint, '--inspect-id', id]]
        : [spec.command!, spec.args];
    // Python's output would otherwise wait in a buffer until the program ends. Only built-in roles
    // report to the collector, so only they get its token.
    const token: Record<string, string> = spec.source === 'builtin' && this.collector.token ? { [INSPECT_TOKEN_ENV]: this.collector.token } : {};
    const env = nodeEnv({ PYTHONUNBUFFERED: '1', ...spec.env, ...token });
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
    this.changes.fire();
    return instance;
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
    this.running.get(instance.id)?.presenter.show();
  }

  async stop(instance: RoleInstance): Promise<void> {
    const entry = this.running.get(instance.id);
    if (!entry || !isLive(instance.state)) return;
    this.setState(instance, { kind: 'stopping' });
    await entry.child.stop();
  }

  async stopSession(session: Session): Promise<void> {
    await Promise.all(session.roles.map((role) => this.stop(role)));
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.sessions.map((session) => this.stopSession(session)));
  }

  async restart(instance: RoleInstance): Promise<RoleInstance | undefined> {
    const session = this.sessionOf(instance);
    if (!session) return undefined;
    await this.stop(instance);
    this.removeRole(instance);
    return this.start(session, instance.spec);
  }

  /** Stops a session's roles and forgets it, closing their terminals and output channels. */
  async remove(session: Session): Promise<void> {
    await this.stopSession(session);
    for (const role of [...session.roles]) this.removeRole(role);
    this.sessions.splice(this.sessions.indexOf(session), 1);
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

  private removeRole(instance: RoleInstance): void {
    this.running.get(instance.id)?.presenter.dispose();
    this.running.delete(instance.id);
    const session = this.sessionOf(instance);
    session?.roles.splice(session.roles.indexOf(instance), 1);
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
    const stopped = instance.state.kind === 'stopping';
    const reason = entry.reportedError ?? exit.lastError ?? (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`);
    instance.waitingForEnter = false;
    this.setState(instance, stopped || exit.code === 0 ? { kind: 'exited', code: exit.code } : { kind: 'failed', reason });
    entry.presenter.ended(instance.state.kind === 'failed' ? `${instance.spec.label} failed: ${reason}` : `${instance.spec.label} exited with code ${exit.code ?? exit.signal}`);
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
