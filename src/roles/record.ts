// `zmq-sessions record`: the collector without VS Code. Roles started with --inspect EP report to
// it; every event goes to a JSON Lines file, one event per line, until Ctrl-C or --duration.
import { Collector } from '../collector/collector';
import { defaultBind } from '../shared/catalog';
import { collected, INSPECT_TOKEN_ENV } from '../shared/telemetry';
import { RoleError } from './errors';
import { EventFile } from './event-file';
import { commandSpec, OptionsOf } from './options';

export const recordSpec = commandSpec({
  summary: 'Collects the events of roles started with --inspect EP into a JSON Lines file, until Ctrl-C\nor --duration; `zmq-sessions report FILE` then prints the analytics.',
  details: 'With ZMQ_SESSIONS_INSPECT_TOKEN in its environment it records only roles that have the same token in\ntheirs, so that other local programs cannot add events.',
  options: {
    bind: { default: [defaultBind('collector')], help: 'where roles report (give them --inspect with it)' },
    out: { default: 'capture.jsonl' },
    duration: { default: 0 },
    quiet: { default: false },
  },
});

type RecordOptions = OptionsOf<typeof recordSpec>;

export async function record(options: RecordOptions): Promise<number> {
  let collector: Collector;
  try {
    // With the token in the environment, only roles that have it too are recorded.
    collector = await Collector.start(options.bind[0], { token: process.env[INSPECT_TOKEN_ENV] });
  } catch (error) {
    throw new RoleError(`Cannot listen on ${options.bind[0]}: ${(error as Error).message}. Choose another endpoint with --bind.`);
  }
  const file = await EventFile.open(options.out).catch((error: Error) => {
    collector.dispose();
    throw error;
  });
  const sources = new Set<string>();
  collector.onBatch((batch) => {
    sources.add(batch.source);
    for (const event of collected(batch)) file.write(event);
  });
  if (!options.quiet) console.log(`Recording to ${options.out}. Start roles with --inspect ${collector.connectEndpoint}; Ctrl-C stops.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (options.duration > 0) setTimeout(resolve, options.duration * 1000).unref();
  });
  collector.dispose();
  await file.close();
  const count = file.count;
  const ignored = collector.rejectedCount;
  const what = ignored === 1 ? 'message that was not a report' : 'messages that were not reports';
  const rejected = ignored ? ` Ignored ${ignored} ${what}${collector.token ? ' with the token' : ''}.` : '';
  if (!options.quiet) console.log(`Recorded ${count} events from ${sources.size} role${sources.size === 1 ? '' : 's'} to ${options.out}.${rejected}`);
  return 0;
}
