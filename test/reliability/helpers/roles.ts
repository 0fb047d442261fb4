// Roles for fault tests: the built CLI in --json mode, optionally inside a network namespace, each
// reporting to a collector with --inspect under a fixed --inspect-id; and a collector with its
// capture (the analytics the inspector shows) that a test starts and disposes.
import * as readline from 'node:readline';
import { Capture } from '../../../src/collector/capture';
import { Collector } from '../../../src/collector/collector';
import { ChildRole } from '../../../src/roles/child';
import { AnalyticsReport } from '../../../src/shared/analytics';
import { ProgramName, RoleEvent } from '../../../src/shared/role-events';
import { CLI } from '../../helpers/cli';
import { Stoppable } from '../../helpers/stoppable';
import { waitFor } from '../../helpers/wait';

export { waitFor };
import { NETNS_EXEC } from './netns';

export interface RoleStartOptions {
  /** The network namespace to run in. */
  ns?: string;
  /** The collector to report to, under the role's id. */
  inspect?: string;
  env?: NodeJS.ProcessEnv;
  /** false: --quiet instead of --json, no events here (the capture has them). */
  json?: boolean;
}

export class FaultRole extends ChildRole {
  readonly events: (RoleEvent & { at: number })[] = [];
  readonly ready: Promise<Extract<RoleEvent, { event: 'ready' }>>;

  constructor(
    readonly role: ProgramName,
    readonly id: string,
    args: string[],
    options: RoleStartOptions = {},
  ) {
    const inspect = options.inspect ? ['--inspect', options.inspect, '--inspect-id', id] : [];
    // Without --json (for floods, where one event a message would be the bottleneck) it prints nothing.
    const output = options.json === false ? ['--quiet'] : ['--json'];
    const command = [...(options.ns ? NETNS_EXEC(options.ns) : []), process.execPath, CLI, role, ...args, ...inspect, ...output];
    super(command[0], command.slice(1), { env: options.env });
    this.ready = new Promise((resolve, reject) => {
      readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
        let event: RoleEvent;
        try {
          event = JSON.parse(line);
        } catch {
          return;
        }
        this.events.push({ ...event, at: Date.now() });
        if (event.event === 'ready') resolve(event);
      });
      void this.exited.then((exit) => reject(new Error(`${id}: ${exit.lastError ?? `exited with code ${exit.code}`} before it was ready`)));
    });
    this.ready.catch(() => undefined);
  }

  of<E extends RoleEvent['event']>(kind: E): (Extract<RoleEvent, { event: E }> & { at: number })[] {
    return this.events.filter((event) => event.event === kind) as (Extract<RoleEvent, { event: E }> & { at: number })[];
  }

  async until(match: (event: RoleEvent) => boolean, count = 1, timeoutMs = 10000): Promise<void> {
    await waitFor(() => this.events.filter(match).length >= count, timeoutMs, () => `${this.id}: ${count} matching events; last: ${JSON.stringify(this.events.slice(-3))}`);
  }

  /** SIGKILL: the process gets no chance to report anything. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

export class FaultRoles extends Stoppable<FaultRole> {
  start(role: ProgramName, id: string, args: string[], options: RoleStartOptions = {}): FaultRole {
    return this.track(new FaultRole(role, id, args, options));
  }
}

/** For the tests of one describe block: roles, and recordings made with `record`, stopped and disposed after each test. */
export function useFaults(): { roles: FaultRoles; record(capacity?: number): Promise<Recording> } {
  const roles = new FaultRoles();
  const recordings: Recording[] = [];
  afterEach(async () => {
    await roles.stopAll();
    for (const recording of recordings.splice(0)) recording.dispose();
  });
  return { roles, record: async (capacity) => recordings[recordings.push(await Recording.start(capacity)) - 1] };
}

/** A collector on a private ipc path (reachable from any network namespace) and its capture. */
export class Recording {
  private constructor(
    readonly collector: Collector,
    readonly capture: Capture,
  ) {}

  static async start(capacity = 100000, endpoint?: string): Promise<Recording> {
    return Recording.of(await Collector.start(endpoint), capacity);
  }

  /** A capture of a collector started here, e.g. with a token. */
  static of(collector: Collector, capacity = 100000): Recording {
    return new Recording(collector, new Capture(capacity, collector));
  }

  get endpoint(): string {
    return this.collector.endpoint;
  }

  report(now = Date.now()): AnalyticsReport {
    return this.capture.analytics.report(now);
  }

  /** Waits until the capture holds an event that matches. */
  async until(match: (event: { event: string; source: string }) => boolean, timeoutMs = 10000): Promise<void> {
    await waitFor(() => this.capture.kept().events.some(match), timeoutMs, () => 'an event in the capture');
  }

  dispose(): void {
    this.capture.dispose();
    this.collector.dispose();
  }
}


export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
