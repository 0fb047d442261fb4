import { strict as assert } from 'node:assert';
import { parseWorkspaceConfig, roleForPlatform } from '../../src/shared/workspace-config';

const file = (...roles: unknown[]) => JSON.stringify({ roles }, null, 2);
const hwserver = {
  name: 'hwserver', pattern: 'reqrep', role: 'rep', command: 'python3', args: ['hwserver.py'], env: { PYTHONUNBUFFERED: '1' },
  windows: { command: 'py', env: { PYTHONIOENCODING: 'utf-8' } }, linux: { command: '/usr/bin/python3' },
};

describe('custom roles per platform ("windows", "osx", "linux", as in tasks.json)', () => {
  const [role] = parseWorkspaceConfig(file(hwserver)).roles;

  it('runs the command of the platform it is on, its env merged over the shared one', () => {
    assert.deepEqual(roleForPlatform(role, 'win32').command, 'py');
    assert.deepEqual(roleForPlatform(role, 'win32').env, { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' });
    assert.deepEqual(roleForPlatform(role, 'win32').args, ['hwserver.py']);
    assert.equal(roleForPlatform(role, 'linux').command, '/usr/bin/python3');
  });

  it('runs the shared command on a platform without an override', () => {
    assert.equal(roleForPlatform(role, 'darwin').command, 'python3');
    assert.equal(roleForPlatform(role, 'freebsd').command, 'python3');
  });

  it('says what is wrong in an override, at the place to fix', () => {
    const text = file({ ...hwserver, windows: { command: '', launch: 'terminal' }, osx: 'python3' });
    const problems = parseWorkspaceConfig(text).problems.map(({ message, offset, length }) => [message, text.slice(offset, offset + length)]);
    assert.deepEqual(problems, [
      ['Role "hwserver": "windows.command" must be a non-empty string, e.g. "py".', '""'],
      ['Role "hwserver": "windows" may set command, args, cwd, env; "launch" is the same on every platform, so it goes outside "windows".', '"launch"'],
      ['Role "hwserver": "osx" must be an object of what differs on that platform, e.g. { "command": "py" }.', '"python3"'],
    ]);
  });
});
