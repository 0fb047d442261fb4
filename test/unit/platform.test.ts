import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import {
  collectorPlace, collectorSocket, hasIpc, interruptStep, ipcPathProblem, isStopMessage, LOOPBACK_ANY_PORT, mergeEnv, outputLines,
  STOP_MESSAGE, stopPlan,
} from '../../src/shared/platform';
import { parseCapture } from '../../src/shared/telemetry';

// A macOS TMPDIR as launchd sets it, and one long enough that the collector's path does not fit.
const MAC_TMPDIR = '/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T';
const LONG_TMPDIR = `/Users/me/${'very-long-folder-name/'.repeat(3)}T`;

describe('platform rules', () => {
  describe('the collector transport', () => {
    it('is an ipc socket in the temporary folder on Linux and macOS', () => {
      assert.deepEqual(collectorPlace('linux', ['/tmp'], path.posix), { transport: 'ipc', parent: '/tmp' });
      assert.deepEqual(collectorPlace('darwin', [MAC_TMPDIR, '/tmp'], path.posix), { transport: 'ipc', parent: MAC_TMPDIR });
      assert.equal(collectorSocket('/tmp/zmq-sessions-AbC123', path.posix), '/tmp/zmq-sessions-AbC123/collector');
    });

    it('keeps a macOS ipc path within 103 bytes: a long TMPDIR gives way to /tmp', () => {
      const long = path.posix.join(LONG_TMPDIR, 'zmq-sessions-XXXXXX', 'collector');
      assert.ok(long.length > 103 && long.length <= 107, `${long.length}: fits Linux's limit but not macOS's`);
      assert.deepEqual(collectorPlace('darwin', [LONG_TMPDIR, '/tmp'], path.posix), { transport: 'ipc', parent: '/tmp' });
      assert.deepEqual(collectorPlace('linux', [LONG_TMPDIR, '/tmp'], path.posix), { transport: 'ipc', parent: LONG_TMPDIR });
    });

    it('is loopback TCP where no folder fits, and always on Windows (no ipc in its zeromq build)', () => {
      assert.deepEqual(collectorPlace('darwin', [LONG_TMPDIR], path.posix), { transport: 'tcp', endpoint: LOOPBACK_ANY_PORT });
      assert.deepEqual(collectorPlace('win32', ['C:\\Users\\me\\AppData\\Local\\Temp'], path.win32), { transport: 'tcp', endpoint: 'tcp://127.0.0.1:*' });
      assert.equal(hasIpc('win32'), false);
      assert.equal(hasIpc('linux'), true);
    });

    it('counts an ipc path in bytes and says what to do when it cannot work', () => {
      assert.equal(ipcPathProblem('/tmp/zmq-demo', 'darwin'), undefined);
      assert.match(ipcPathProblem(`/tmp/${'é'.repeat(50)}`, 'darwin')!, /is 105 bytes, too long for a Unix socket here \(at most 103\)/);
      assert.equal(ipcPathProblem(`/tmp/${'é'.repeat(50)}`, 'linux'), undefined);
      assert.match(ipcPathProblem('C:\\zmq\\demo', 'win32')!, /ipc:\/\/ is not available on Windows.*use tcp:\/\/127\.0\.0\.1:PORT/);
    });
  });

  describe('stopping a role', () => {
    const builtin = { pid: 4242, channel: true };

    it('on Linux and macOS: SIGTERM, then SIGKILL', () => {
      for (const platform of ['linux', 'darwin']) {
        assert.deepEqual(stopPlan(platform, builtin, path.posix), { graceful: { kind: 'signal', signal: 'SIGTERM' }, force: { kind: 'signal', signal: 'SIGKILL' } });
      }
    });

    it('on Windows: the stop message to a built-in role, then taskkill of its tree by its full path', () => {
      assert.deepEqual(stopPlan('win32', { ...builtin, systemRoot: 'D:\\WINNT' }, path.win32), {
        graceful: { kind: 'message' },
        force: { kind: 'run', command: 'D:\\WINNT\\System32\\taskkill.exe', args: ['/PID', '4242', '/T', '/F'] },
      });
      assert.equal((stopPlan('win32', builtin, path.win32).force as { command: string }).command, 'C:\\Windows\\System32\\taskkill.exe');
    });

    it('on Windows: a program without the channel sees its input end', () => {
      assert.deepEqual(stopPlan('win32', { pid: 7, channel: false }, path.win32).graceful, { kind: 'end-input' });
    });

    it('Ctrl-C in a terminal: SIGINT on POSIX, the graceful stop on Windows', () => {
      assert.deepEqual(interruptStep('linux', builtin, path.posix), { kind: 'signal', signal: 'SIGINT' });
      assert.deepEqual(interruptStep('win32', builtin, path.win32), { kind: 'message' });
      assert.deepEqual(interruptStep('win32', { pid: 7, channel: false }, path.win32), { kind: 'end-input' });
    });

    it('knows its stop message and nothing else', () => {
      assert.equal(isStopMessage(STOP_MESSAGE), true);
      assert.equal(isStopMessage({ stop: true }), false);
      assert.equal(isStopMessage('stop'), false);
    });
  });

  describe('environments', () => {
    it('on Windows, one variable whatever its case: the later value wins and no duplicate is left', () => {
      const env = mergeEnv('win32', { Path: 'C:\\Windows', TEMP: 'C:\\t' }, { PATH: 'C:\\py;C:\\Windows' }, { ELECTRON_RUN_AS_NODE: '1' });
      assert.deepEqual(env, { TEMP: 'C:\\t', PATH: 'C:\\py;C:\\Windows', ELECTRON_RUN_AS_NODE: '1' });
    });

    it('elsewhere, names differing in case are different variables; undefined values are left out', () => {
      assert.deepEqual(mergeEnv('linux', { Path: 'a', HOME: undefined }, { PATH: 'b' }), { Path: 'a', PATH: 'b' });
    });
  });

  it('splits output lines ended by \\n or \\r\\n', () => {
    assert.deepEqual(outputLines('one\r\ntwo\nthree\r\n'), ['one', 'two', 'three', '']);
  });

  it('reads a capture saved with \\r\\n line endings (a Windows editor, git autocrlf) as one with \\n', () => {
    // With a blank line between the events, as an editor may leave.
    const lines = ['{"event":"done","source":"rep-1","t":1,"reason":"finished"}', '', '{"event":"done","source":"req-2","t":2,"reason":"finished"}'];
    assert.deepEqual(parseCapture(`${lines.join('\r\n')}\r\n`), parseCapture(`${lines.join('\n')}\n`));
    assert.equal(parseCapture(`${lines.join('\r\n')}\r\n`).length, 2);
  });
});
