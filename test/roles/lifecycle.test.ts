import { strict as assert } from 'node:assert';
import { ROLE_NAMES } from '../../src/shared/role-events';
import { ANY_PORT, Roles } from '../helpers/cli';

// Each role in a state where it waits on the network; a signal must still end it promptly.
const WAITING_ARGS: Record<(typeof ROLE_NAMES)[number], string[]> = {
  rep: ['--bind', ANY_PORT],
  req: ['--connect', 'tcp://127.0.0.1:9'],
  pub: ['--bind', ANY_PORT],
  sub: ['--connect', 'tcp://127.0.0.1:9'],
  // Its "0" to an absent sink can never be delivered: the case where libzmq's default linger hangs.
  ventilator: ['--bind', ANY_PORT, '--sink', 'tcp://127.0.0.1:9', '--no-wait', '--linger', '60000'],
  worker: ['--connect', 'tcp://127.0.0.1:9', '--sink', 'tcp://127.0.0.1:9'],
  sink: ['--bind', ANY_PORT],
  router: ['--bind', ANY_PORT],
  dealer: ['--connect', 'tcp://127.0.0.1:9'],
  // Its first send waits for a peer that never comes.
  pair: ['--bind', ANY_PORT],
  broker: ['--frontend-bind', ANY_PORT, '--backend-bind', ANY_PORT],
  forwarder: ['--connect', 'tcp://127.0.0.1:9', '--bind', ANY_PORT],
  streamer: ['--connect', 'tcp://127.0.0.1:9', '--bind', ANY_PORT],
};

describe('role lifecycle', () => {
  const roles = new Roles();
  afterEach(() => roles.stopAll());

  for (const role of ROLE_NAMES) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`${role} exits 0 within a second of ${signal}`, async () => {
        const handle = roles.start(role, WAITING_ARGS[role]);
        await handle.ready;
        await new Promise((resolve) => setTimeout(resolve, 100));
        const sent = Date.now();
        handle.child.kill(signal);
        const exit = await handle.exited;
        const ms = Date.now() - sent;
        assert.deepEqual([exit.code, exit.signal], [0, null]);
        assert.ok(ms < 1000, `exited after ${ms} ms`);
        assert.deepEqual(handle.events.at(-1), { event: 'done', reason: 'signal' });
      });
    }
  }
});
