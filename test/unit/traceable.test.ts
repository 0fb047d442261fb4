import { strict as assert } from 'node:assert';
import { inspectionOf, traceRuntime, UNTRACEABLE, whyUntraced } from '../../src/shared/traceable';
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

  it('says when a Python or Node program would start without its tracer: env -i, python -I, -E or -S', () => {
    const because = (command: string, args: string[], shebang?: string) => whyUntraced(command, args, shebang)?.replace(/:.*/, '');
    assert.equal(because('python3', ['-I', 'app.py']), 'python3 -I isolates the program from PYTHONPATH, where the tracer is');
    assert.equal(because('/usr/bin/python3', ['-E', 'app.py']), 'python3 -E ignores PYTHONPATH, where the tracer is');
    assert.equal(because('python3', ['-uS', 'app.py']), 'python3 -S skips the sitecustomize that starts the tracer');
    assert.equal(because('python3', ['-W', 'ignore', '-X', 'dev', '-I', 'app.py']), 'python3 -I isolates the program from PYTHONPATH, where the tracer is');
    assert.equal(because('env', ['-i', 'A=1', 'python3', 'app.py']), 'env -i clears the environment the tracer comes in (PYTHONPATH, NODE_OPTIONS)');
    assert.equal(because('env', ['A=1', 'python3', '-E', 'app.py']), 'python3 -E ignores PYTHONPATH, where the tracer is');
    assert.equal(because('./app.py', [], '#!/usr/bin/python3 -I'), 'python3 -I isolates the program from PYTHONPATH, where the tracer is');
    assert.equal(because('./app.py', [], '#!/usr/bin/env -S python3 -I'), 'python3 -I isolates the program from PYTHONPATH, where the tracer is');
    assert.equal(because('env', ['-u', 'PYTHONPATH', 'python3', 'app.py']), 'env -u PYTHONPATH takes out a variable the tracer comes in');
    assert.equal(because('env', ['--unset=NODE_OPTIONS', 'node', 'app.js']), 'env -u NODE_OPTIONS takes out a variable the tracer comes in');
    assert.equal(because('env', ['-iC', '/tmp', 'python3', 'app.py']), 'env -i clears the environment the tracer comes in (PYTHONPATH, NODE_OPTIONS)');
    assert.equal(because('env', ['-u', 'LANG', '-C', '/tmp', 'python3', '-E', 'app.py']), 'python3 -E ignores PYTHONPATH, where the tracer is');
    // env's own options and their values are not the program, nor the program's options env's.
    assert.equal(traceRuntime('env', ['-u', 'LANG', '--chdir', '/tmp', 'A=1', 'python3', 'app.py']), 'python');
    for (const args of [['A=1', 'python3', 'app.py', '-i'], ['python3', '-'], ['-u', 'LANG', 'node', 'app.js', '-u', 'PYTHONPATH']]) assert.equal(whyUntraced('env', args), undefined, args.join(' '));
    assert.match(whyUntraced('python3', ['-I', 'app.py'])!, /the program runs untraced\. Run it without that, or see it on the wire with `zmq-sessions capture`\.$/);
    // Options of the program, not of Python; and options that do not keep the tracer out.
    for (const args of [['app.py', '-I'], ['-c', 'import zmq', '-E'], ['-m', 'app', '-S'], ['-WE', 'app.py'], ['-u', '-O', '-X', 'E', 'app.py'], ['-Wd', '-s', 'app.py']]) assert.equal(whyUntraced('python3', args), undefined, args.join(' '));
    assert.equal(whyUntraced('node', ['app.js']), undefined);
    assert.equal(whyUntraced('java', ['App']), `java is not a Python or Node program. ${UNTRACEABLE}`);
    assert.deepEqual(inspectionOf('python3', ['-I', 'hwserver.py'], 'trace'), { kind: 'untraceable', reason: whyUntraced('python3', ['-I', 'hwserver.py']) });
  });

  it('reads a custom role\'s "inspect"', () => {
    const role = (inspect?: string) => JSON.stringify({ roles: [{ name: 'a', pattern: 'reqrep', role: 'rep', command: 'python3', ...(inspect ? { inspect } : {}) }] });
    assert.equal(parseWorkspaceConfig(role('off')).roles[0].inspect, 'off');
    assert.equal('inspect' in parseWorkspaceConfig(role()).roles[0], false);
  });
});
