import { strict as assert } from 'node:assert';
import { interfaceFor, interfaceProblem, parsePorts, portsNamed } from '../../src/shared/capture-ports';

describe('the ports and interface of a wire capture', () => {
  it('finds the TCP ports in endpoints and command lines, each once, and nothing else', () => {
    assert.deepEqual(portsNamed(['tcp://*:5555', 'tcp://localhost:5555', 'tcp://[::1]:5556', '--connect=tcp://10.0.0.2:5557']), [5555, 5556, 5557]);
    assert.deepEqual(portsNamed(['hwserver.py', 'ipc:///tmp/x:5555', 'tcp://*:*', 'tcp://host:70000', 'tcp://host:123456', 'http://host:80', '5555']), []);
    assert.deepEqual(portsNamed(['a tcp://h:6000;tcp://h:6001 b']), [6000, 6001]);
  });

  it('reads typed ports, or says what is wrong in one line', () => {
    assert.deepEqual(parsePorts(' 5555, 5556 5555 '), { ports: [5555, 5556] });
    assert.match((parsePorts('') as { error: string }).error, /at least one TCP port/);
    assert.match((parsePorts('5555, 0') as { error: string }).error, /^'0' is not a TCP port: give numbers from 1 to 65535/);
    assert.match((parsePorts('5555 http') as { error: string }).error, /^'http' is not a TCP port/);
    assert.match((parsePorts('65536') as { error: string }).error, /^'65536' is not/);
  });

  it('refuses interface names tcpdump would read as options or that cannot be names', () => {
    assert.equal(interfaceProblem('lo'), undefined);
    assert.equal(interfaceProblem('\\Device\\NPF_{5B1A}'), undefined);
    assert.match(interfaceProblem('-w /tmp/x')!, /is not an interface name/);
    assert.match(interfaceProblem('--help')!, /is not an interface name/);
    assert.match(interfaceProblem(' ')!, /Give an interface/);
  });

  it('captures local endpoints on loopback, and every interface when one is remote (Linux)', () => {
    assert.equal(interfaceFor(['tcp://*:5555', 'tcp://localhost:5555', 'tcp://127.0.0.1:1', 'tcp://[::1]:2'], 'linux'), 'lo');
    assert.equal(interfaceFor(['tcp://*:5555'], 'darwin'), 'lo0');
    assert.equal(interfaceFor(['tcp://192.168.1.5:5555'], 'linux'), 'any');
    assert.equal(interfaceFor(['tcp://192.168.1.5:5555'], 'darwin'), 'lo0');
    assert.equal(interfaceFor([], 'linux'), 'lo');
  });
});
