import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { ANY_PORT, CLI, runCli } from '../helpers/cli';
import { waitFor } from '../helpers/wait';

describe('zmq-sessions run', () => {
  it('reqrep: the server answers every request', async () => {
    const result = await runCli(['run', 'reqrep', '--bind', ANY_PORT, '--count', '4']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.match(/^\[req\] Received reply \d \[ b'World' \]$/gm)?.length, 4);
    assert.equal(result.stdout.match(/^\[rep\] Received request: b'Hello'$/gm)?.length, 4);
    assert.match(result.stdout, /^Session reqrep done: 4 requests answered by the server at tcp:\/\/127\.0\.0\.1:\d+\.$/m);
  });

  it('pubsub: the subscriber averages its filtered updates', async () => {
    const result = await runCli(['run', 'pubsub', '--bind', ANY_PORT, '--filter', '1', '--count', '50']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\[sub\] Collecting updates from weather server…$/m);
    assert.match(result.stdout, /^\[sub\] Average temperature for zipcode '1' was -?\d+F$/m);
  });

  it('pipeline: one batch over several workers, with the sink\'s elapsed time and the speed-up', async () => {
    const result = await runCli(['run', 'pipeline', '--bind', ANY_PORT, '--sink', ANY_PORT, '--workers', '4', '--tasks', '40', '--workload', '10-20']);
    assert.equal(result.code, 0, result.stderr);
    const sink = /^\[sink\] (:\.{9}){4}Total elapsed time: (\d+) msec$/m.exec(result.stdout);
    assert.ok(sink, result.stdout);
    const summary = /^Session pipeline done: 40 tasks on 4 workers, expected cost (\d+) msec, elapsed (\d+) msec \(ideal (\d+) msec, speed-up ([\d.]+)x\)\.$/m.exec(result.stdout);
    assert.ok(summary, result.stdout);
    const [, cost, elapsed, ideal, speedUp] = summary.map(Number);
    assert.equal(elapsed, Number(sink[2]));
    assert.ok(cost >= 400 && cost <= 800);
    assert.equal(ideal, Math.round(cost / 4));
    assert.ok(speedUp > 1.5 && speedUp <= 4.2, `speed-up ${speedUp}`);
    const dots = [1, 2, 3, 4].map((n) => new RegExp(`^\\[worker ${n}\\] (\\.+)$`, 'm').exec(result.stdout)?.[1].length ?? 0);
    assert.equal(dots.reduce((a, b) => a + b, 0), 40, `tasks per worker: ${dots}`);
  });

  it('broker: clients through the broker to workers that connect, with each worker\'s share', async () => {
    const result = await runCli(['run', 'broker', '--frontend-bind', ANY_PORT, '--backend-bind', ANY_PORT, '--workers', '2', '--count', '3']);
    assert.equal(result.code, 0, result.stderr);
    for (const client of [1, 2]) assert.equal(result.stdout.match(new RegExp(`^\\[req ${client}\\] Received reply \\d \\[ b'World' \\]$`, 'gm'))?.length, 3, result.stdout);
    const summary = /^Session broker done: 2 clients sent 3 requests each through the broker at tcp:\/\/127\.0\.0\.1:\d+; its 2 workers at tcp:\/\/127\.0\.0\.1:\d+ answered (\d+), (\d+)\.$/m.exec(result.stdout);
    assert.ok(summary, result.stdout);
    assert.equal(Number(summary[1]) + Number(summary[2]), 6);
  });

  it('forwarder: the subscriber reads through the forwarder, which passes its subscription upstream', async () => {
    const result = await runCli(['run', 'forwarder', '--bind', ANY_PORT, '--backend-bind', ANY_PORT, '--filter', '1', '--count', '5']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\[forwarder\] Subscription forwarded: b'1'$/m);
    assert.match(result.stdout, /^\[sub\] Average temperature for zipcode '1' was -?\d+F$/m);
    assert.match(result.stdout, /^Session forwarder done: the subscriber read its updates from tcp:\/\/127\.0\.0\.1:\d+ through the forwarder at tcp:\/\/127\.0\.0\.1:\d+\.$/m);
  });

  it('fails with the role\'s reason when a port is in use, and leaves nothing running', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const result = await runCli(['run', 'reqrep', '--bind', `tcp://127.0.0.1:${port}`]);
      assert.equal(result.code, 1);
      assert.equal(result.stderr.trim(), `Error: Address in use: tcp://127.0.0.1:${port} is already bound by another program. Stop that program or choose another endpoint with --bind.`);
    } finally {
      server.close();
    }
  });

  it('stops every role it started on SIGINT', async () => {
    const run = spawn(process.execPath, [CLI, 'run', 'pipeline', '--bind', ANY_PORT, '--sink', ANY_PORT, '--workload', '100-100'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    run.stdout.on('data', (chunk) => (stdout += chunk));
    await waitFor(() => stdout.includes('Total expected cost'), 20_000, () => `the ventilator's "Total expected cost" (output so far: ${stdout})`, 20);
    // The ventilator is done once its batch is sent; the sink and the workers are still at work.
    const children = await childPids(run.pid!);
    assert.ok(children.length >= 4, `sink and three workers: ${children}`);
    run.kill('SIGINT');
    const code = await new Promise((resolve) => run.once('close', resolve));
    assert.equal(code, 0);
    assert.match(stdout, /^Session pipeline stopped before it finished\.$/m);
    assert.doesNotMatch(stdout, /Session pipeline done/);
    for (const pid of children) assert.equal(isAlive(pid), false, `role ${pid} still running`);
  });
});

async function childPids(parent: number): Promise<number[]> {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8');
  return text.trim().split(/\s+/).filter(Boolean).map(Number);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
