import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { ANY_PORT, Roles, runCli } from '../helpers/cli';
import { PYTHON } from '../helpers/python';

async function keyPair(): Promise<{ publicKey: string; secretKey: string }> {
  const result = await runCli(['keygen', '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

describe('CURVE security', () => {
  const roles = new Roles();
  afterEach(() => roles.stopAll());

  it('encrypts request-reply with a server key pair; each side says which sockets speak CURVE', async () => {
    const server = await keyPair();
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0', `--curve-secret-key=${server.secretKey}`]);
    const ready = await rep.ready;
    assert.deepEqual(rep.of('ready')[0].security, { rep: 'curve-server' });
    const req = roles.start('req', ['--connect', ready.bound[0], '--count', '3', `--curve-server-key=${server.publicKey}`]);
    assert.equal((await req.exited).code, 0);
    assert.deepEqual(req.of('ready')[0].security, { req: 'curve-client' });
    assert.equal(req.of('received').length, 3);
  });

  it('shows a wrong server key as a failed handshake at the server, and the client says what to check', async () => {
    const [server, other] = [await keyPair(), await keyPair()];
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0', `--curve-secret-key=${server.secretKey}`]);
    const endpoint = (await rep.ready).bound[0];
    const req = await runCli(['req', '--connect', endpoint, '--count', '1', '--timeout', '500', '--retries', '1', `--curve-server-key=${other.publicKey}`]);
    assert.equal(req.code, 1);
    assert.match(req.stderr, /No reply to request 0 after 1 tries of 500 ms: .* with the CURVE public key given in --curve-server-key\?/);
    await rep.until((event) => event.event === 'socket' && event.type.startsWith('handshake:error'));
    assert.equal(rep.of('received').length, 0, 'nothing got through');
    // A client without CURVE is refused the same way.
    const plain = await runCli(['req', '--connect', endpoint, '--count', '1', '--timeout', '300', '--retries', '1']);
    assert.equal(plain.code, 1);
    await rep.until((event) => event.event === 'socket' && event.type.startsWith('handshake:error'), 2);
  });

  it('takes its keys from the environment, which other users cannot read, and refuses a key that is not Z85', async () => {
    const server = await keyPair();
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0'], { ZMQ_SESSIONS_CURVE_SECRET_KEY: server.secretKey });
    const endpoint = (await rep.ready).bound[0];
    assert.deepEqual(rep.of('ready')[0].security, { rep: 'curve-server' });
    const ok = await runCli(['req', '--connect', endpoint, '--count', '1', `--curve-server-key=${server.publicKey}`]);
    assert.equal(ok.code, 0, ok.stderr);
    const bad = await runCli(['req', '--connect', endpoint, '--curve-server-key', 'not-a-key']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^Error: Invalid --curve-server-key 'not-a-key': expected a CURVE key in Z85, 40 characters\. 'zmq-sessions keygen' makes a pair\.$/m);
    const alone = await runCli(['rep', `--curve-public-key=${server.publicKey}`]);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--curve-public-key needs its --curve-secret-key/);
  });

  it('answers a pyzmq CURVE client, byte for byte', async () => {
    const server = await keyPair();
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0', `--curve-secret-key=${server.secretKey}`]);
    const endpoint = (await rep.ready).bound[0];
    const client = `
import sys, zmq
socket = zmq.Context().socket(zmq.REQ)
socket.curve_publickey, socket.curve_secretkey = zmq.curve_keypair()
socket.curve_serverkey = sys.argv[2].encode()
socket.rcvtimeo = 5000
socket.connect(sys.argv[1])
socket.send(b"Hello")
print(socket.recv())
`;
    const python = spawnSync(PYTHON, ['-c', client, endpoint, server.publicKey], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(python.status, 0, python.stderr);
    assert.equal(python.stdout, "b'World'\n");
  });
});
