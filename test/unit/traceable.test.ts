import { strict as assert } from 'node:assert';
import { inspectionOf, traceRuntime, UNTRACEABLE } from '../../src/shared/traceable';
import { parseWorkspaceConfig } from '../../src/shared/workspace-config';

describe('traceable programs', () => {
  it('knows Python and Node by the command, a launcher, env, or a script\'s #! line', () => {
    for (const command of ['python3', '/usr/bin/python3', 'python', 'python3.11', 'pypy3', 'C:\\Python311\\python.exe', 'uv']) assert.equal(traceRuntime(command), 'python', command);
    for (const command of ['node', '/usr/local/bin/node', 'node.exe', 'npx', 'tsx']) assert.equal(traceRuntime(command), 'node', command);
    assert.equal(traceRuntime('env', ['-i', 'A=1', 'python3', 'app.py']), 'python');
    assert.equal(traceRuntime('./app.py', [], '#!/usr/bin/env python3'), 'python');
    assert.equal(traceRuntime('./server', [], '#!/usr/bin/node --no-warnings'), 'node');
    for (const command of ['java', './hwserver', 'sh', 'pythonic', 'nodemon-like']) assert.equal(traceRuntime(command, []), undefined, command);
  });

  it('traces a custom role that runs Python or Node unless told otherwise, and says why it cannot trace the rest', () => {
    assert.deepEqual(inspectionOf('python3', ['hwserver.py'], 'trace'), { kind: 'trace', runtime: 'python' });
    assert.deepEqual(inspectionOf('python3', ['hwserver.py'], 'off'), { kind: 'off' });
    assert.deepEqual(inspectionOf('python3', ['hwserver.py'], 'wire'), { kind: 'wire' });
    assert.deepEqual(inspectionOf('/opt/bin/hwserver', [], 'trace'), { kind: 'untraceable', reason: `hwserver is not a Python or Node program. ${UNTRACEABLE}` });
  });

  it('reads a custom role\'s "inspect"', () => {
    const role = (inspect?: string) => JSON.stringify({ roles: [{ name: 'a', pattern: 'reqrep', role: 'rep', command: 'python3', ...(inspect ? { inspect } : {}) }] });
    assert.equal(parseWorkspaceConfig(role('off')).roles[0].inspect, 'off');
    assert.equal('inspect' in parseWorkspaceConfig(role()).roles[0], false);
  });
});
