// The extension's command lines for the built-in roles, read back by the CLI's own parser: what a
// setting says is what the role gets, even a value that starts with "-".
import { strict as assert } from 'node:assert';
import { pubSpec, subSpec } from '../../src/roles/pubsub';
import { repSpec, reqSpec } from '../../src/roles/reqrep';
import { parseCommand } from '../../src/roles/options';
import { DEFAULT_PORTS, mainEndpoint, option, roleArgs, RoleSettings } from '../../src/shared/catalog';

const SETTINGS: RoleSettings = {
  bindAddress: '127.0.0.1',
  ports: { ...DEFAULT_PORTS, reqrep: 6555, pubsub: 6556, ventilator: 6557, sink: 6558 },
  repDelayMs: 1000,
  subFilter: '10001',
  pubIntervalMs: 0,
  pipelineTasks: 100,
};

describe('built-in role command lines', () => {
  it('give a subscription that starts with "-" to the subscriber as it is', () => {
    for (const filter of ['-1', '--json', '-', '']) {
      const { options } = parseCommand('sub', subSpec, roleArgs('sub', { ...SETTINGS, subFilter: filter }));
      assert.deepEqual(options.filter, [filter], `filter ${JSON.stringify(filter)}`);
      assert.equal(options.json, false, 'no option smuggled in through a value');
    }
  });

  it('give a request text that starts with "-" to the client as it is', () => {
    const { options } = parseCommand('req', reqSpec, [...roleArgs('req', SETTINGS), option('message', '-ping')]);
    assert.equal(options.message, '-ping');
  });

  it('are read back with the settings\' values, and show the endpoint they bind or connect', () => {
    const rep = parseCommand('rep', repSpec, roleArgs('rep', SETTINGS)).options;
    assert.deepEqual([rep.bind, rep.delay], [['tcp://127.0.0.1:6555'], 1000]);
    assert.equal(mainEndpoint(roleArgs('rep', SETTINGS)), 'tcp://127.0.0.1:6555');
    assert.equal(mainEndpoint(roleArgs('sub', SETTINGS)), 'tcp://127.0.0.1:6556');
    assert.equal(parseCommand('pub', pubSpec, roleArgs('pub', SETTINGS)).options.interval, 0);
    assert.equal(mainEndpoint(['--connect', 'tcp://h:1']), 'tcp://h:1', 'a custom role\'s separate value');
  });
});
