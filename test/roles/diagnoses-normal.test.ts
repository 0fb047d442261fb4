import { strict as assert } from 'node:assert';
import { ANY_PORT } from '../helpers/cli';
import { listed, Stage } from './diagnoses-stage';

// No false alarms: the seed's sessions, as `run` and the extension start them, find nothing.
describe('diagnoses of normal sessions', function () {
  // Three whole sessions in a row. The subscriber waits for updates matching "10001", one in 100,000
  // random ones: 2 rather than the default 5, or `run pubsub` alone took 3-11 s here, and more than
  // the 30 s `stage.run` allows now and then on a loaded machine.
  this.timeout(90_000);
  let stage: Stage;
  beforeEach(async () => {
    stage = new Stage();
    await stage.open();
  });
  afterEach(() => stage.close());

  it('finds nothing in whole request-reply, publish-subscribe and pipeline sessions', async () => {
    for (const args of [
      ['run', 'reqrep', '--bind', ANY_PORT],
      ['run', 'pubsub', '--bind', ANY_PORT, '--count', '2'],
      ['run', 'pipeline', '--bind', ANY_PORT, '--sink', ANY_PORT],
    ]) {
      const run = await stage.run(args);
      assert.equal(run.code, 0, run.stderr);
    }
    const found = await stage.diagnoses();
    assert.deepEqual(found, [], listed(found));
  });

  // The publisher and subscriber of `run pubsub` have their defaults already.
  it('finds nothing in the seed\'s server and client with their defaults (a second of work per request)', async () => {
    const rep = stage.start('rep', 'rep', ['--bind', ANY_PORT]);
    const req = stage.start('req', 'req', ['--connect', (await rep.ready).bound[0], '--count', '2']);
    assert.equal((await req.exited).code, 0);
    const found = await stage.diagnoses();
    assert.deepEqual(found, [], listed(found));
  });
});
