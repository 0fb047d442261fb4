import { strict as assert } from 'node:assert';
import { ANY_PORT, runCli } from '../helpers/cli';
import { figure, freePort, listed, ofKind, sleep, Stage } from './diagnoses-stage';

describe('diagnoses staged with request-reply roles', () => {
  let stage: Stage;
  beforeEach(async () => {
    stage = new Stage();
    await stage.open();
  });
  afterEach(() => stage.close());

  it('stuck-request: a REQ to a REP that never answers, and one whose server left (threshold lowered to 1 s by report --stuck-after)', async () => {
    const slow = stage.start('rep', 'rep-slow', ['--bind', ANY_PORT, '--delay', '60000']);
    const gone = stage.start('rep', 'rep-gone', ['--bind', ANY_PORT, '--delay', '60000']);
    const [slowEndpoint, goneEndpoint] = [(await slow.ready).bound[0], (await gone.ready).bound[0]];
    const reqs = [stage.start('req', 'req-1', ['--connect', slowEndpoint, '--count', '1']), stage.start('req', 'req-2', ['--connect', goneEndpoint, '--count', '1'])];
    await gone.until((event) => event.event === 'received');
    await slow.until((event) => event.event === 'received');
    await gone.stop();
    await sleep(1500);
    // The clients end first, so that rep-slow is not seen leaving while req-1 still waits.
    await Promise.all(reqs.map((req) => req.stop()));
    const found = await stage.diagnoses(['--stuck-after', '1000']);

    const stuck = ofKind(found, 'stuck-request');
    const one = stuck.find((d) => d.sources[0] === 'req-1');
    const two = stuck.find((d) => d.sources[0] === 'req-2');
    assert.ok(one && two, listed(found));
    assert.deepEqual([one.sources, two.sources], [['req-1', 'rep-slow'], ['req-2', 'rep-gone']]);
    assert.equal(figure(one, 'server seen leaving'), 'no');
    assert.equal(figure(two, 'server seen leaving'), 'yes');
    assert.ok(Number(figure(one, 'waited')) > 1000);
    assert.match(one.advice, /--timeout.*--retries.*zguide, Chapter 4, "Client-Side Reliability \(Lazy Pirate Pattern\)"/);
    // With the default of 5 s, waits of about 2 s are not stuck.
    assert.deepEqual(ofKind(await stage.diagnoses(), 'stuck-request'), []);
  });

  it('nothing-listening and address-in-use: a connect to a port nobody binds, a bind of a port in use', async () => {
    const rep = stage.start('rep', 'rep', ['--bind', ANY_PORT]);
    const taken = (await rep.ready).bound[0];
    const second = stage.start('rep', 'rep-2', ['--bind', taken]);
    assert.equal((await second.exited).code, 1);
    const nowhere = `tcp://127.0.0.1:${await freePort()}`;
    const req = stage.start('req', 'req', ['--connect', nowhere, '--count', '1']);
    await req.ready;
    await sleep(2500);
    const found = await stage.diagnoses();

    const [listening] = ofKind(found, 'nothing-listening');
    assert.ok(listening, listed(found));
    assert.deepEqual(listening.sources, ['req']);
    assert.equal(figure(listening, 'endpoint'), nowhere);
    assert.ok(Number(figure(listening, 'retrying for')) > 2000);
    const [inUse] = ofKind(found, 'address-in-use');
    assert.ok(inUse, listed(found));
    assert.deepEqual(inUse.sources, ['rep-2', 'rep']);
    assert.equal(figure(inUse, 'endpoint'), taken);
    assert.equal(inUse.severity, 'error');
  });

  it('mechanism-mismatch and curve-handshake-failed: a NULL client against a CURVE server, and a CURVE client with the wrong server key', async () => {
    const keys = async () => JSON.parse((await runCli(['keygen', '--json'])).stdout) as { publicKey: string; secretKey: string };
    const [server, other] = [await keys(), await keys()];
    const env = { ZMQ_SESSIONS_CURVE_SECRET_KEY: server.secretKey };
    const curveA = stage.start('rep', 'rep-a', ['--bind', ANY_PORT, '--delay', '0'], env);
    const curveB = stage.start('rep', 'rep-b', ['--bind', ANY_PORT, '--delay', '0'], env);
    const [a, b] = [(await curveA.ready).bound[0], (await curveB.ready).bound[0]];
    stage.start('req', 'req-null', ['--connect', a, '--count', '1']);
    stage.start('req', 'req-wrong-key', ['--connect', b, '--count', '1'], { ZMQ_SESSIONS_CURVE_SERVER_KEY: other.publicKey });
    await curveA.until((event) => event.event === 'socket' && event.type.startsWith('handshake:error'));
    await curveB.until((event) => event.event === 'socket' && event.type.startsWith('handshake:error'));
    const found = await stage.diagnoses();

    const [mismatch] = ofKind(found, 'mechanism-mismatch');
    assert.ok(mismatch, listed(found));
    assert.deepEqual(mismatch.sources, ['req-null', 'rep-a']);
    assert.deepEqual([figure(mismatch, 'req-null mechanism'), figure(mismatch, 'rep-a mechanism')], ['NULL', 'CURVE']);
    const failed = ofKind(found, 'curve-handshake-failed');
    assert.deepEqual(failed.map((d) => d.sources), [['req-wrong-key', 'rep-b']], listed(found));
    assert.equal(figure(failed[0], 'mechanism'), 'CURVE client');
  });
});
