import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { cmdArgument, commandCandidates, windowsLaunch } from '../../src/shared/platform-command';

const LOOKUP = { cwd: 'C:\\work\\demo', PATH: 'C:\\Windows\\system32;"C:\\Program Files\\nodejs";;C:\\Python312', PATHEXT: '.COM;.EXE;.BAT;.CMD' };

describe('starting a program on Windows without a shell', () => {
  it('looks for a bare name in the working folder, then each PATH folder, with each PATHEXT extension', () => {
    const candidates = commandCandidates('npx', LOOKUP, path.win32);
    assert.deepEqual(candidates.slice(0, 4), ['C:\\work\\demo\\npx.com', 'C:\\work\\demo\\npx.exe', 'C:\\work\\demo\\npx.bat', 'C:\\work\\demo\\npx.cmd']);
    assert.ok(candidates.includes('C:\\Program Files\\nodejs\\npx.cmd'), 'a quoted PATH folder is unquoted');
    assert.equal(candidates.length, 4 * 4, 'the empty PATH entry is skipped');
  });

  it('takes a name with a folder from the working folder only, and keeps an extension it already has', () => {
    assert.deepEqual(commandCandidates('.\\gradlew.bat', LOOKUP, path.win32), ['C:\\work\\demo\\gradlew.bat']);
    assert.deepEqual(commandCandidates('D:\\tools\\run.cmd', LOOKUP, path.win32), ['D:\\tools\\run.cmd']);
    assert.deepEqual(commandCandidates('py.exe', { cwd: 'C:\\w', PATH: 'C:\\py' }, path.win32), ['C:\\w\\py.exe', 'C:\\py\\py.exe']);
  });

  it('runs an .exe, or a command that was not found, as it is', () => {
    assert.deepEqual(windowsLaunch('py', ['hwserver.py'], 'C:\\Windows\\py.exe'), { command: 'C:\\Windows\\py.exe', args: ['hwserver.py'], verbatim: false });
    assert.deepEqual(windowsLaunch('nothere', ['a'], undefined), { command: 'nothere', args: ['a'], verbatim: false });
  });

  it('runs a .cmd or .bat through cmd.exe, every argument quoted and escaped', () => {
    const launch = windowsLaunch('npx', ['-y', 'a b', 'x&y'], 'C:\\Program Files\\nodejs\\npx.cmd', 'C:\\Windows\\system32\\cmd.exe');
    assert.deepEqual(launch, {
      command: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '"C:\\Program^ Files\\nodejs\\npx.cmd ^"-y^" ^"a^ b^" ^"x^&y^""'],
      verbatim: true,
    });
    assert.equal(windowsLaunch('gradlew', [], 'C:\\p\\gradlew.BAT').command, 'cmd.exe');
  });

  it("escapes what cmd would read: quotes, a trailing backslash, %variables%, pipes", () => {
    assert.equal(cmdArgument('say "hi"'), '^"say^ \\^"hi\\^"^"');
    assert.equal(cmdArgument('C:\\dir\\'), '^"C:\\dir\\\\^"');
    assert.equal(cmdArgument('%PATH%'), '^"^%PATH^%^"');
    assert.equal(cmdArgument('a|b'), '^"a^|b^"');
    assert.equal(cmdArgument(''), '^"^"');
  });

  it('escapes twice for a node_modules\\.bin shim, which hands its arguments to cmd again', () => {
    const launch = windowsLaunch('tool', ['a&b'], 'C:\\w\\node_modules\\.bin\\tool.cmd');
    assert.equal(launch.args[3], '"C:\\w\\node_modules\\.bin\\tool.cmd ^^^"a^^^&b^^^""');
  });
});
