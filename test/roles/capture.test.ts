// `zmq-sessions capture` and `report` on what is missing or wrong: each a one-line error that says
// what to do, and a connection that is not ZeroMQ named with why. The capture tool's messages are checked on the texts tcpdump and dumpcap print.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { captureCommand, captureFailure, findCaptureTool } from '../../src/roles/capture-tool';
import { runCli, tempDir } from '../helpers/cli';
import { bytes, Conversation, pcap } from '../unit/wire/craft';

describe('capture: missing parts and bad input', () => {
  const temp = tempDir();
  after(() => temp.remove());

  it('names the package to install when neither tcpdump nor dumpcap is found', () => {
    assert.throws(() => findCaptureTool([]), /Neither tcpdump nor dumpcap was found\. Install tcpdump \(Debian\/Ubuntu: sudo apt-get install tcpdump/);
    assert.equal(findCaptureTool(['/usr/sbin', '/usr/bin']).name, 'tcpdump');
  });

  it('says how to grant capture permission, and what to do with a bad interface or filter', () => {
    assert.match(captureFailure('tcpdump', 'lo', "tcpdump: lo: You don't have permission to capture on that device\n(socket: Operation not permitted)"), /setcap cap_net_raw,cap_net_admin=eip/);
    assert.match(captureFailure('dumpcap', 'lo', "dumpcap: You don't have permission to capture on that device"), /wireshark group/);
    assert.match(captureFailure('tcpdump', 'nosuch0', 'tcpdump: nosuch0: No such device exists'), /tcpdump -D/);
    assert.match(captureFailure('tcpdump', 'lo', "tcpdump: syntax error in filter expression"), /--filter/);
  });

  it('builds the filter from the ports and the user\'s own, and streams pcap to stdout', () => {
    assert.deepEqual(captureCommand('tcpdump', 'lo', [5555, 5556], 'host 127.0.0.1'), {
      args: ['-i', 'lo', '--immediate-mode', '-B', '32768', '-U', '-s', '0', '-w', '-', 'tcp and (port 5555 or port 5556) and (host 127.0.0.1)'],
      filter: 'tcp and (port 5555 or port 5556) and (host 127.0.0.1)',
    });
  });

  it('runs tcpdump and reports an interface that does not exist, in one line', async () => {
    const result = await runCli(['capture', '--interface', 'nosuch0', '--port', '5999', '--duration', '5']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^Error: tcpdump cannot capture on nosuch0: .*List the interfaces with 'tcpdump -D'/m);
  });

  it('refuses a bad port, and a file that is not a capture', async () => {
    const port = await runCli(['capture', '--port', 'http']);
    assert.match(port.stderr, /Invalid --port 'http': expected a TCP port, 1 to 65535\./);
    const file = path.join(temp.dir, 'x.pcap');
    writeFileSync(file, 'GET / HTTP/1.1\r\n');
    const read = await runCli(['capture', '--read', file]);
    assert.equal(read.code, 1);
    assert.match(read.stderr, /not a pcap or pcapng capture \(unknown magic number\)/);
    const missing = await runCli(['report', path.join(temp.dir, 'none.pcap')]);
    assert.match(missing.stderr, /Cannot read .*none\.pcap: no such file/);
    const notPcap = await runCli(['report', file]);
    assert.equal(notPcap.code, 1);
    assert.match(notPcap.stderr, /x\.pcap is not a pcap or pcapng file: it does not start as one\./);
  });

  it('report on a pcap of HTTP on a captured port: why each end is not ZeroMQ, and no pitfall', async () => {
    const file = path.join(temp.dir, 'http.pcap');
    const http = new Conversation().handshake().send(0, bytes('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).send(1, bytes('HTTP/1.1 200 OK\r\n\r\n')).close();
    writeFileSync(file, pcap(http.packets));
    const result = await runCli(['report', file, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).diagnoses, []);
    assert.match(result.stderr, /^Warning: 127\.0\.0\.1:40000: .*not ZeroMQ: the stream starts with "GET \/ HTTP/m);
    assert.match(result.stderr, /^Warning: 127\.0\.0\.1:5555: .*not ZeroMQ: the stream starts with "HTTP\/1\.1 200 OK/m);
  });
});
