// `zmq-sessions run <pattern>`: a whole local session of built-in roles, each a child process,
// started bind side first, run for one cycle or batch, with its result printed.
import { connectableFrom } from '../shared/endpoint';
import { DEFAULT_PORTS, defaultBind, option } from '../shared/catalog';
import { batchStartAfter, NO_LINKS } from '../shared/batch-start';
import { RoleEvent, RoleName } from '../shared/role-events';
import { RoleError } from './errors';
import { commandSpec, OptionsOf } from './options';
import { RoleProcess } from './child';

export const PATTERNS = ['reqrep', 'pubsub', 'pipeline', 'broker', 'forwarder', 'pair'] as const;

export const runSpec = commandSpec({
  summary: 'Runs a whole local session of built-in roles: one request-reply cycle, one subscription, or one\npipeline batch; prints what each role printed and the result, then exits.',
  details: [
    '  reqrep     rep + req: --count requests answered after --delay ms each',
    '  pubsub     pub + sub: --count updates matching --filter, and their average temperature',
    '  pipeline   sink + ventilator + --workers workers: one batch of --tasks tasks',
    '  broker     broker + --workers rep workers + --clients req clients (default: as many as workers),',
    '             each client sending --count requests',
    '  forwarder  pub + forwarder + sub: --count updates matching --filter, through the forwarder',
    '  pair       two pairs, one binding and one connecting: --count messages each way, --interval ms apart',
  ].join('\n'),
  positional: { name: 'pattern', choices: PATTERNS },
  options: {
    bind: { default: [], help: `endpoint of the server, publisher, ventilator or first pair (default: the seed's port, ${DEFAULT_PORTS.pair} for pair)` },
    frontendBind: { default: [defaultBind('brokerFrontend')], help: "the broker's endpoint for clients (broker)" },
    backendBind: { default: [], help: `the broker's endpoint for workers (broker, default ${defaultBind('brokerBackend')}), or the forwarder's for subscribers (forwarder, default ${defaultBind('forwarder')})` },
    sink: { default: defaultBind('sink'), help: "the sink's endpoint (pipeline)", use: 'bind' },
    count: { default: 0, help: 'requests per client (reqrep, broker: default 10), updates (pubsub, forwarder: default 5) or messages each way (pair: default 5)' },
    delay: { default: 0, help: "the server's work per request, in ms (reqrep)" },
    filter: { default: ['10001'] },
    workers: { default: 3 },
    clients: { default: 0, help: 'REQ clients (broker; default: as many as --workers)' },
    interval: { default: 1000, help: "pause between a pair's messages, in ms (pair)" },
    tasks: { default: 100 },
    workload: { default: { min: 1, max: 100 } },
    inspect: { default: '', help: 'each role reports its events to a collector at EP (see record)' },
  },
});

type RunOptions = OptionsOf<typeof runSpec>;

const SEED_ENDPOINTS = { reqrep: defaultBind('reqrep'), pubsub: defaultBind('pubsub'), pipeline: defaultBind('ventilator'), broker: '', forwarder: defaultBind('pubsub'), pair: defaultBind('pair') };

export async function runSession(pattern: string, options: RunOptions, cli: string): Promise<number> {
  const session = new Session(cli, options.inspect);
  const stop = () => void session.stopAll();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const bind = options.bind[0] ?? SEED_ENDPOINTS[pattern as keyof typeof SEED_ENDPOINTS];
    if (pattern === 'reqrep') await reqrep(session, options, bind);
    else if (pattern === 'pubsub') await pubsub(session, options, bind);
    else if (pattern === 'broker') await brokered(session, options);
    else if (pattern === 'forwarder') await forwarded(session, options, bind);
    else if (pattern === 'pair') await paired(session, options, bind);
    else await pipeline(session, options, bind);
    return 0;
  } catch (error) {
    if (session.stopping) {
      console.log(`Session ${pattern} stopped before it finished.`);
      return 0;
    }
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await session.stopAll();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function reqrep(session: Session, options: RunOptions, bind: string): Promise<void> {
  const count = options.count || 10;
  const rep = session.start('rep', ['--bind', bind, '--delay', String(options.delay)]);
  const server = connectableFrom((await rep.ready).bound[0]);
  const req = session.start('req', ['--connect', server, '--count', String(count)]);
  await session.finish(req);
  console.log(`Session reqrep done: ${count} requests answered by the server at ${server}.`);
}

async function pubsub(session: Session, options: RunOptions, bind: string): Promise<void> {
  const pub = session.start('pub', ['--bind', bind]);
  const publisher = connectableFrom((await pub.ready).bound[0]);
  const filters = options.filter.map((filter) => option('filter', filter));
  const sub = session.start('sub', ['--connect', publisher, '--count', String(options.count || 5), ...filters]);
  await session.finish(sub);
  console.log(`Session pubsub done: the subscriber read its updates from ${publisher}.`);
}

async function brokered(session: Session, options: RunOptions): Promise<void> {
  const count = String(options.count || 10);
  session.numbered.add('rep').add('req');
  const broker = session.start('broker', [
    ...options.frontendBind.flatMap((endpoint) => ['--frontend-bind', endpoint]),
    '--backend-bind', options.backendBind[0] ?? defaultBind('brokerBackend'),
  ]);
  const [frontend, backend] = (await broker.ready).bound.map(connectableFrom);
  const answered: number[] = [];
  const workers = Array.from({ length: options.workers }, (_, n) =>
    session.start('rep', ['--connect', backend, '--delay', String(options.delay)], (event) => {
      if (event.event === 'counters') answered[n] = event.received.rep ?? 0;
    }),
  );
  await Promise.all(workers.map((worker) => worker.ready));
  const clients = Array.from({ length: options.clients || options.workers }, () => session.start('req', ['--connect', frontend, '--count', count]));
  await Promise.all(clients.map((client) => session.finish(client)));
  // The workers' last counters come as they stop: each worker's share of the requests.
  await session.stopAll();
  console.log(`Session broker done: ${clients.length} clients sent ${count} requests each through the broker at ${frontend}; its ${workers.length} workers at ${backend} answered ${answered.map((n) => n ?? 0).join(', ')}.`);
}

async function forwarded(session: Session, options: RunOptions, bind: string): Promise<void> {
  const pub = session.start('pub', ['--bind', bind]);
  const publisher = connectableFrom((await pub.ready).bound[0]);
  const forwarder = session.start('forwarder', ['--connect', publisher, '--bind', options.backendBind[0] ?? defaultBind('forwarder')]);
  const backend = connectableFrom((await forwarder.ready).bound[0]);
  const filters = options.filter.map((filter) => option('filter', filter));
  const sub = session.start('sub', ['--connect', backend, '--count', String(options.count || 5), ...filters]);
  await session.finish(sub);
  console.log(`Session forwarder done: the subscriber read its updates from ${publisher} through the forwarder at ${backend}.`);
}

async function paired(session: Session, options: RunOptions, bind: string): Promise<void> {
  const talk = ['--count', String(options.count || 5), '--interval', String(options.interval)];
  session.numbered.add('pair');
  const first = session.start('pair', ['--bind', bind, ...talk]);
  const endpoint = connectableFrom((await first.ready).bound[0]);
  // The connecting pair answers "World": who said what stays plain in the conversation.
  const second = session.start('pair', ['--connect', endpoint, ...talk, option('message', 'World {n}')]);
  await Promise.all([session.finish(first), session.finish(second)]);
  console.log(`Session pair done: the pairs at ${endpoint} sent each other ${options.count || 5} messages each way.`);
}

async function pipeline(session: Session, options: RunOptions, bind: string): Promise<void> {
  const tasks = String(options.tasks);
  let elapsedMs = 0;
  let expectedCostMs = 0;
  const sink = session.start('sink', ['--bind', options.sink, '--tasks', tasks], (event) => {
    if (event.event === 'batch-done') elapsedMs = event.elapsedMs;
  });
  const sinkEndpoint = connectableFrom((await sink.ready).bound[0]);
  let links = NO_LINKS;
  let allConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (allConnected = resolve));
  const ventilator = session.start('ventilator', ['--bind', bind, '--sink', sinkEndpoint, '--tasks', tasks, '--workload', `${options.workload.min}-${options.workload.max}`], (event) => {
    const start = batchStartAfter(links, event, options.workers);
    links = start.links;
    if (start.ready) allConnected();
    if (event.event === 'batch-sent') expectedCostMs = event.expectedCostMs;
  });
  const tasksEndpoint = connectableFrom((await ventilator.ready).bound[0]);
  const workers = Array.from({ length: options.workers }, () => session.start('worker', ['--connect', tasksEndpoint, '--sink', sinkEndpoint]));
  await Promise.all(workers.map((worker) => worker.ready));
  await Promise.race([connected, ventilator.exited]);
  ventilator.writeLine();
  await session.finish(sink);
  const ideal = expectedCostMs / options.workers;
  console.log(`Session pipeline done: ${tasks} tasks on ${options.workers} workers, expected cost ${expectedCostMs} msec, elapsed ${elapsedMs} msec (ideal ${Math.round(ideal)} msec, speed-up ${(expectedCostMs / Math.max(elapsedMs, 1)).toFixed(2)}x).`);
}

/** The children of one run, their output relayed line by line with the role's name in front. */
class Session {
  private readonly roles: RoleProcess[] = [];
  /** Roles that come several to a session, named with their number. */
  readonly numbered = new Set<RoleName>(['worker']);
  stopping = false;

  constructor(
    private readonly cli: string,
    private readonly inspect: string,
  ) {}

  start(role: RoleName, args: string[], onEvent?: (event: RoleEvent) => void): RoleProcess {
    const name = this.nameFor(role);
    let pending = '';
    const inspect = this.inspect ? ['--inspect', this.inspect, '--inspect-id', name.replace(' ', '-')] : [];
    const handle = new RoleProcess(role, [...args, '--no-messages', ...inspect], {
      cli: this.cli,
      onEvent: (event) => {
        if (event.event === 'output') {
          const lines = (pending + event.text).split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) console.log(`[${name}] ${line}`);
        }
        onEvent?.(event);
      },
    });
    void handle.exited.then(() => pending && console.log(`[${name}] ${pending}`));
    this.roles.push(handle);
    return handle;
  }

  /** Waits for a role that ends by itself, and fails the session if it failed. */
  async finish(role: RoleProcess): Promise<void> {
    const exit = await Promise.race([role.exited, ...this.roles.filter((other) => other !== role).map((other) => this.failure(other))]);
    if (this.stopping) throw new RoleError('stopped');
    if (exit.code !== 0) throw new RoleError(`${role.role} ${exit.lastError ? `failed: ${exit.lastError}` : `exited with code ${exit.code}`}`);
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.roles.map((role) => role.stop()));
  }

  /** Resolves only if a role that should keep running exits with an error. */
  private async failure(role: RoleProcess): Promise<never> {
    const exit = await role.exited;
    if (exit.code !== 0 && !this.stopping) throw new RoleError(`${role.role} failed: ${exit.lastError ?? `exit code ${exit.code}`}`);
    return new Promise<never>(() => undefined);
  }

  private nameFor(role: RoleName): string {
    const same = this.roles.filter((other) => other.role === role).length;
    return this.numbered.has(role) ? `${role} ${same + 1}` : role;
  }
}
