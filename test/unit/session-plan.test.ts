import { strict as assert } from 'node:assert';
import { DEFAULT_PORTS, roleArgs, roleIn, RoleSettings, rolesOf, socketSides } from '../../src/shared/catalog';
import { sessionLabel, sessionPlan } from '../../src/shared/session-plan';
import { PATTERN_NAMES } from '../../src/shared/workspace-config';

const settings: RoleSettings = { bindAddress: '127.0.0.1', ports: { ...DEFAULT_PORTS }, repDelayMs: 1000, subFilter: '10001', pubIntervalMs: 0, pipelineTasks: 100 };

describe('session plans', () => {
  it('the extended request-reply session: the broker, then workers that connect to its backend, then clients to its frontend', () => {
    assert.deepEqual(sessionPlan('broker', settings, { workers: 2 }), [
      [{ role: 'broker', label: 'broker', args: ['--frontend-bind=tcp://127.0.0.1:5559', '--backend-bind=tcp://127.0.0.1:5560'] }],
      [1, 2].map((n) => ({ role: 'rep', label: `rep ${n}`, args: ['--connect=tcp://127.0.0.1:5560', '--delay=1000'] })),
      [1, 2].map((n) => ({ role: 'req', label: `req ${n}`, args: ['--connect=tcp://127.0.0.1:5559'] })),
    ]);
  });

  it('an extended request-reply session with other numbers of clients than of workers, named by both', () => {
    const labels = (size: { workers: number; clients?: number }) => sessionPlan('broker', settings, size).map((stage) => stage.map((step) => step.label));
    assert.deepEqual(labels({ workers: 1, clients: 3 }), [['broker'], ['rep'], ['req 1', 'req 2', 'req 3']]);
    assert.deepEqual(labels({ workers: 3, clients: 1 }), [['broker'], ['rep 1', 'rep 2', 'rep 3'], ['req']]);
    assert.equal(sessionLabel('Extended Request-Reply', 'broker', { workers: 1, clients: 3 }), 'Extended Request-Reply (1 worker, 3 clients)');
    assert.equal(sessionLabel('Extended Request-Reply', 'broker', { workers: 2 }), 'Extended Request-Reply (2 workers, 2 clients)');
    assert.equal(sessionLabel('Pipeline', 'pipeline', { workers: 3, clients: 5 }), 'Pipeline (3 workers)');
    assert.equal(sessionLabel('Request-Reply', 'reqrep', { workers: 1 }), 'Request-Reply');
  });

  it('publish-subscribe through a forwarder: the publisher, the forwarder connected to it, the subscriber on its far side', () => {
    assert.deepEqual(sessionPlan('forwarder', { ...settings, bindAddress: '*' }, { workers: 1 }).map((stage) => stage.map((step) => [step.label, ...step.args])), [
      [['pub', '--bind=tcp://*:5556', '--interval=0']],
      [['forwarder', '--connect=tcp://127.0.0.1:5556', '--bind=tcp://*:8100']],
      [['sub', '--connect=tcp://127.0.0.1:8100', '--filter=10001']],
    ]);
  });

  it('the basic patterns start as before: binding roles first, then the others', () => {
    assert.deepEqual(sessionPlan('pipeline', settings, { workers: 2 }).map((stage) => stage.map((step) => step.label)), [['ventilator', 'sink'], ['worker 1', 'worker 2']]);
    assert.deepEqual(sessionPlan('reqrep', settings, { workers: 1 }).map((stage) => stage.map((step) => step.label)), [['rep'], ['req']]);
    assert.deepEqual(sessionPlan('pair', settings, { workers: 1 }).map((stage) => stage.map((step) => step.args)), [[['--bind=tcp://127.0.0.1:5561']], [['--connect=tcp://127.0.0.1:5561']]]);
  });

  it('each role of each pattern in the Patterns view binds or connects as it plays there', () => {
    for (const pattern of PATTERN_NAMES) {
      for (const role of rolesOf(pattern)) {
        const args = roleArgs(role, settings, pattern);
        const { binds } = socketSides(args);
        assert.equal(binds, roleIn(role, pattern).binds, `${pattern}/${role}: ${args.join(' ')}`);
      }
    }
  });
});
