// The roles beyond the three basic patterns against each other: brokers, forwarders and
// streamers in the middle, either side binding, dealers and routers across socket types.
import { strict as assert } from 'node:assert';
import * as zmq from 'zeromq';
import { ANY_PORT, Roles } from '../helpers/cli';

const replies = (count: number) => Array.from({ length: count }, (_, n) => `Received reply ${n} [ b'World' ]`);
const lines = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line));

describe('brokers, forwarders and either side binding', () => {
  const roles = new Roles();
  afterEach(() => roles.stopAll());

  it('broker: two REQ clients through it to two REP workers that connect, each worker answering some', async () => {
    const broker = roles.start('broker', ['--frontend-bind', ANY_PORT, '--backend-bind', ANY_PORT]);
    const [frontend, backend] = (await broker.ready).bound;
    const workers = [1, 2].map(() => roles.start('rep', ['--connect', backend, '--delay', '50']));
    // --connect replaces the default bind: a worker listens nowhere.
    for (const worker of workers) assert.deepEqual((await worker.ready).bound, []);
    const clients = [1, 2].map(() => roles.start('req', ['--connect', frontend, '--count', '4']));
    for (const client of clients) {
      assert.equal((await client.exited).code, 0);
      assert.deepEqual(lines(client.text, /^Received reply/), replies(4));
    }
    const answered = workers.map((worker) => lines(worker.text, /^Received request: b'Hello'$/).length);
    assert.equal(answered[0] + answered[1], 8, `answered ${answered}`);
    assert.ok(answered.every((count) => count > 0), `both workers get requests: ${answered}`);
    // The broker reports each message on the socket it came in or went out of.
    await broker.until((event) => event.event === 'sent' && event.socket === 'frontend', 8);
    const request = broker.of('received').find((event) => event.socket === 'frontend')!;
    assert.deepEqual(request.frames.slice(1).map((frame) => frame.size), [0, 5], 'identity, delimiter, "Hello"');
  });

  it('dealer against a REP server prints its replies as req does; router answers req and dealer through their envelopes', async () => {
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0']);
    const dealer = roles.start('dealer', ['--connect', (await rep.ready).bound[0], '--count', '3']);
    assert.equal((await dealer.exited).code, 0);
    assert.deepEqual(lines(dealer.text, /^Received reply/), replies(3));
    assert.deepEqual(dealer.of('sent')[0].frames.map((frame) => frame.size), [0, 5], 'the empty delimiter, then the request');

    const router = roles.start('router', ['--bind', ANY_PORT, '--delay', '0', '--frame', 'World', '--frame', '!']);
    const endpoint = (await router.ready).bound[0];
    for (const kind of ['req', 'dealer'] as const) {
      const client = roles.start(kind, ['--connect', endpoint, '--count', '2']);
      assert.equal((await client.exited).code, 0, kind);
      assert.deepEqual(lines(client.text, /^Received reply/), [0, 1].map((n) => `Received reply ${n} [ [b'World', b'!'] ]`), kind);
    }
    assert.equal(lines(router.text, /^Received request: b'Hello' from [0-9a-f]{10}$/).length, 4, router.text);
  });

  it('pair: a bound pair and a connected pair hold a conversation', async () => {
    const first = roles.start('pair', ['--bind', ANY_PORT, '--count', '3', '--interval', '0', '--message', 'ping {n}']);
    const second = roles.start('pair', ['--connect', (await first.ready).bound[0], '--count', '3', '--interval', '0', '--message', 'pong {n}']);
    assert.equal((await first.exited).code, 0);
    assert.equal((await second.exited).code, 0);
    assert.deepEqual(lines(first.text, /^Received/), ["Received: b'pong 1'", "Received: b'pong 2'", "Received: b'pong 3'"]);
    assert.deepEqual(lines(second.text, /^Received/), ["Received: b'ping 1'", "Received: b'ping 2'", "Received: b'ping 3'"]);
  });

  it('forwarder: a subscriber on its backend gets what a publisher sends to its frontend, and the subscription goes upstream', async () => {
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--message', '10001 60 {n}', '--interval', '5', '--no-messages']);
    const forwarder = roles.start('forwarder', ['--connect', (await pub.ready).bound[0], '--bind', ANY_PORT, '--no-messages']);
    const sub = roles.start('sub', ['--connect', (await forwarder.ready).bound[0], '--count', '3']);
    assert.equal((await sub.exited).code, 0);
    assert.match(sub.text, /^Average temperature for zipcode '10001' was 60F$/m);
    await forwarder.until((event) => event.event === 'subscription' && !event.subscribe);
    assert.deepEqual(forwarder.of('subscription').map((event) => [event.subscribe, event.topic.text]), [[true, '10001'], [false, '10001']]);
    assert.match(forwarder.text, /^Subscription forwarded: b'10001'$/m);
  });

  it('either side binds: a sub that binds and a pub that connects, with a multipart message', async () => {
    const sub = roles.start('sub', ['--bind', ANY_PORT, '--filter', '', '--count', '2']);
    roles.start('pub', ['--connect', (await sub.ready).bound[0], '--message', 'hello {n}', '--interval', '20', '--frame', 'topic', '--frame', 'body']);
    assert.equal((await sub.exited).code, 0);
    assert.deepEqual(sub.of('received')[0].frames.map((frame) => frame.text), ['topic', 'body'], 'multipart from --frame');
  });

  it('either side binds: a worker that binds and a ventilator that connects, through a streamer', async () => {
    const sink = roles.start('sink', ['--bind', ANY_PORT, '--tasks', '6']);
    const sinkAt = (await sink.ready).bound[0];
    const worker = roles.start('worker', ['--bind', ANY_PORT, '--sink', sinkAt]);
    const streamer = roles.start('streamer', ['--frontend-bind', ANY_PORT, '--backend-connect', (await worker.ready).bound[0]]);
    // --no-wait sends the "0" before its connection to the sink may be up: a long linger keeps it
    // from being dropped at exit on a loaded machine (the default 1 s is what a lost "0" looked like).
    const ventilator = roles.start('ventilator', ['--connect', (await streamer.ready).bound[0], '--sink', sinkAt, '--tasks', '6', '--workload', '1-2', '--no-wait', '--linger', '10000']);
    assert.equal((await sink.exited).code, 0);
    assert.match(sink.text, /^:\.{5}Total elapsed time: \d+ msec$/m);
    assert.equal((await ventilator.exited).code, 0);
  });

  it('either side binds the results too: a sink that connects to a ventilator and a worker that bind theirs (--sink-bind)', async () => {
    const ventilator = roles.start('ventilator', ['--bind', ANY_PORT, '--sink-bind', ANY_PORT, '--tasks', '4', '--workload', '1-2']);
    const [tasks, ventilatorSink] = (await ventilator.ready).bound;
    const worker = roles.start('worker', ['--connect', tasks, '--sink-bind', ANY_PORT]);
    const [workerSink] = (await worker.ready).bound;
    const sink = roles.start('sink', ['--connect', ventilatorSink, '--connect', workerSink, '--tasks', '4']);
    assert.deepEqual((await sink.ready).bound, []);
    await ventilator.until((event) => event.event === 'socket' && event.socket === 'sink' && event.type === 'accept');
    await ventilator.until((event) => event.event === 'socket' && event.socket === 'push' && event.type === 'accept');
    await ventilator.until((event) => event.event === 'waiting');
    ventilator.writeLine();
    assert.equal((await sink.exited).code, 0);
    assert.match(sink.text, /^:\.{3}Total elapsed time: \d+ msec$/m);
  });

  it('CURVE through a broker: it binds both sockets as a server; its workers and clients trust its key', async () => {
    const keys = zmq.curveKeyPair();
    const broker = roles.start('broker', ['--frontend-bind', ANY_PORT, '--backend-bind', ANY_PORT, `--curve-secret-key=${keys.secretKey}`]);
    const ready = await broker.ready;
    assert.deepEqual(ready.security, { frontend: 'curve-server', backend: 'curve-server' });
    const worker = roles.start('rep', ['--connect', ready.bound[1], '--delay', '0', `--curve-server-key=${keys.publicKey}`]);
    assert.deepEqual((await worker.ready).security, { rep: 'curve-client' });
    const client = roles.start('req', ['--connect', ready.bound[0], '--count', '2', '--timeout', '5000', `--curve-server-key=${keys.publicKey}`]);
    assert.equal((await client.exited).code, 0);
    assert.deepEqual(lines(client.text, /^Received reply/), replies(2));
    await broker.until((event) => event.event === 'socket' && event.socket === 'frontend' && event.type === 'handshake');
  });
});
