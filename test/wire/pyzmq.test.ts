// pyzmq peers on ports of their own, captured by dumpcap (pcapng) and tcpdump (pcap): frame sizes
// from 0 bytes to several MiB, multipart, IPv6, and the NULL, PLAIN and CURVE mechanisms.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CollectedEvent } from '../../src/shared/telemetry';
import { decodeCapture } from '../../src/shared/wire';
import { tempDir } from '../helpers/cli';
import { PYTHON } from '../helpers/python';
import { captureFile } from './capturing';

// A PULL binds a free port, a PUSH connects and sends the messages, the PULL prints each message's
// frame sizes. PLAIN and CURVE set up both sides; CURVE keys are made by pyzmq.
const PEERS = `
import sys, zmq
host, mechanism = sys.argv[1], sys.argv[2]
ctx = zmq.Context()
pull, push = ctx.socket(zmq.PULL), ctx.socket(zmq.PUSH)
for s in (pull, push):
    s.ipv6 = True
    s.linger = 2000
if mechanism == 'PLAIN':
    # Without a ZAP handler a PLAIN server never completes the handshake: pyzmq's authenticator is one.
    from zmq.auth.thread import ThreadAuthenticator
    auth = ThreadAuthenticator(ctx)
    auth.start()
    auth.configure_plain(domain='*', passwords={'alice': 's3cret'})
    pull.plain_server = True
    push.plain_username, push.plain_password = b'alice', b's3cret'
elif mechanism == 'CURVE':
    public, secret = zmq.curve_keypair()
    pull.curve_server, pull.curve_secretkey = True, secret
    push.curve_serverkey = public
    push.curve_publickey, push.curve_secretkey = zmq.curve_keypair()
port = pull.bind_to_random_port('tcp://' + host)
print(port, flush=True)
sys.stdin.readline()
push.connect('tcp://%s:%d' % (host, port))
messages = [[b''], [b'a'], [b'b' * 255], [b'c' * 256], [b'd' * 70000], [b'e' * (3 << 20)], [b'x', b'', b'yz']]
for m in messages:
    push.send_multipart(m)
for m in messages:
    print(' '.join(str(len(f)) for f in pull.recv_multipart()), flush=True)
if mechanism == 'PLAIN':
    auth.stop()
`;

async function run(host: string, mechanism: string, tool: 'tcpdump' | 'dumpcap', file: string): Promise<{ printed: string[]; events: CollectedEvent[] }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(PYTHON, ['-c', PEERS, host, mechanism], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines: string[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const port = Number(lines[0]);
  const capture = await captureFile(tool, [port], file);
  child.stdin.write('\n');
  const code = await new Promise((resolve) => child.once('close', resolve));
  await capture.stop();
  if (code !== 0) throw new Error(`the pyzmq peers exited ${code}: ${stderr}`);
  return { printed: lines.slice(1), events: decodeCapture(readFileSync(file)).events };
}

const SIZES = ['0', '1', '255', '256', '70000', String(3 << 20), '1 0 2'];

describe('wire: pyzmq peers', function () {
  this.timeout(60000);
  const temp = tempDir();
  after(() => temp.remove());

  it('every frame size and a multipart message, over IPv6, in a dumpcap pcapng', async () => {
    const file = path.join(temp.dir, 'v6.pcapng');
    const { printed, events } = await run('::1', 'NULL', 'dumpcap', file);
    assert.deepEqual(printed, SIZES);
    const received = events.filter((e) => e.event === 'received') as Extract<CollectedEvent, { event: 'received' }>[];
    assert.deepEqual(received.map((e) => e.frames.map((f) => f.size).join(' ')), SIZES);
    assert.deepEqual(received[6].frames.map((f) => f.text), ['x', '', 'yz']);
    assert.match(received[0].source, /^\[::1\]:\d+$/);
    assert.equal(readFileSync(file).readUInt32BE(0), 0x0a0d0d0a, 'dumpcap wrote pcapng');
  });

  it('PLAIN: the messages, and the password nowhere', async () => {
    const file = path.join(temp.dir, 'plain.pcap');
    const { printed, events } = await run('127.0.0.1', 'PLAIN', 'tcpdump', file);
    assert.deepEqual(printed, SIZES);
    assert.equal(events.filter((e) => e.event === 'received').length, SIZES.length);
    assert.ok(!JSON.stringify(events).includes('s3cret'));
    assert.ok(readFileSync(file).includes('s3cret'), 'the password is on the wire, so the test can fail');
  });

  it('CURVE: each message counted, encrypted, with its size', async () => {
    const file = path.join(temp.dir, 'curve.pcap');
    const { printed, events } = await run('127.0.0.1', 'CURVE', 'tcpdump', file);
    assert.deepEqual(printed, SIZES);
    // A multipart message is one MESSAGE command per frame under CURVE.
    const received = events.filter((e) => e.event === 'received') as Extract<CollectedEvent, { event: 'received' }>[];
    assert.equal(received.length, SIZES.join(' ').split(' ').length);
    assert.ok(received.every((e) => e.frames[0].text === 'encrypted'));
    assert.ok(received[5].frames[0].size > 3 << 20);
    const report = JSON.parse(execFileSync(process.execPath, [path.resolve(__dirname, '../../../dist/cli.js'), 'report', file, '--json'], { encoding: 'utf8' }));
    // Under CURVE the socket types are encrypted too: the two ends are sources without a role.
    assert.equal(report.sources.length, 2);
  });
});
