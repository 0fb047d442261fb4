// CURVE: `keygen` makes a pair; a server with its secret key in the environment and a client with
// --curve-server-key talk; a wrong key shows as a handshake failure in the socket events of both
// sides and in the analytics, and the client gives up saying what to check.
import { strict as assert } from 'node:assert';
import { ANY_PORT, runCli } from '../helpers/cli';
import { useFaults, waitFor } from './helpers/roles';

async function keyPair(): Promise<{ publicKey: string; secretKey: string }> {
  const result = await runCli(['keygen', '--json']);
  assert.equal(result.code, 0);
  return JSON.parse(result.stdout);
}

describe('CURVE', function () {
  this.timeout(20000);
  const { roles, record } = useFaults();

  it('a client with the server\'s public key is answered; a wrong key or none fails the handshake, visibly', async () => {
    const server = await keyPair();
    const other = await keyPair();
    assert.match(server.publicKey, /^.{40}$/);
    assert.notEqual(server.publicKey, other.publicKey);
    const recording = await record();
    const inspect = recording.endpoint;
    const rep = roles.start('rep', 'rep', ['--bind', ANY_PORT, '--delay', '0'], { inspect, env: { ...process.env, ZMQ_SESSIONS_CURVE_SECRET_KEY: server.secretKey } });
    const endpoint = (await rep.ready).bound[0];

    const good = await runCli(['req', '--connect', endpoint, '--count', '2', `--curve-server-key=${server.publicKey}`]);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stdout.match(/Received reply \d \[ b'World' \]/g)?.length, 2);

    const wrong = roles.start('req', 'wrong-key', ['--connect', endpoint, '--count', '1', '--timeout', '300', '--retries', '2', `--curve-server-key=${other.publicKey}`], { inspect });
    const exit = await wrong.exited;
    assert.equal(exit.code, 1);
    assert.equal(exit.lastError, `No reply to request 0 after 2 tries of 300 ms: is a server running at ${endpoint} with the CURVE public key given in --curve-server-key? Start one, or raise --timeout or --retries.`);
    assert.ok(wrong.of('socket').some((e) => e.type.startsWith('handshake:error')), `client: ${wrong.of('socket').map((e) => e.type)}`);
    assert.equal(wrong.of('socket').filter((e) => e.type === 'handshake').length, 0, 'never connected');

    const plain = await runCli(['req', '--connect', endpoint, '--count', '1', '--timeout', '300', '--retries', '1']);
    assert.equal(plain.code, 1, 'a client without CURVE is not answered either');

    const counts = (source: string) => recording.report().socketEvents.sources.find((s) => s.source === source)?.counts ?? {};
    await waitFor(() => (counts('rep')['handshake:error:protocol'] ?? 0) >= 2 && Object.keys(counts('wrong-key')).some((type) => type.startsWith('handshake:error')), 5000, () => JSON.stringify([counts('rep'), counts('wrong-key')]));
    const report = recording.report();
    assert.ok(Object.keys(counts('wrong-key')).some((type) => type.startsWith('handshake:error')), JSON.stringify(counts('wrong-key')));
    assert.ok((counts('rep')['handshake:error:protocol'] ?? 0) >= 2, `the server saw the failed handshakes: ${JSON.stringify(counts('rep'))}`);
    assert.equal(report.reqrep.servers.find((s) => s.source === 'rep')!.requests, 2, 'only the good client\'s requests reached the server');
    assert.equal(rep.child.exitCode, null, 'the server still runs');
  });
});
