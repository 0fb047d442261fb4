// Starting roles and whole sessions, the one place a role starts: built-in roles with arguments
// from the settings, custom roles from the workspace file, binding sides first, and a pipeline's
// first batch only once every worker has connected. The launcher makes the process; the registry
// keeps its state.
import * as vscode from 'vscode';
import { PATTERNS, ROLES, roleArgs, socketSides } from '../../shared/catalog';
import { sessionLabel, sessionPlan, SessionSize } from '../../shared/session-plan';
import { batchStartAfter, NO_LINKS } from '../../shared/batch-start';
import { isRoleName, RoleName } from '../../shared/role-events';
import { CustomRole, LaunchMode, PatternName, roleForPlatform } from '../../shared/workspace-config';
import { CurveKeys } from '../curve';
import { roleSettings } from '../settings';
import { BuiltinSpec, CustomSpec, isWaitingForEnter, LaunchSpec, RoleInstance, Session } from '../sessions/model';
import { SessionRegistry } from '../sessions/registry';
import { inspectionOfRole } from '../sessions/userPrograms';
import { Launcher } from './launcher';

const CONNECT_TIMEOUT_MS = 10_000;

export class Starter {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly launcher: Launcher,
    readonly curve: CurveKeys,
    /** What must be done before a custom role inspected on the wire starts: its capture listening, to see its first connections. */
    private readonly beforeWireRole?: (instance: RoleInstance) => Promise<void>,
  ) {}

  /** Starts a role in a session; await the registry's `whenRunning` to know it is ready. */
  start(session: Session, spec: LaunchSpec): RoleInstance {
    const instance = this.registry.add(session, spec);
    const gate = spec.source === 'custom' && spec.inspection?.kind === 'wire' ? this.beforeWireRole?.(instance) : undefined;
    if (gate) void gate.catch(() => undefined).then(() => this.launch(instance));
    else this.launch(instance);
    return instance;
  }

  /**
   * Stops a role and starts it again in its place with `spec` (its launch as the settings are
   * now); undefined when it is no longer in a session (a second Restart or a Remove came first).
   */
  async restart(instance: RoleInstance, spec: LaunchSpec = instance.spec): Promise<RoleInstance | undefined> {
    if (!this.registry.sessionOf(instance)?.roles.includes(instance)) return undefined;
    await this.registry.stop(instance);
    const session = this.registry.sessionOf(instance);
    if (!session || !this.registry.removeRole(instance)) return undefined;
    return this.start(session, spec);
  }

  private launch(instance: RoleInstance): void {
    // Stopped while its capture was starting.
    if (instance.state.kind !== 'starting') return;
    this.registry.attach(instance, this.launcher.launch(instance, () => void this.registry.stop(instance)));
  }

  /** A built-in role's launch, from the settings, as it plays in `pattern`; throws a CurveError when CURVE is on without keys. */
  builtinSpec(role: RoleName, mode: LaunchMode, label: string = ROLES[role].label, pattern: PatternName = ROLES[role].pattern): BuiltinSpec {
    const args = roleArgs(role, roleSettings(), pattern);
    return { source: 'builtin', role, pattern, label, mode, args, env: this.curve.roleEnv(socketSides(args)) };
  }

  /**
   * A role's launch as it would be made now, for Restart: a built-in role's arguments from the
   * settings as they are and the current CURVE keys; a custom role's as it was. Throws a CurveError
   * when CURVE is on without keys.
   */
  relaunchSpec(spec: LaunchSpec): LaunchSpec {
    if (spec.source !== 'builtin') return spec;
    const args = isRoleName(spec.role) ? roleArgs(spec.role, roleSettings(), spec.pattern) : spec.args;
    return { ...spec, args, env: this.curve.roleEnv(socketSides(args)) };
  }

  /** A custom role's launch on this platform (its "windows", "osx" or "linux" applied). */
  customSpec(declared: CustomRole, mode: LaunchMode, workspaceFolder: string): CustomSpec {
    const role = roleForPlatform(declared, process.platform);
    const resolve = (text: string) => text.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    return {
      source: 'custom',
      role: role.role,
      pattern: role.pattern,
      label: role.name,
      mode,
      command: role.command,
      args: role.args.map(resolve),
      cwd: role.cwd ? resolve(role.cwd) : workspaceFolder,
      env: role.env,
      endpoints: role.endpoints,
      inspection: inspectionOfRole(role, role.cwd ? resolve(role.cwd) : workspaceFolder),
    };
  }

  /** Starts one role in a session of its own and waits until it runs (or says why it failed). */
  async startRole(spec: LaunchSpec): Promise<RoleInstance> {
    const session = this.registry.createSession(spec.label, spec.pattern);
    const instance = this.start(session, spec);
    if (spec.mode === 'terminal') this.registry.show(instance);
    await this.registry.whenRunning(instance).catch((error: Error) => this.reportFailure(instance, error));
    return instance;
  }

  /**
   * Starts a whole pattern session of built-in roles, stage by stage; pipeline and broker with
   * `size.workers` workers, the broker with `size.clients` clients. Cancelling `token` ends the
   * waits; what started runs on.
   */
  async startSession(pattern: PatternName, mode: LaunchMode, size: SessionSize, token?: vscode.CancellationToken): Promise<Session> {
    const label = sessionLabel(PATTERNS[pattern].label, pattern, size);
    const session = this.registry.createSession(label, pattern);
    const settings = roleSettings();
    try {
      const [first, ...rest] = sessionPlan(pattern, settings, size);
      const startStage = (stage: typeof first) => stage.map((step) => this.start(session, { ...this.builtinSpec(step.role, mode, step.label, pattern), args: step.args }));
      const started = startStage(first);
      // Listening before any role can report: the ventilator may reach the sink before it is ready.
      const batch = pattern === 'pipeline' ? this.firstBatch(session, size.workers, token) : undefined;
      await Promise.all(started.map((instance) => this.registry.whenRunning(instance, token)));
      for (const stage of rest) await Promise.all(startStage(stage).map((instance) => this.registry.whenRunning(instance, token)));
      // The sink prints the result, the server what it is asked: the terminal worth seeing first.
      if (mode === 'terminal') this.registry.show(started[started.length - 1]);
      await batch;
    } catch (error) {
      if (error instanceof vscode.CancellationError) return session;
      void vscode.window.showErrorMessage(`The ${label} session could not start: ${(error as Error).message}`);
    }
    return session;
  }

  // The batch starts by the rule of batch-start.ts (listening before the workers start), once the
  // ventilator also waits for Enter; after CONNECT_TIMEOUT_MS the user is told what is missing.
  // Cancelled, it sends nothing and says nothing.
  private async firstBatch(session: Session, workers: number, token?: vscode.CancellationToken): Promise<void> {
    const ventilator = session.roles.find((role) => role.spec.role === 'ventilator')!;
    let start = { links: NO_LINKS, ready: false };
    let subscription: vscode.Disposable | undefined;
    const connected = new Promise<boolean>((resolve) => {
      subscription = this.registry.onRoleEvent(({ instance, event }) => {
        if (instance === ventilator) start = batchStartAfter(start.links, event, workers);
        if (start.ready && isWaitingForEnter(ventilator)) resolve(true);
      });
    });
    let timer: NodeJS.Timeout | undefined;
    let cancelled: vscode.Disposable | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), CONNECT_TIMEOUT_MS);
      cancelled = token?.onCancellationRequested(() => resolve(false));
    });
    const ready = await Promise.race([connected, timeout]);
    subscription?.dispose();
    cancelled?.dispose();
    clearTimeout(timer);
    if (token?.isCancellationRequested) return;
    if (ready) this.registry.enter(ventilator);
    // A ventilator that failed to start has said so already.
    else if (ventilator.state.kind !== 'running') return;
    else if (!start.links.sink) void vscode.window.showWarningMessage(`The ventilator did not connect to the sink within ${CONNECT_TIMEOUT_MS / 1000} s; use Start Batch when the sink runs.`);
    else void vscode.window.showWarningMessage(`Only ${start.links.workers} of ${workers} workers connected to the ventilator within ${CONNECT_TIMEOUT_MS / 1000} s; use Start Batch when they are ready.`);
  }

  private reportFailure(instance: RoleInstance, error: Error): void {
    void vscode.window.showErrorMessage(`${instance.spec.label} failed to start: ${error.message}`, 'Show Output').then((choice) => {
      if (choice) this.registry.show(instance);
    });
  }
}
