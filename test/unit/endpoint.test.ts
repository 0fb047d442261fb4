import { strict as assert } from 'node:assert';
import { bindsAllInterfaces, connectableFrom, EndpointError, parseEndpoint, reachableFrom } from '../../src/shared/endpoint';

describe('endpoints', () => {
  it('accepts the forms libzmq binds and connects', () => {
    assert.deepEqual(parseEndpoint('tcp://127.0.0.1:5555', 'bind'), { transport: 'tcp', host: '127.0.0.1', port: '5555' });
    assert.deepEqual(parseEndpoint('tcp://localhost:5555', 'connect'), { transport: 'tcp', host: 'localhost', port: '5555' });
    assert.deepEqual(parseEndpoint('tcp://*:*', 'bind'), { transport: 'tcp', host: '*', port: '*' });
    assert.deepEqual(parseEndpoint('tcp://[::1]:5555', 'connect'), { transport: 'tcp', host: '[::1]', port: '5555' });
    assert.deepEqual(parseEndpoint('tcp://eth0:5555', 'bind'), { transport: 'tcp', host: 'eth0', port: '5555' });
    assert.deepEqual(parseEndpoint('ipc:///tmp/a b', 'connect'), { transport: 'ipc', host: '/tmp/a b' });
    assert.deepEqual(parseEndpoint('ipc://*', 'bind'), { transport: 'ipc', host: '*' });
  });

  const bad: [string, 'bind' | 'connect', RegExp][] = [
    ['localhost:5555', 'connect', /^Malformed endpoint 'localhost:5555': use tcp:\/\/HOST:PORT/],
    ['tcp://127.0.0.1', 'bind', /^Malformed endpoint/],
    ['tcp://127.0.0.1:0x10', 'bind', /port must be a number from 1 to 65535 or \* for any free port/],
    ['tcp://127.0.0.1:65536', 'connect', /port must be a number from 1 to 65535\.$/],
    ['tcp://127.0.0.1:*', 'connect', /^Cannot connect to 'tcp:\/\/127\.0\.0\.1:\*': give the port number/],
    ['tcp://*:5555', 'connect', /'\*' means all interfaces and is only for --bind/],
    ['ipc://', 'bind', /the ipc path is empty/],
    ['ipc://*', 'connect', /a wildcard path is only for --bind/],
    ['inproc://x', 'bind', /^Unsupported transport 'inproc:\/\/'.*sessions run between processes/],
    ['', 'bind', /^Malformed endpoint ''/],
  ];
  for (const [text, use, message] of bad) {
    it(`rejects ${use} '${text}' with a message that says what to do`, () => {
      assert.throws(() => parseEndpoint(text, use), (error: Error) => error instanceof EndpointError && message.test(error.message));
    });
  }

  it('knows which binds reach other machines', () => {
    for (const text of ['tcp://*:1', 'tcp://0.0.0.0:1', 'tcp://[::]:1']) assert.equal(bindsAllInterfaces(parseEndpoint(text, 'bind')), true, text);
    for (const text of ['tcp://127.0.0.1:1', 'tcp://lo:1', 'ipc:///tmp/x']) assert.equal(bindsAllInterfaces(parseEndpoint(text, 'bind')), false, text);
  });

  it('turns a bound endpoint into one a local peer can connect to', () => {
    assert.equal(connectableFrom('tcp://0.0.0.0:5555'), 'tcp://127.0.0.1:5555');
    assert.equal(connectableFrom('tcp://127.0.0.1:40000'), 'tcp://127.0.0.1:40000');
    assert.equal(connectableFrom('ipc:///tmp/x'), 'ipc:///tmp/x');
  });

  it('gives other machines this machine\'s address for a wildcard bind (Copy Collector Token)', () => {
    assert.equal(reachableFrom('tcp://0.0.0.0:5559', ['192.168.1.20', 'fe80::1']), 'tcp://192.168.1.20:5559');
    assert.equal(reachableFrom('tcp://[::]:5559', ['fe80::1']), 'tcp://[fe80::1]:5559');
    assert.equal(reachableFrom('tcp://10.0.0.5:5559', ['192.168.1.20']), 'tcp://10.0.0.5:5559');
    assert.equal(reachableFrom('tcp://*:5559', []), 'tcp://*:5559', 'no address known: as it is');
  });
});
