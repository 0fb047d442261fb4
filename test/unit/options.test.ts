import { strict as assert } from 'node:assert';
import { UsageError } from '../../src/roles/errors';
import { helpText, parseCommand } from '../../src/roles/options';
import { ventilatorSpec } from '../../src/roles/pipeline';
import { subSpec } from '../../src/roles/pubsub';

describe('role options', () => {
  it('fills in the seed\'s defaults', () => {
    const { options } = parseCommand('ventilator', ventilatorSpec, []);
    assert.deepEqual(options.bind, ['tcp://127.0.0.1:5557']);
    assert.equal(options.sink, 'tcp://localhost:5558');
    assert.equal(options.tasks, 100);
    assert.deepEqual(options.workload, { min: 1, max: 100 });
    assert.equal(options.wait, true);
    assert.equal(options.linger, 1000);
  });

  it('takes repeated options, ranges and negated flags', () => {
    const { options } = parseCommand('ventilator', ventilatorSpec, ['--bind', 'tcp://127.0.0.1:1', '--bind=ipc:///tmp/v', '--workload', '5-5', '--no-wait', '--json']);
    assert.deepEqual(options.bind, ['tcp://127.0.0.1:1', 'ipc:///tmp/v']);
    assert.deepEqual(options.workload, { min: 5, max: 5 });
    assert.equal(options.wait, false);
    assert.equal(options.json, true);
  });

  it('keeps an empty filter, which subscribes to everything', () => {
    assert.deepEqual(parseCommand('sub', subSpec, ['--filter', '']).options.filter, ['']);
    assert.deepEqual(parseCommand('sub', subSpec, ['--filter', 'a', '--filter', 'b']).options.filter, ['a', 'b']);
  });

  it('refuses options the role does not take', () => {
    assert.throws(() => parseCommand('sub', subSpec, ['--tasks', '3']), UsageError);
  });

  it('lists each option once in --help, with the role\'s own wording', () => {
    const text = helpText('sub', subSpec);
    assert.match(text, /--count N\s+updates to read, 0 = forever \(default 5\)/);
    assert.match(text, /--filter PREFIX\s+subscription prefix, repeatable; "" receives everything \(default "10001"\)/);
    assert.equal(text.match(/--connect/g)?.length, 1);
  });
});
