// CURVE: `keys` makes a pair; a server with --curve-server (its secret key in the environment) and
// a client with --curve-server-key talk; a wrong key shows as a handshake failure in the socket
// events of both sides and in the analytics, and the client gives up saying what to check. Keys
// are passed as --curve-server-key=KEY: a Z85 key can start with '-'.
import { strict as assert } from 'node:assert';
import { CURVE_SECRET_KEY_ENV } from '../../src/roles/curve';
import { ANY_PORT, runCli } from '../helpers/cli';
import { FaultRoles, Recording, runCliWith, waitFor } from './helpers/roles';

async function keyPair(): Promise<{ publicKey: string; secretKey: string }> {
  const result = await runCli(['keys', '--json']);
  assert.equal(result.code, 0);
  return JSON.parse(result.stdout);
}

describe('CURVE', function () {
  this.timeout(20000);
  const roles = new FaultRoles();
  let recording: Recording | undefined;
  afterEach(async () => {
    await roles.stopAll();
    recording?.dispose();
  });

  it('a client with the server\'s public key is answered; a wrong key or none fails the handshake, visibly', async () => {
    const server = await keyPair();
    const other = await keyPair();
    assert.match(server.publicKey, /^.{40}$/);
    assert.notEqual(server.publicKey, other.publicKey);
    recording = await Recording.start();
    const inspect = recording.endpoint;
    const rep = roles.start('rep', 'rep', ['--bind', ANY_PORT, '--delay', '0', '--curve-server'], { inspect, env: { ...process.env, [CURVE_SECRET_KEY_ENV]: server.secretKey } });
    const endpoint = (await rep.ready).bound[0];

    const good = await runCli(['req', '--connect', endpoint, '--count', '2', '--timeout', '3000', '--retries', '2', `--curve-server-key=${server.publicKey}`], { timeoutMs: 8000 });
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stdout.match(/Received reply \d \[ b'World' \]/g)?.length, 2);

    const wrong = roles.start('req', 'wrong-key', ['--connect', endpoint, '--count', '1', '--timeout', '300', '--retries', '2', `--curve-server-key=${other.publicKey}`], { inspect });
    const exit = await wrong.exited;
    assert.equal(exit.code, 1);
    assert.equal(exit.lastError, `No reply to request 0 after 2 tries of 300 ms: is a server running at ${endpoint}? Start one, or raise --timeout or --retries. With CURVE, check that --curve-server-key is the server's public key.`);
    assert.ok(wrong.of('socket').some((e) => e.type.startsWith('handshake:error')), `client: ${wrong.of('socket').map((e) => e.type)}`);
    assert.equal(wrong.of('socket').filter((e) => e.type === 'handshake').length, 0, 'never connected');

    const plain = await runCli(['req', '--connect', endpoint, '--count', '1', '--timeout', '300', '--retries', '1']);
    assert.equal(plain.code, 1, 'a client without CURVE is not answered either');
    // Its connection ends for good at the protocol error; it used to wait in send() forever.
    assert.ok(plain.ms < 5000, `and gives up in time: ${plain.ms} ms`);

    const counts = (source: string) => recording!.report().socketEvents.sources.find((s) => s.source === source)?.counts ?? {};
    await waitFor(() => (counts('rep')['handshake:error:protocol'] ?? 0) >= 2 && Object.keys(counts('wrong-key')).some((type) => type.startsWith('handshake:error')), 5000, () => JSON.stringify([counts('rep'), counts('wrong-key')]));
    const report = recording.report();
    assert.ok(Object.keys(counts('wrong-key')).some((type) => type.startsWith('handshake:error')), JSON.stringify(counts('wrong-key')));
    assert.ok((counts('rep')['handshake:error:protocol'] ?? 0) >= 2, `the server saw the failed handshakes: ${JSON.stringify(counts('rep'))}`);
    assert.equal(report.reqrep.servers.find((s) => s.source === 'rep')!.requests, 2, 'only the good client\'s requests reached the server');
    assert.equal(rep.child.exitCode, null, 'the server still runs');
  });

  it('says what is missing or malformed', async () => {
    const { [CURVE_SECRET_KEY_ENV]: _, ...bare } = process.env;
    const noSecret = await runCliWith(['rep', '--bind', ANY_PORT, '--curve-server'], bare);
    assert.equal(noSecret.code, 2);
    assert.equal(noSecret.stderr.trim(), `Error: --curve-server needs the server's secret key in ${CURVE_SECRET_KEY_ENV}: 40 Z85 characters, as 'zmq-sessions keys' prints them.`);
    const badKey = await runCli(['sub', '--connect', 'tcp://127.0.0.1:5556', '--curve-server-key', 'not-a-key']);
    assert.equal(badKey.code, 2);
    assert.match(badKey.stderr, /^Error: Invalid --curve-server-key 'not-a-key': expected the server's public key, 40 Z85 characters/);
    const both = await runCliWith(['rep', '--bind', ANY_PORT, '--curve-server', `--curve-server-key=${(await keyPair()).publicKey}`], { ...bare, [CURVE_SECRET_KEY_ENV]: (await keyPair()).secretKey });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /Use --curve-server or --curve-server-key, not both/);
    const help = await runCli(['keys', '--help']);
    assert.match(help.stdout, /Prints a new CURVE key pair/);
  });
});
