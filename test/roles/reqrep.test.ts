import { strict as assert } from 'node:assert';
import { ANY_PORT, Roles, runCli, tempDir } from '../helpers/cli';

describe('request-reply roles', () => {
  const roles = new Roles();
  afterEach(() => roles.stopAll());

  it('rep answers req ten times with the seed\'s output', async () => {
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0']);
    const { bound } = await rep.ready;
    const req = await runCli(['req', '--connect', bound[0]]);
    assert.equal(req.code, 0, req.stderr);
    const expected = ['Connecting to hello world server…'];
    for (let n = 0; n < 10; n++) expected.push(`Sending request ${n} …`, `Received reply ${n} [ b'World' ]`);
    assert.equal(req.stdout, `${expected.join('\n')}\n`);
    await rep.until((event) => event.event === 'output', 10);
    assert.equal(rep.text, "Received request: b'Hello'\n".repeat(10));
  });

  it('sends --message and answers --reply over ipc, with --count on both sides', async () => {
    const temp = tempDir();
    try {
      const endpoint = `ipc://${temp.dir}/rep`;
      const rep = roles.start('rep', ['--bind', endpoint, '--delay', '0', '--reply', 'pong', '--count', '3']);
      await rep.ready;
      const req = await runCli(['req', '--connect', endpoint, '--message', 'ping', '--count', '3']);
      assert.equal(req.code, 0, req.stderr);
      assert.equal(req.stdout.match(/\[ b'pong' \]/g)?.length, 3);
      assert.equal((await rep.exited).code, 0, 'rep exits after --count requests');
      assert.equal(rep.text, "Received request: b'ping'\n".repeat(3));
    } finally {
      temp.remove();
    }
  });

  it('reports each message it sends and receives with --json', async () => {
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0']);
    const req = roles.start('req', ['--connect', (await rep.ready).bound[0], '--count', '2']);
    assert.equal((await req.exited).code, 0);
    assert.deepEqual(req.of('sent').map((event) => event.frames), [[{ size: 5, text: 'Hello' }], [{ size: 5, text: 'Hello' }]]);
    assert.deepEqual(req.of('received').map((event) => event.frames[0].text), ['World', 'World']);
    assert.equal(req.events.at(-1)?.event, 'done');
  });

  it('req with --timeout gives up on a silent server, reconnects, and recovers when one answers', async () => {
    const temp = tempDir();
    try {
      const endpoint = `ipc://${temp.dir}/rep`;
      const req = roles.start('req', ['--connect', endpoint, '--count', '2', '--timeout', '200', '--retries', '0']);
      await req.until((event) => event.event === 'timeout', 2);
      assert.match(req.text, /No reply to request 0 within 200 ms, reconnecting and retrying \(try 2\)…/);
      roles.start('rep', ['--bind', endpoint, '--delay', '0']);
      assert.equal((await req.exited).code, 0);
      assert.match(req.text, /Received reply 1 \[ b'World' \]/);
    } finally {
      temp.remove();
    }
  });

  it('req gives up after --retries with a clear error and exit 1', async () => {
    const result = await runCli(['req', '--connect', 'tcp://127.0.0.1:9', '--timeout', '100', '--retries', '2']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'Error: No reply to request 0 after 2 tries of 100 ms: is a server running at tcp://127.0.0.1:9? Start one, or raise --timeout or --retries.');
  });
});
