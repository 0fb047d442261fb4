// The roles beyond the basic patterns against pyzmq peers written after the zguide's rrclient,
// rrworker, rrbroker and wuproxy: ours in the middle of theirs, and theirs in the middle of ours.
import { strict as assert } from 'node:assert';
import { ANY_PORT, Roles } from '../helpers/cli';
import { PythonPeers } from '../helpers/python';

const replies = (count: number) => Array.from({ length: count }, (_, n) => `Received reply ${n} [ b'World' ]`);
const lines = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line));

describe('interop with pyzmq: brokers, forwarders, routers, dealers, pairs', () => {
  const roles = new Roles();
  const python = new PythonPeers();
  afterEach(async () => {
    await roles.stopAll();
    await python.stopAll();
  });

  it('our broker between Python rrclients and rrworkers', async () => {
    const broker = roles.start('broker', ['--frontend-bind', ANY_PORT, '--backend-bind', ANY_PORT]);
    const [frontend, backend] = (await broker.ready).bound;
    const workers = [1, 2].map(() => python.start('rrworker', [backend]));
    const clients = [1, 2].map(() => python.start('rrclient', [frontend, '5']));
    for (const client of clients) {
      assert.equal(await client.exited, 0);
      assert.deepEqual(client.output, Array.from({ length: 5 }, (_, n) => `Received reply ${n} [b'World']`));
    }
    assert.equal(workers.reduce((sum, worker) => sum + worker.output.length, 0), 10);
  });

  it('our rep and our router as workers, and our req and dealer as clients, behind a Python rrbroker', async () => {
    const broker = python.start('rrbroker', [ANY_PORT, ANY_PORT]);
    await broker.until((line) => line.startsWith('READY '), 2);
    const [frontend, backend] = broker.lines.filter((line) => line.startsWith('READY ')).map((line) => line.slice(6));
    const rep = roles.start('rep', ['--connect', backend, '--delay', '0']);
    const router = roles.start('router', ['--connect', backend, '--delay', '0']);
    await Promise.all([rep.ready, router.ready]);
    for (const kind of ['req', 'dealer'] as const) {
      const client = roles.start(kind, ['--connect', frontend, '--count', '4']);
      assert.equal((await client.exited).code, 0, kind);
      assert.deepEqual(lines(client.text, /^Received reply/), replies(4), kind);
    }
    // Through the broker's DEALER, a ROUTER worker sees two identities: the broker's, the client's.
    const routed = lines(router.text, /^Received request/);
    assert.ok(routed.length > 0 && lines(rep.text, /^Received request: b'Hello'$/).length + routed.length === 8, `${rep.text}${router.text}`);
    for (const line of routed) assert.match(line, /^Received request: b'Hello' from [0-9a-f]+\/[0-9a-f]{10}$/);
  });

  it('our forwarder between a Python publisher and our subscriber', async () => {
    const server = python.start('wuserver', [ANY_PORT]);
    const forwarder = roles.start('forwarder', ['--connect', await server.ready(), '--bind', ANY_PORT, '--no-messages']);
    const sub = roles.start('sub', ['--connect', (await forwarder.ready).bound[0], '--filter', '10001']);
    assert.equal((await sub.exited).code, 0);
    assert.equal(sub.of('received').length, 5);
    assert.ok(sub.of('received').every((event) => event.frames[0].text!.startsWith('10001 ')));
    assert.match(sub.text, /^Average temperature for zipcode '10001' was -?\d+F$/m);
  });

  it('a Python wuproxy between our publisher and our subscriber', async () => {
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--message', '10001 72 {n}', '--interval', '5', '--no-messages']);
    const proxy = python.start('wuproxy', [(await pub.ready).bound[0], ANY_PORT]);
    const sub = roles.start('sub', ['--connect', await proxy.ready(), '--count', '3']);
    assert.equal((await sub.exited).code, 0);
    assert.match(sub.text, /^Average temperature for zipcode '10001' was 72F$/m);
  });

  it('our dealer against a Python REP, and a Python DEALER without a delimiter against our router', async () => {
    const server = python.start('hwserver', [ANY_PORT, '3']);
    const dealer = roles.start('dealer', ['--connect', await server.ready(), '--count', '3']);
    assert.equal((await dealer.exited).code, 0);
    assert.deepEqual(lines(dealer.text, /^Received reply/), replies(3));
    assert.deepEqual(server.output, Array(3).fill("Received request: b'Hello'"));

    const router = roles.start('router', ['--bind', ANY_PORT, '--delay', '0']);
    const client = python.start('dealerclient', [(await router.ready).bound[0], '2']);
    assert.equal(await client.exited, 0);
    assert.deepEqual(client.output, ["REPLY [b'World']", "REPLY [b'World']"]);
    assert.deepEqual(lines(router.text, /^Received request/).map((line) => line.replace(/from \w+$/, 'from ID')), [
      "Received request: [b'Hello', b'0'] from ID",
      "Received request: [b'Hello', b'1'] from ID",
    ]);
  });

  it('our router against a Python REQ, and our req against a Python ROUTER', async () => {
    const router = roles.start('router', ['--bind', ANY_PORT, '--delay', '0']);
    const client = python.start('hwclient', [(await router.ready).bound[0], '3']);
    assert.equal(await client.exited, 0);
    assert.deepEqual(client.output, Array.from({ length: 3 }, (_, n) => `Received reply ${n} [ b'World' ]`));

    const server = python.start('routerserver', [ANY_PORT, '2']);
    const req = roles.start('req', ['--connect', await server.ready(), '--count', '2']);
    assert.equal((await req.exited).code, 0);
    assert.deepEqual(lines(req.text, /^Received reply/), replies(2));
    assert.deepEqual(server.output, Array(2).fill("REQUEST [b'', b'Hello']"));
  });

  it('our pair with a Python PAIR, each side binding in turn', async () => {
    const ours = roles.start('pair', ['--bind', ANY_PORT, '--count', '2', '--interval', '0']);
    const theirs = python.start('pair', [(await ours.ready).bound[0], '2']);
    assert.equal(await theirs.exited, 0);
    assert.deepEqual(theirs.output, ["RECEIVED b'Hello 1'", "RECEIVED b'Hello 2'"]);
    assert.equal((await ours.exited).code, 0);
    assert.deepEqual(lines(ours.text, /^Received/), ["Received: b'py 1'", "Received: b'py 2'"]);

    const bound = python.start('pair', [ANY_PORT, '1']);
    const connected = roles.start('pair', ['--connect', await bound.ready(), '--count', '1']);
    assert.equal((await connected.exited).code, 0);
    assert.deepEqual(lines(connected.text, /^Received/), ["Received: b'py 1'"]);
    assert.equal(await bound.exited, 0);
  });

  it('our streamer between a Python ventilator and Python workers, into a Python sink', async () => {
    const sink = python.start('tasksink', [ANY_PORT, '20']);
    const sinkAt = await sink.ready();
    const vent = python.start('taskvent', [ANY_PORT, sinkAt, '20']);
    const streamer = roles.start('streamer', ['--connect', await vent.ready(), '--bind', ANY_PORT, '--no-messages']);
    const workers = [1, 2].map(async () => python.start('taskwork', [(await streamer.ready).bound[0], sinkAt]));
    await Promise.all(workers);
    // The workers' connections are up before the batch, or the first one takes it all.
    await streamer.until((event) => event.event === 'socket' && event.socket === 'backend' && event.type === 'handshake', 2);
    vent.child.stdin!.write('\n');
    assert.equal(await sink.exited, 0);
    assert.match(sink.output.join(''), /^(:\.{9}){2}Total elapsed time: \d+ msec$/);
    const done = await Promise.all(workers);
    assert.equal(done.reduce((sum, worker) => sum + worker.output.length, 0), 20);
  });
});
