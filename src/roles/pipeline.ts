// The pipeline pattern's roles, after the seed's taskvent.py, taskwork.py and tasksink.py.
import * as readline from 'node:readline';
import * as zmq from 'zeromq';
import { printable, randrange } from '../shared/format';
import { defaultBind, defaultConnect } from '../shared/catalog';
import { RoleError } from './errors';
import { RoleContext } from './lifecycle';
import { commandSpec, ONE_SOCKET, OptionsOf, withCommon, RoleOptions } from './options';

export const ventilatorSpec = commandSpec({
  summary: 'Ventilator: binds a PUSH socket for the workers, connects a PUSH socket to the sink, waits for\nEnter, tells the sink the batch starts ("0"), and sends a batch of random workloads.',
  options: withCommon({
    bind: { default: [defaultBind('ventilator')] },
    connect: { default: [], help: 'endpoint to connect the tasks socket to, repeatable: workers that bind, or a streamer' },
    sink: { default: defaultConnect('sink') },
    sinkBind: { default: '' },
    tasks: { default: 100 },
    workload: { default: { min: 1, max: 100 } },
    size: { default: 0 },
    wait: { default: true },
    count: { default: 1, help: 'batches to send, each after Enter; 0 = forever' },
  }),
  sockets: ONE_SOCKET,
});

export async function ventilator({ options, out, sockets, signal }: RoleContext<OptionsOf<typeof ventilatorSpec>>): Promise<void> {
  const sender = sockets.add(new zmq.Push(), 'push');
  await sockets.attach(sender, options);
  const sink = sockets.add(new zmq.Push(), 'sink');
  await sockets.attach(sink, sinkSide(options));
  sockets.ready('ventilator');
  const lines = options.wait ? stdinLines(signal) : undefined;
  for (let batch = 1; options.count === 0 || batch <= options.count; batch++) {
    if (lines) {
      out.line('Press Enter when the workers are ready: ');
      out.event({ event: 'waiting', for: 'enter', batch });
      if ((await lines.next()).done) {
        throw new RoleError('Standard input closed before Enter was pressed. Run the ventilator in a terminal, or pass --no-wait to start at once.');
      }
    }
    out.line('Sending tasks to workers…');
    // The first message is "0" and signals the start of the batch to the sink.
    out.event({ event: 'batch-start', batch, tasks: options.tasks });
    await sockets.send(sink, '0');
    let expectedCostMs = 0;
    // The text of the last workload, kept: at full speed (--workload 0-0) making it afresh for
    // every task cost a tenth of the ventilator's time.
    let last = { workload: -1, text: '' };
    for (let task = 0; task < options.tasks; task++) {
      const workload = randrange(options.workload.min, options.workload.max + 1);
      expectedCostMs += workload;
      if (workload !== last.workload) last = { workload, text: String(workload).padStart(options.size, '0') };
      await sockets.send(sender, last.text);
    }
    out.line(`Total expected cost: ${expectedCostMs} msec`);
    out.event({ event: 'batch-sent', batch, tasks: options.tasks, expectedCostMs });
  }
}

/** The socket to the sink connects to --sink, or with --sink-bind binds for a sink that connects. */
function sinkSide(options: Pick<RoleOptions, 'sink' | 'sinkBind'>): { bind: string[]; connect: string[] } {
  return options.sinkBind ? { bind: [options.sinkBind], connect: [] } : { bind: [], connect: [options.sink] };
}

async function* stdinLines(signal: AbortSignal): AsyncGenerator<string> {
  const input = readline.createInterface({ input: process.stdin, terminal: false });
  signal.addEventListener('abort', () => input.close());
  try {
    for await (const line of input) yield line;
  } finally {
    input.close();
  }
}

export const workerSpec = commandSpec({
  summary: 'Worker: connects a PULL socket to the ventilator and a PUSH socket to the sink; for each task it\nprints a dot, sleeps the workload in ms, and sends an empty result.',
  options: withCommon({
    connect: { default: [defaultConnect('ventilator')] },
    bind: { default: [], help: 'endpoint the tasks socket binds, repeatable: ventilators then connect to it' },
    sink: { default: defaultConnect('sink') },
    sinkBind: { default: '' },
    count: { default: 0, help: 'tasks to do, 0 = forever' },
  }),
  sockets: ONE_SOCKET,
});

/**
 * A task's workload: a whole number of ms, its digits only; undefined for anything else. The
 * leading zeros of a padded task (--size) are skipped, not parsed: at 64 KiB, `/^\d+$/` and then
 * `Number()` of the whole text took 36 µs each. A single pattern such as `^0*(\d+)$` was quick on
 * good tasks but took seconds to refuse 64 KiB of zeros and an "x" (it backtracks).
 */
function workloadOf(text: string): number | undefined {
  const digits = text.slice(/^0*/.exec(text)![0].length);
  if (text.length === 0 || !/^\d*$/.test(digits)) return undefined;
  return digits ? Number(digits) : 0;
}

export async function worker({ options, out, sockets, pause }: RoleContext<OptionsOf<typeof workerSpec>>): Promise<void> {
  const receiver = sockets.add(new zmq.Pull(), 'pull');
  await sockets.attach(receiver, options);
  const sender = sockets.add(new zmq.Push(), 'push');
  await sockets.attach(sender, sinkSide(options));
  sockets.ready('worker');
  for (let n = 0; options.count === 0 || n < options.count; n++) {
    const [task] = await sockets.receive(receiver);
    const text = task?.toString() ?? '';
    const workload = workloadOf(text);
    if (workload === undefined) {
      out.warn(`Ignoring task '${printable(text, 40)}': a task is a workload in ms, a whole number.`);
      continue;
    }
    out.progress('.');
    // A zero workload skips the pause: one turn of the microtask queue less per task at full speed.
    if (workload > 0) await pause(workload);
    await sockets.send(sender, Buffer.alloc(0));
  }
}

export const sinkSpec = commandSpec({
  summary: 'Sink: binds a PULL socket, waits for the ventilator\'s "0", collects the batch\'s results printing\n\':\' every tenth and \'.\' otherwise, and prints the elapsed time.',
  options: withCommon({
    bind: { default: [defaultBind('sink')] },
    connect: { default: [], help: 'endpoint to connect to, repeatable: workers and a ventilator that bind' },
    tasks: { default: 100, help: 'results to collect per batch' },
    count: { default: 1, help: 'batches to collect, 0 = forever' },
  }),
  sockets: ONE_SOCKET,
});

export async function sink({ options, out, sockets }: RoleContext<OptionsOf<typeof sinkSpec>>): Promise<void> {
  let started = 0;
  const receiver = sockets.add(new zmq.Pull(), 'pull');
  await sockets.attach(receiver, options);
  sockets.ready('sink');
  // Start times of batches whose "0" came; a ventilator may start the next batch before this one
  // is collected, so a "0" is never counted as a result.
  const starts: number[] = [];
  /** Whether the next message is a result; a "0" is noted as a batch's start. */
  const next = async (): Promise<boolean> => {
    const [frame] = await sockets.receive(receiver);
    if (frame?.length === 1 && frame[0] === 0x30) {
      starts.push(performance.now());
      out.event({ event: 'batch-start', batch: ++started });
      return false;
    }
    return true;
  };
  // Results read before their batch's "0" count toward it: the PULL socket takes its peers in turn,
  // so a sink held up for longer than a task (a loaded machine) can read a worker's result first.
  // Left out, they would leave the batch short, and the sink waiting for good.
  let early = 0;
  for (let batch = 1; options.count === 0 || batch <= options.count; batch++) {
    while (starts.length === 0) if (await next()) early++;
    const start = starts.shift()!;
    for (let n = 0; n < options.tasks; n++) {
      if (early > 0) early--;
      else while (!(await next()));
      out.progress(n % 10 === 0 ? ':' : '.');
    }
    const elapsedMs = Math.trunc(performance.now() - start);
    out.line(`Total elapsed time: ${elapsedMs} msec`);
    out.event({ event: 'batch-done', batch, results: options.tasks, elapsedMs });
  }
}
