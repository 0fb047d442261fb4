// Pitfalls the built-in roles never make, made by pyzmq programs and seen through tracing: a SUB
// that forgot to subscribe beside a publisher, and a REQ that sends again before its reply came.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Diagnosis } from '../../src/shared/analytics';
import { PITFALLS, Proc, PYTHON, useRecording } from './traced';

const describeAll = (found: Diagnosis[]) => found.map((d) => `${d.kind} ${d.sources.join(',')}: ${d.summary}`).join('\n') || '(no findings)';

describe('trace: diagnoses of pyzmq programs', function () {
  this.timeout(60000);
  const recording = useRecording();
  const start = (program: string, ...args: string[]) => recording.start(recording.recorder.endpoint, [PYTHON, path.join(PITFALLS, program), ...args], { cwd: recording.dir });
  /** The port a program printed first. */
  const port = async (proc: Proc) => {
    await proc.until(/^\d+\n/);
    return Number(proc.stdout.split('\n')[0]);
  };

  it('finds no-subscription for a SUB that never subscribed and req-state for a REQ_RELAXED client that asked twice, and nothing else', async () => {
    const publisher = start('publisher.py', '3');
    const server = start('slow_server.py', '1', '2');
    const [pubPort, repPort] = [await port(publisher), await port(server)];
    const subscriber = start('forgot_subscribe.py', `tcp://127.0.0.1:${pubPort}`, '2000');
    const client = start('impatient_client.py', `tcp://127.0.0.1:${repPort}`);
    for (const proc of [publisher, server, subscriber, client]) assert.equal((await proc.exited).code, 0, proc.stderr);
    assert.deepEqual([subscriber.stdout, client.stdout], ['nothing\n', 'World\n']);

    const found = (await recording.recorder.report()).diagnoses;
    assert.deepEqual(found.map((d) => d.kind).sort(), ['no-subscription', 'req-state'], describeAll(found));
    const none = found.find((d) => d.kind === 'no-subscription')!;
    assert.match(none.sources.join(' '), /^forgot_subscribe-\d+ publisher-\d+$/);
    assert.ok(Number(none.evidence.find((f) => f.name === 'published meanwhile')?.value) > 50, describeAll(found));
    const twice = found.find((d) => d.kind === 'req-state')!;
    assert.match(twice.sources.join(' '), /^impatient_client-\d+$/);
    assert.deepEqual([twice.evidence[0].value, twice.evidence[1].value], [1, 2]);
  });
});
