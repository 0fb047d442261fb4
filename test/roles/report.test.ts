// The analytics of real roles' captures agree with what the roles themselves saw.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ANY_PORT, CLI, Roles, runCli, tempDir } from '../helpers/cli';
import { waitFor } from '../helpers/wait';

describe('zmq-sessions report on real roles', () => {
  const roles = new Roles();
  let temp: ReturnType<typeof tempDir>;
  let endpoint: string;
  let out: string;
  /** Stops the recorder once the roles that ended (by --inspect-id) have their done in the capture. */
  let stopRecording: (ended: string[]) => Promise<void>;

  beforeEach(async () => {
    temp = tempDir();
    endpoint = `ipc://${temp.dir}/collector`;
    out = path.join(temp.dir, 'capture.jsonl');
    const recorder = spawn(process.execPath, [CLI, 'record', '--bind', endpoint, '--out', out], { stdio: ['ignore', 'pipe', 'ignore'] });
    let said = '';
    recorder.stdout.on('data', (chunk) => (said += chunk));
    await waitFor(() => said.includes('Recording to'), 10_000, 'the recorder to say "Recording to"', 20);
    stopRecording = async (ended) => {
      // A role's last counters go out with its done, which a loaded machine may deliver late.
      const done = (id: string) => readFileSync(out, 'utf8').split('\n').some((line) => line.includes('"event":"done"') && JSON.parse(line).source === id);
      for (const deadline = Date.now() + 10000; Date.now() < deadline && !ended.every(done); ) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 1200)); // the running roles' last counters
      recorder.kill('SIGINT');
      await new Promise((resolve) => recorder.once('close', resolve));
    };
  });
  afterEach(async () => {
    await roles.stopAll();
    temp.remove();
  });

  const report = async () => JSON.parse((await runCli(['report', out, '--json'])).stdout);

  it('pairs every request with its reply', async () => {
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '20', '--inspect', endpoint, '--inspect-id', 'server']);
    const req = roles.start('req', ['--connect', (await rep.ready).bound[0], '--count', '20', '--inspect', endpoint, '--inspect-id', 'client']);
    assert.equal((await req.exited).code, 0);
    await stopRecording(['client']);
    const [client] = (await report()).reqrep.clients;
    assert.deepEqual([client.requests, client.replies, client.pairs, client.timeouts, client.outstanding.length], [20, 20, 20, 0, 0]);
    assert.equal(client.roundTrip.count, 20);
    // libuv's timers keep millisecond time, so a 20 ms pause can take a little less.
    assert.ok(client.roundTrip.minMs >= 19, `the server works 20 ms per request: min ${client.roundTrip.minMs}`);
    // The REQ timed each request itself; the collector's figures, from the events' time stamps, agree.
    const own = req.of('reply').map((reply) => reply.roundTripMs).sort((a, b) => a - b);
    assert.equal(own.length, 20);
    const median = (own[9] + own[10]) / 2;
    for (const [reported, seen] of [[client.roundTrip.minMs, own[0]], [client.roundTrip.p50Ms, median], [client.roundTrip.maxMs, own[19]]]) {
      // The REQ's own clock reads come a turn of its event loop from the events' stamps: on a
      // loaded machine, where the role can be descheduled between them, that was 3.5 ms once; a
      // mispaired reply would be off by a whole 20 ms request.
      assert.ok(Math.abs(reported - seen) < 8, `reported ${reported} ms, the REQ measured ${seen} ms`);
    }
  });

  it('counts for a subscriber only what its filter matches, across publishers', async () => {
    const alpha = roles.start('pub', ['--bind', ANY_PORT, '--message', 'alpha', '--interval', '40', '--inspect', endpoint, '--inspect-id', 'alpha']);
    const beta = roles.start('pub', ['--bind', ANY_PORT, '--message', 'beta', '--interval', '40', '--inspect', endpoint, '--inspect-id', 'beta']);
    const connect = [(await alpha.ready).bound[0], (await beta.ready).bound[0]].flatMap((bound) => ['--connect', bound]);
    const sub = roles.start('sub', [...connect, '--filter', 'al', '--count', '20', '--inspect', endpoint, '--inspect-id', 'listener']);
    assert.equal((await sub.exited).code, 0);
    await stopRecording(['listener']);
    const [subscriber] = (await report()).pubsub.subscribers;
    assert.deepEqual(subscriber.filters, ['al']);
    assert.equal(subscriber.received, 20);
    assert.equal(subscriber.droppedAfterJoin, 0, 'at 25 messages a second nothing is dropped');
    assert.equal(subscriber.matchedAfterJoin, 20, 'only alpha matches, and all of it arrived');
  });

  it('counts as missed exactly the numbered messages a subscriber never printed', async () => {
    // The subscriber is there before the publisher binds, so everything published is in its lifetime:
    // what it misses is what came before its subscription reached the publisher, and what the
    // high-water marks dropped while it was stopped (SIGSTOP) for a second.
    const pubEndpoint = `ipc://${temp.dir}/pub`;
    const sub = roles.start('sub', ['--connect', pubEndpoint, '--filter', '', '--count', '0', '--hwm', '10', '--inspect', endpoint, '--inspect-id', 'listener']);
    await sub.ready;
    const published = 1500;
    const pub = roles.start('pub', ['--bind', pubEndpoint, '--message', `{n} ${'x'.repeat(4000)}`, '--count', String(published), '--interval', '1', '--hwm', '10', '--inspect', endpoint, '--inspect-id', 'numbers']);
    const printed = () => sub.text.split('\n').filter((line) => line.startsWith('Received: ')).map((line) => Number(line.split(' ')[1]));
    await waitFor(() => printed().length >= 100, 20_000, () => `100 printed messages (${printed().length} so far)`);
    sub.child.kill('SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    sub.child.kill('SIGCONT');
    assert.equal((await pub.exited).code, 0);
    // Drained: nothing new for half a second.
    for (let seen = -1; seen !== printed().length; ) {
      seen = printed().length;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await sub.stop();
    await stopRecording(['listener', 'numbers']);
    const numbers = printed();
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'in order, each once');
    const reallyMissed = published - numbers.length;
    const [subscriber] = (await report()).pubsub.subscribers;
    assert.equal(subscriber.received, numbers.length);
    assert.ok(subscriber.droppedAfterJoin > 0, 'the stop made the high-water marks drop messages');
    assert.equal(subscriber.missed, reallyMissed, `missed ${subscriber.missedBeforeJoin} before joining and ${subscriber.droppedAfterJoin} after`);
  });
});
