import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CollectedEvent } from '../../src/shared/telemetry';
import { ANY_PORT, CLI, runCli, tempDir } from '../helpers/cli';

describe('zmq-sessions record', () => {
  it('records what a whole session reports, the sink\'s elapsed time included', async () => {
    const temp = tempDir();
    try {
      const out = path.join(temp.dir, 'capture.jsonl');
      const endpoint = `ipc://${temp.dir}/collector`;
      const recorder = spawn(process.execPath, [CLI, 'record', '--bind', endpoint, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
      let said = '';
      recorder.stdout.on('data', (chunk) => (said += chunk));
      while (!said.includes('Recording to')) await new Promise((resolve) => setTimeout(resolve, 20));
      const run = await runCli(['run', 'pipeline', '--bind', ANY_PORT, '--sink', ANY_PORT, '--workers', '2', '--tasks', '10', '--workload', '1-5', '--inspect', endpoint]);
      assert.equal(run.code, 0, run.stderr);
      await new Promise((resolve) => setTimeout(resolve, 300));
      recorder.kill('SIGINT');
      assert.equal(await new Promise((resolve) => recorder.once('close', resolve)), 0);
      assert.match(said, /^Recorded \d+ events from 4 roles to .*capture\.jsonl\.$/m);

      const events: CollectedEvent[] = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      assert.deepEqual([...new Set(events.map((event) => event.source))].sort(), ['sink', 'ventilator', 'worker-1', 'worker-2']);
      const done = events.find((event) => event.event === 'batch-done');
      const printed = /Total elapsed time: (\d+) msec/.exec(run.stdout)![1];
      assert.ok(done && done.event === 'batch-done' && done.elapsedMs === Number(printed) && done.results === 10);
      const tasks = events.filter((event) => event.source.startsWith('worker') && event.event === 'received');
      assert.equal(tasks.length, 10, 'every task a worker received is in the capture');

      // The report's pipeline timing agrees with the sink's own figure, and the workers' counts add up.
      const report = await runCli(['report', out, '--json']);
      assert.equal(report.code, 0, report.stderr);
      const [batch] = JSON.parse(report.stdout).pipeline.batches;
      assert.equal(batch.tasks, 10);
      assert.ok(Math.abs(batch.elapsedMs - Number(printed)) <= 2, `${batch.elapsedMs} vs ${printed}`);
      assert.ok(Math.abs(batch.computedElapsedMs - Number(printed)) <= 2, `computed ${batch.computedElapsedMs} vs ${printed}`);
      const cost = Number(/expected cost (\d+) msec/.exec(run.stdout)![1]);
      assert.equal(batch.expectedCostMs, cost);
      assert.equal(batch.workers.length, 2);
      assert.equal(batch.workers.reduce((sum: number, worker: { tasks: number }) => sum + worker.tasks, 0), 10);
      const text = await runCli(['report', out]);
      assert.match(text.stdout, /Pipeline/);
    } finally {
      temp.remove();
    }
  });

  it('report says what is wrong with a file that is not a capture', async () => {
    const temp = tempDir();
    try {
      const missing = await runCli(['report', path.join(temp.dir, 'none.jsonl')]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /Cannot read .*none\.jsonl: no such file\. Give a capture/);
      const bad = path.join(temp.dir, 'bad.jsonl');
      writeFileSync(bad, '{"event":"ready","source":"a","t":1,"role":"rep","bound":[],"connected":[]}\nnot json\n');
      const result = await runCli(['report', bad]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /bad\.jsonl, line 2: not JSON/);
      writeFileSync(bad, '{"event":"ready","source":"a","t":1}\n');
      assert.match((await runCli(['report', bad])).stderr, /bad\.jsonl, line 1: not a captured event, or one with a field missing/);
      assert.equal((await runCli(['report'])).code, 2);
    } finally {
      temp.remove();
    }
  });

  it('says so when it cannot write its file', async () => {
    const result = await runCli(['record', '--bind', 'tcp://127.0.0.1:*', '--out', '/proc/no/capture.jsonl', '--duration', '1']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Error: Cannot write \/proc\/no\/capture\.jsonl: .*Choose another file with --out\.$/m);
  });
});
