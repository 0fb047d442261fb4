import { strict as assert } from 'node:assert';
import { Collector } from '../../src/collector/collector';
import { TimedEvent } from '../../src/shared/telemetry';
import { ANY_PORT, Roles, runCli } from '../helpers/cli';

describe('--inspect: roles report to a collector', () => {
  const roles = new Roles();
  let collector: Collector;
  const events = new Map<string, TimedEvent[]>();
  beforeEach(async () => {
    events.clear();
    collector = await Collector.start();
    collector.onBatch((batch) => events.set(batch.source, [...(events.get(batch.source) ?? []), ...batch.events]));
  });
  afterEach(async () => {
    await roles.stopAll();
    collector.dispose();
  });

  it('reports ready, every message and done, in time order, under its --inspect-id', async () => {
    const server = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0', '--inspect', collector.endpoint, '--inspect-id', 'server']);
    const endpoint = (await server.ready).bound[0];
    const client = await runCli(['req', '--connect', endpoint, '--count', '3', '--inspect', collector.endpoint, '--inspect-id', 'client']);
    assert.equal(client.code, 0);
    assert.doesNotMatch(client.stdout, /"event"/, 'human output unchanged');
    await waitFor(() => events.get('client')?.at(-1)?.event === 'done');
    const reported = events.get('client') ?? [];
    assert.deepEqual(reported.map((event) => event.event).filter((kind) => kind !== 'socket'), ['ready', 'sent', 'received', 'sent', 'received', 'sent', 'received', 'done']);
    const times = reported.map((event) => event.t);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.ok(Math.abs(times[0] - Date.now()) < 10000, 'wall-clock time');
    assert.equal(collector.rejectedCount, 0);
  });

  it('reports the error that stops a role', async () => {
    const first = roles.start('sink', ['--bind', ANY_PORT]);
    const taken = (await first.ready).bound[0];
    const result = await runCli(['sink', '--bind', taken, '--inspect', collector.endpoint, '--inspect-id', 'second']);
    assert.equal(result.code, 1);
    await waitFor(() => events.get('second')?.some((event) => event.event === 'error') ?? false);
    const error = events.get('second')!.find((event) => event.event === 'error') as { message: string; exitCode: number };
    assert.match(error.message, /^Address in use/);
    assert.equal(error.exitCode, 1);
  });

  it('a publisher also sends each line written to its standard input', async () => {
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--message', 'tick', '--interval', '5']);
    const sub = roles.start('sub', ['--connect', (await pub.ready).bound[0], '--filter', 'hello', '--count', '2']);
    await sub.ready;
    await new Promise((resolve) => setTimeout(resolve, 200));
    pub.writeLine('hello one');
    pub.writeLine('hello two');
    assert.equal((await sub.exited).code, 0);
    assert.deepEqual(sub.of('received').map((event) => event.frames[0].text), ['hello one', 'hello two']);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
