// Windows' ways, run here for real: a role stopped by the message on its IPC channel instead of
// SIGTERM, a program stopped by the end of its input, and the collector on loopback TCP with its
// token instead of ipc. (shared/platform decides which way each platform takes; its unit tests
// check those choices.)
import { strict as assert } from 'node:assert';
import { Collector } from '../../src/collector/collector';
import { ChildRole } from '../../src/roles/child';
import { ROLE_NAMES } from '../../src/shared/role-events';
import { INSPECT_TOKEN_ENV } from '../../src/shared/telemetry';
import { ANY_PORT, Roles, runCli, WAITING_ARGS } from '../helpers/cli';
import { waitFor } from '../helpers/wait';

describe("the Windows ways, run here", () => {
  const roles = new Roles();
  afterEach(() => roles.stopAll());

  describe('stopping a role without signals', () => {
    for (const role of ROLE_NAMES) {
      it(`${role} exits 0 within a second of the stop message on its IPC channel`, async () => {
        const handle = roles.start(role, WAITING_ARGS[role]);
        await handle.ready;
        const sent = Date.now();
        // A grace period far longer than the second allowed: it must not be what ended the role.
        const exit = await handle.stop(10_000, 'win32');
        const ms = Date.now() - sent;
        assert.deepEqual([exit.code, exit.signal], [0, null]);
        assert.ok(ms < 1000, `exited after ${ms} ms`);
        assert.deepEqual(handle.events.at(-1), { event: 'done', reason: 'signal' });
      });
    }

    it('Ctrl-C in its terminal sends the same message', async () => {
      const handle = roles.start('rep', WAITING_ARGS.rep);
      await handle.ready;
      handle.interrupt('win32');
      const exit = await handle.exited;
      assert.deepEqual([exit.code, exit.signal], [0, null]);
      assert.deepEqual(handle.events.at(-1), { event: 'done', reason: 'signal' });
    });

    it('a role whose IPC channel is open still exits by itself when its work is done', async () => {
      const handle = roles.start('pub', ['--bind', ANY_PORT, '--count', '3']);
      const exit = await handle.exited;
      assert.deepEqual([exit.code, exit.signal], [0, null]);
      assert.deepEqual(handle.events.at(-1), { event: 'done', reason: 'finished' });
    });

    it('a program without the channel is stopped by the end of its input', async () => {
      // Like a custom role's program that reads its input to the end, then cleans up and exits.
      const program = new ChildRole(process.execPath, ['-e', "process.stdin.resume().on('end', () => { console.log('input ended'); process.exit(0); })"]);
      let output = '';
      program.child.stdout!.on('data', (chunk) => (output += chunk));
      await program.spawned;
      const exit = await program.stop(10_000, 'win32');
      assert.deepEqual([exit.code, exit.signal], [0, null]);
      assert.equal(output.trim(), 'input ended');
    });
  });

  describe('the collector on loopback TCP (no ipc in the Windows build)', () => {
    it("listens on a free loopback port and takes only reports that carry the window's token", async () => {
      const collector = Collector.open(undefined, { token: 'window-token', platform: 'win32' });
      const reported: string[] = [];
      collector.onBatch((batch) => reported.push(...batch.events.map((event) => `${batch.source}:${event.event}`)));
      try {
        await collector.ready;
        assert.match(collector.endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
        const args = (id: string) => ['pub', '--bind', ANY_PORT, '--count', '1', '--inspect', collector.endpoint, '--inspect-id', id];
        const trusted = await runCli(args('trusted'), { env: { ...process.env, [INSPECT_TOKEN_ENV]: 'window-token' } });
        const stranger = await runCli(args('stranger'), { env: { ...process.env, [INSPECT_TOKEN_ENV]: '' } });
        assert.deepEqual([trusted.code, stranger.code], [0, 0], trusted.stderr + stranger.stderr);
        await waitFor(() => reported.includes('trusted:done') && collector.rejectedCount > 0, 5000, () => `trusted's done and a rejected batch; seen ${reported.join(', ')}`);
        assert.deepEqual(reported.filter((event) => event.startsWith('stranger')), []);
      } finally {
        collector.dispose();
      }
    });
  });
});
