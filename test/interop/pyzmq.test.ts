// Our roles against pyzmq peers written after the seed's programs: contents and counts, both ways.
import { strict as assert } from 'node:assert';
import { parseWeather } from '../../src/shared/format';
import { ANY_PORT, Roles, runCli, TestRole } from '../helpers/cli';
import { PythonPeers } from '../helpers/python';

const handshakes = (socket: string) => (event: { event: string; socket?: string; type?: string }) =>
  event.event === 'socket' && event.socket === socket && event.type === 'handshake';

describe('interop with pyzmq', () => {
  const roles = new Roles();
  const python = new PythonPeers();
  afterEach(async () => {
    await roles.stopAll();
    await python.stopAll();
  });

  it('our req <-> Python REP', async () => {
    const server = python.start('hwserver', [ANY_PORT, '10']);
    const req = await runCli(['req', '--connect', await server.ready()]);
    assert.equal(req.code, 0, req.stderr);
    assert.deepEqual(req.stdout.match(/^Received reply .*$/gm), Array.from({ length: 10 }, (_, n) => `Received reply ${n} [ b'World' ]`));
    assert.equal(await server.exited, 0);
    assert.deepEqual(server.output, Array(10).fill("Received request: b'Hello'"));
  });

  it('Python REQ <-> our rep', async () => {
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '0']);
    const client = python.start('hwclient', [(await rep.ready).bound[0], '10']);
    assert.equal(await client.exited, 0);
    assert.deepEqual(client.output, Array.from({ length: 10 }, (_, n) => `Received reply ${n} [ b'World' ]`));
    assert.equal(rep.text, "Received request: b'Hello'\n".repeat(10));
  });

  it('our pub -> Python SUB with the filter 10001', async () => {
    const pub = roles.start('pub', ['--bind', ANY_PORT, '--no-messages']);
    const client = python.start('wuclient', [(await pub.ready).bound[0], '10001', '5']);
    assert.equal(await client.exited, 0);
    assert.equal(client.output.length, 5);
    for (const line of client.output) {
      const weather = parseWeather(line.replace(/^UPDATE /, ''));
      assert.ok(weather, line);
      assert.equal(weather.zipcode, 10001);
      assert.ok(weather.temperature >= -80 && weather.temperature < 135 && weather.relhumidity >= 10 && weather.relhumidity < 60, line);
    }
  });

  it('Python PUB -> our sub with a filter', async () => {
    const server = python.start('wuserver', [ANY_PORT]);
    const sub = roles.start('sub', ['--connect', await server.ready(), '--filter', '10001']);
    assert.equal((await sub.exited).code, 0);
    const updates = sub.of('received').map((event) => parseWeather(event.frames[0].text!)!);
    assert.equal(updates.length, 5);
    assert.ok(updates.every((update) => update.zipcode === 10001));
    const average = Math.trunc(updates.reduce((sum, update) => sum + update.temperature, 0) / 5);
    assert.match(sub.text, new RegExp(`^Average temperature for zipcode '10001' was ${average}F$`, 'm'));
  });

  it('a passive tap (our sub, filter "") sees everything a Python publisher sends', async () => {
    const server = python.start('wuserver', [ANY_PORT]);
    // Every message reported (the publisher runs at full speed, above the default sampling rate).
    const tap = roles.start('sub', ['--connect', await server.ready(), '--filter', '', '--count', '2000', '--sample-above', '0']);
    assert.equal((await tap.exited).code, 0);
    assert.equal(tap.of('counters').at(-1)?.received.sub, 2000, 'the exact counter');
    const updates = tap.of('received').map((event) => parseWeather(event.frames[0].text!));
    assert.equal(updates.length, 2000);
    assert.ok(updates.every(Boolean), 'every message is a weather update');
    assert.ok(new Set(updates.map((update) => update!.zipcode)).size > 1000, 'all zipcodes, not one filter');
  });

  it('our inspection proxy between a Python REQ and a Python REP captures both directions', async () => {
    const server = python.start('hwserver', [ANY_PORT, '10']);
    const proxy = new TestRole('proxy', ['--bind', ANY_PORT, '--connect', await server.ready()]);
    try {
      const client = python.start('hwclient', [(await proxy.ready).bound[0], '10']);
      assert.equal(await client.exited, 0);
      assert.deepEqual(client.output, Array.from({ length: 10 }, (_, n) => `Received reply ${n} [ b'World' ]`));
      await proxy.until((event) => event.event === 'proxied' && event.direction === 'reply', 10);
      const passed = proxy.of('proxied');
      assert.deepEqual(passed.filter((event) => event.direction === 'request').map((event) => event.frames.map((frame) => frame.text)), Array(10).fill(['Hello']));
      assert.deepEqual(passed.filter((event) => event.direction === 'reply').map((event) => event.frames.map((frame) => frame.text)), Array(10).fill(['World']));
      assert.equal(new Set(passed.map((event) => event.peer)).size, 1, 'one client, one peer identity');
      assert.match(passed[0].peer, /^[0-9a-f]+$/);
    } finally {
      await proxy.stop();
    }
  });

  it('Python ventilator + our workers + our sink', async () => {
    const sink = roles.start('sink', ['--bind', ANY_PORT, '--tasks', '30']);
    const sinkEndpoint = (await sink.ready).bound[0];
    const ventilator = python.start('taskvent', [ANY_PORT, sinkEndpoint, '30']);
    const tasks = await ventilator.ready();
    const workers = [1, 2].map(() => roles.start('worker', ['--connect', tasks, '--sink', sinkEndpoint]));
    await Promise.all(workers.map((worker) => worker.until(handshakes('pull'))));
    ventilator.child.stdin!.write('\n');
    assert.equal((await sink.exited).code, 0);
    const [done] = sink.of('batch-done');
    assert.equal(done.results, 30);
    assert.equal(sink.text, `${':.........'.repeat(3)}Total elapsed time: ${done.elapsedMs} msec\n`);
    await ventilator.until((line) => line.startsWith('Total expected cost: '));
    const cost = Number(/(\d+) msec/.exec(ventilator.output.at(-1)!)![1]);
    const received = workers.flatMap((worker: TestRole) => worker.of('received').map((event) => Number(event.frames[0].text)));
    assert.equal(received.length, 30);
    assert.equal(received.reduce((a, b) => a + b, 0), cost, 'the workers got exactly the workloads Python sent');
    assert.ok(workers.every((worker) => worker.of('sent').length === worker.of('received').length), 'one result per task');
  });

  it('our ventilator + Python workers + Python sink', async () => {
    const sink = python.start('tasksink', [ANY_PORT, '30']);
    const sinkEndpoint = await sink.ready();
    const ventilator = roles.start('ventilator', ['--bind', ANY_PORT, '--sink', sinkEndpoint, '--tasks', '30', '--workload', '1-10']);
    const tasks = (await ventilator.ready).bound[0];
    const workers = [1, 2].map(() => python.start('taskwork', [tasks, sinkEndpoint]));
    await ventilator.until(handshakes('push'), 2);
    ventilator.writeLine();
    assert.equal(await sink.exited, 0);
    assert.match(sink.output.join('\n'), /^(:\.{9}){3}Total elapsed time: \d+ msec$/);
    assert.equal((await ventilator.exited).code, 0);
    const sent = ventilator.of('sent').filter((event) => event.socket === 'push').map((event) => event.frames[0].text).sort();
    const done = workers.flatMap((worker) => worker.output.map((line) => line.replace(/^TASK /, ''))).sort();
    assert.equal(sent.length, 30);
    assert.deepEqual(done, sent, 'the Python workers did exactly the tasks we sent');
  });
});
