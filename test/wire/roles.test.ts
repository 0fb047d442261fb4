// The built-in roles captured on the wire, as any program is: what the wire says must agree with
// what the roles report about themselves.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Analytics } from '../../src/shared/analytics';
import { ANY_PORT, Roles, runCli, tempDir } from '../helpers/cli';
import { captureCli, line } from './capturing';

describe('wire: the built-in roles', function () {
  this.timeout(60000);
  const temp = tempDir();
  const roles = new Roles();
  afterEach(() => roles.stopAll());
  after(() => temp.remove());

  it('rep and req: the same requests, replies and round trips on the wire as the req reports', async () => {
    const rep = roles.start('rep', ['--bind', ANY_PORT, '--delay', '20']);
    const endpoint = (await rep.ready).bound[0];
    const out = path.join(temp.dir, 'roles.jsonl');
    const capture = await captureCli([Number(endpoint.split(':').pop())], out);
    const req = await runCli(['req', '--connect', endpoint, '--count', '5', '--json']);
    await capture.stop();
    assert.equal(req.code, 0, req.stderr);
    const reported = req.stdout.split('\n').filter((text) => text.includes('"event":"reply"')).map((text) => JSON.parse(text).roundTripMs as number);
    const events = capture.events();
    assert.deepEqual(events.filter((e) => e.event === 'sent').map(line), Array.from({ length: 5 }, () => ['req Hello', 'rep World']).flat());
    const analytics = new Analytics();
    events.forEach((e) => analytics.add(e));
    const [client] = analytics.report(Date.now()).reqrep.clients;
    assert.equal(client.pairs, 5);
    assert.match(client.source, /^node cli\.js req .*\(pid \d+\)$/);
    // The wire sees each round trip a little shorter than the req does (no library time on either side).
    const median = [...reported].sort((a, b) => a - b)[2];
    assert.ok(Math.abs(client.roundTrip!.p50Ms - median) < 15, `wire ${client.roundTrip!.p50Ms} ms, req ${median} ms`);
  });
});
