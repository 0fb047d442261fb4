import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as net from 'node:net';
import * as zmq from 'zeromq';
import { Collector } from '../../src/collector/collector';
import { TimedEvent } from '../../src/shared/telemetry';
import { ANY_PORT, Roles, runCli } from '../helpers/cli';
import { waitFor } from '../helpers/wait';

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
  const seen = (source: string) => () => `the last event of ${source}; seen: ${(events.get(source) ?? []).map((event) => event.event).join(', ') || 'nothing'}`;

  it('reports ready, every message and done, in time order, under its --inspect-id', async () => {
    const server = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0', '--inspect', collector.endpoint, '--inspect-id', 'server']);
    const endpoint = (await server.ready).bound[0];
    const client = await runCli(['req', '--connect', endpoint, '--count', '3', '--inspect', collector.endpoint, '--inspect-id', 'client']);
    assert.equal(client.code, 0);
    assert.doesNotMatch(client.stdout, /"event"/, 'human output unchanged');
    await waitFor(() => events.get('client')?.at(-1)?.event === 'done', 5000, seen('client'));
    const reported = events.get('client') ?? [];
    const story = reported.filter((event) => event.event !== 'socket' && event.event !== 'counters');
    assert.deepEqual(story.map((event) => event.event), ['ready', ...Array(3).fill(['sent', 'received', 'reply']).flat(), 'done']);
    // Socket events come from the monitor, which may report a handshake after a send it preceded.
    const times = story.map((event) => event.t);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.ok(Math.abs(times[0] - Date.now()) < 10000, 'wall-clock time');
    assert.equal(collector.rejectedCount, 0);
  });

  it('a collector opened without waiting for its bind takes the reports of a role started at once', async () => {
    const early = Collector.open();
    const reported: string[] = [];
    early.onBatch((batch) => reported.push(...batch.events.map((event) => event.event)));
    try {
      const result = await runCli(['req', '--connect', 'tcp://127.0.0.1:9', '--count', '1', '--timeout', '100', '--retries', '1', '--inspect', early.endpoint]);
      assert.equal(result.code, 1, result.stderr);
      await early.ready;
      await waitFor(() => reported.includes('error'), 5000, () => `an error event; seen: ${reported.join(', ')}`);
    } finally {
      early.dispose();
    }
  });

  it('a collector that cannot bind says so through ready', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const taken = Collector.open(`tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
      await assert.rejects(taken.ready);
      taken.dispose();
    } finally {
      server.close();
    }
  });

  it('reports the error that stops a role', async () => {
    const first = roles.start('sink', ['--bind', ANY_PORT]);
    const taken = (await first.ready).bound[0];
    const result = await runCli(['sink', '--bind', taken, '--inspect', collector.endpoint, '--inspect-id', 'second']);
    assert.equal(result.code, 1);
    await waitFor(() => events.get('second')?.some((event) => event.event === 'error') ?? false, 5000, seen('second'));
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

  it('splits what it reports to stay under the collector\'s message limit, and loses none of it', async () => {
    // 80 messages of 100 frames of 250 bytes, in a burst: each event's previews take ~27 KB, the
    // burst's batch ~2 MB, over the collector's MAX_BATCH_BYTES.
    const pub = new zmq.Publisher({ linger: 0 });
    try {
      await pub.bind('tcp://127.0.0.1:*');
      const sub = roles.start('sub', ['--connect', pub.lastEndpoint!, '--filter', '', '--count', '0', '--sample-above', '0', '--inspect', collector.endpoint, '--inspect-id', 'big']);
      await sub.ready;
      await waitFor(() => (events.get('big') ?? []).some((event) => event.event === 'subscribed'), 5000, seen('big'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const message = Array.from({ length: 100 }, (_, n) => `${String(n).padStart(3, '0')}${'x'.repeat(247)}`);
      for (let n = 0; n < 80; n++) await pub.send(message);
      const received = () => (events.get('big') ?? []).filter((event) => event.event === 'received').length;
      await waitFor(() => received() === 80, 10_000, () => `80 received events at the collector (${received()})`);
      assert.equal(collector.rejectedCount, 0);
    } finally {
      pub.close();
    }
  });
});


describe('message counters and sampling', () => {
  it('samples message events above --sample-above while the counters stay exact', async () => {
    const result = await runCli(['pub', '--bind', ANY_PORT, '--message', 'x', '--count', '20000', '--sample-above', '1000', '--json']);
    assert.equal(result.code, 0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const sent = events.filter((event) => event.event === 'sent');
    const counters = events.filter((event) => event.event === 'counters').at(-1);
    assert.deepEqual(counters.sent, { pub: 20000 });
    assert.ok(sent.length >= 1000 && sent.length < 20000, `${sent.length} events reported`);
    assert.equal(sent.length + counters.sampledOut, 20000);
    assert.equal(sent.at(-1).seq <= 20000, true);
    assert.deepEqual(sent.slice(0, 3).map((event) => event.seq), [1, 2, 3]);
  });

  it('reports every message below the limit', async () => {
    const result = await runCli(['pub', '--bind', ANY_PORT, '--message', 'x', '--count', '500', '--json']);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(events.filter((event) => event.event === 'sent').map((event) => event.seq), Array.from({ length: 500 }, (_, n) => n + 1));
    assert.equal(events.filter((event) => event.event === 'counters').at(-1).sampledOut, 0);
  });

});
