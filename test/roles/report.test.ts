// The analytics of real roles' captures agree with what the roles themselves saw.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ANY_PORT, CLI, Roles, runCli, tempDir } from '../helpers/cli';

describe('zmq-sessions report on real roles', () => {
  const roles = new Roles();
  let temp: ReturnType<typeof tempDir>;
  let endpoint: string;
  let out: string;
  let stopRecording: () => Promise<void>;

  beforeEach(async () => {
    temp = tempDir();
    endpoint = `ipc://${temp.dir}/collector`;
    out = path.join(temp.dir, 'capture.jsonl');
    const recorder = spawn(process.execPath, [CLI, 'record', '--bind', endpoint, '--out', out], { stdio: ['ignore', 'pipe', 'ignore'] });
    let said = '';
    recorder.stdout.on('data', (chunk) => (said += chunk));
    while (!said.includes('Recording to')) await new Promise((resolve) => setTimeout(resolve, 20));
    stopRecording = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1200)); // the roles' last counters
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
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '5', '--inspect', endpoint, '--inspect-id', 'server']);
    const req = roles.start('req', ['--connect', (await rep.ready).bound[0], '--count', '20', '--inspect', endpoint, '--inspect-id', 'client']);
    assert.equal((await req.exited).code, 0);
    await stopRecording();
    const [client] = (await report()).reqrep.clients;
    assert.deepEqual([client.requests, client.replies, client.pairs, client.timeouts, client.outstanding.length], [20, 20, 20, 0, 0]);
    assert.equal(client.roundTrip.count, 20);
    assert.ok(client.roundTrip.p50Ms >= 5, `the server works 5 ms per request: p50 ${client.roundTrip.p50Ms}`);
    assert.ok(client.roundTrip.maxMs >= client.roundTrip.p95Ms && client.roundTrip.p95Ms >= client.roundTrip.p50Ms);
  });

  it('counts for a subscriber only what its filter matches, across publishers', async () => {
    const alpha = roles.start('pub', ['--bind', ANY_PORT, '--message', 'alpha', '--interval', '40', '--inspect', endpoint, '--inspect-id', 'alpha']);
    const beta = roles.start('pub', ['--bind', ANY_PORT, '--message', 'beta', '--interval', '40', '--inspect', endpoint, '--inspect-id', 'beta']);
    const connect = [(await alpha.ready).bound[0], (await beta.ready).bound[0]].flatMap((bound) => ['--connect', bound]);
    const sub = roles.start('sub', [...connect, '--filter', 'al', '--count', '20', '--inspect', endpoint, '--inspect-id', 'listener']);
    assert.equal((await sub.exited).code, 0);
    await stopRecording();
    const [subscriber] = (await report()).pubsub.subscribers;
    assert.deepEqual(subscriber.filters, ['al']);
    assert.equal(subscriber.received, 20);
    assert.equal(subscriber.droppedAfterJoin, 0, 'at 25 messages a second nothing is dropped');
    assert.equal(subscriber.matchedAfterJoin, 20, 'only alpha matches, and all of it arrived');
  });
});
