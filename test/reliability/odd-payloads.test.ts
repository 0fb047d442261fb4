// Odd payloads through real sockets from a zeromq.js peer in this process: empty frames, a
// 100-frame multipart, a 16 MiB message, invalid UTF-8, NUL bytes, HTML and script, ANSI escapes.
// A subscriber, a worker and the inspection proxy take them: previews are bounded (256 bytes) and
// carry text as data, human output has no raw control characters, the proxy forwards every byte,
// the collector and analytics take it all, and nothing crashes.
import { strict as assert } from 'node:assert';
import * as zmq from 'zeromq';
import { ChildRole } from '../../src/roles/child';
import { formatReport } from '../../src/shared/analytics';
import { FramePreview } from '../../src/shared/role-events';
import { CLI } from '../helpers/cli';
import { FaultRoles, Recording, sleep, waitFor } from './helpers/roles';

const MiB = 1024 * 1024;
const PAYLOADS: [string, Buffer[]][] = [
  ['empty frame', [Buffer.alloc(0)]],
  ['empty frames around one', [Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(0)]],
  ['100 frames', Array.from({ length: 100 }, (_, i) => Buffer.from(`frame ${i}`))],
  ['16 MiB', [Buffer.alloc(16 * MiB, 'A')]],
  ['invalid UTF-8', [Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80])]],
  ['NUL bytes', [Buffer.from('nul\0in\0the\0middle')]],
  ['HTML and script', [Buffer.from('<script>alert(1)</script><img src=x onerror="alert(2)">&amp;')]],
  ['ANSI escapes', [Buffer.from('\x1b[2J\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x1b]52;c;SGVsbG8=\x07')]],
  ['a character cut by the preview', [Buffer.from('é'.repeat(200))]],
];

/** What a preview must be: the frame's size, at most 256 bytes of it, as text when UTF-8 else hex. */
function checkPreview(preview: FramePreview, frame: Buffer, what: string): void {
  assert.equal(preview.size, frame.length, what);
  assert.equal(preview.truncated === true, frame.length > 256, what);
  if (preview.text !== undefined) {
    assert.ok(Buffer.byteLength(preview.text) <= 256, what);
    assert.ok(frame.subarray(0, 256).toString('utf8').startsWith(preview.text), `${what}: text is the frame's start`);
    assert.ok(!preview.text.includes('\ufffd'), `${what}: no replacement character`);
  } else {
    assert.equal(preview.hex, frame.subarray(0, 256).toString('hex'), what);
  }
}

describe('odd payloads', function () {
  this.timeout(30000);
  const roles = new FaultRoles();
  const sockets: zmq.Socket[] = [];
  let recording: Recording | undefined;
  let plain: ChildRole | undefined;
  const open = <T extends zmq.Socket>(socket: T): T => {
    socket.linger = 0;
    sockets.push(socket);
    return socket;
  };
  afterEach(async () => {
    await plain?.stop();
    plain = undefined;
    await roles.stopAll();
    for (const socket of sockets.splice(0)) socket.close();
    recording?.dispose();
  });

  it('a subscriber: bounded previews, escaped output, the collector and analytics intact', async () => {
    recording = await Recording.start();
    const pub = open(new zmq.Publisher({ sendHighWaterMark: 0 }));
    await pub.bind('tcp://127.0.0.1:*');
    // Human output (no --json), to see what reaches a terminal; the events go to the collector.
    let stdout = '';
    plain = new ChildRole(process.execPath, [CLI, 'sub', '--connect', pub.lastEndpoint!, '--filter', '', '--count', '0', '--inspect', recording.endpoint, '--inspect-id', 'sub', '--sample-above', '0'], {
      onOutput: (text, stream) => {
        if (stream === 'stdout') stdout += text;
      },
    });
    // Past the slow joiner: pings until one arrives.
    for (let i = 0; !stdout.includes('Received: ping'); i++) {
      if (i > 200) throw new Error(`the subscriber did not join: ${stdout}`);
      await pub.send('ping');
      await sleep(20);
    }
    for (const [, frames] of PAYLOADS) await pub.send(frames);
    await pub.send('end');
    await waitFor(() => stdout.includes('Received: end'), 10000, () => 'the last message');
    assert.ok(plain.running, 'the subscriber still runs');

    // Telemetry goes out in batches: the last message's event may still be on its way.
    const receivedBy = () => recording!.capture.kept().events.filter((e) => e.source === 'sub' && e.event === 'received') as unknown as { frames: FramePreview[] }[];
    await waitFor(() => receivedBy().at(-1)?.frames[0].text === 'end', 5000, () => 'the last message in the capture');
    const received = receivedBy();
    const odd = received.slice(received.findIndex((e) => e.frames[0].text !== 'ping'), -1);
    assert.equal(odd.length, PAYLOADS.length, 'one event per message');
    odd.forEach((event, i) => {
      const [what, frames] = PAYLOADS[i];
      assert.equal(event.frames.length, frames.length, what);
      event.frames.forEach((preview, j) => checkPreview(preview, frames[j], `${what}, frame ${j}`));
    });
    assert.deepEqual(odd[4].frames[0], { size: 5, hex: 'fffec32880' });
    assert.equal(odd[5].frames[0].text, 'nul\0in\0the\0middle', 'NUL bytes kept, as data');
    assert.equal(odd[8].frames[0].text, 'é'.repeat(128), 'cut before a split character');

    // The terminal sees no raw escape, NUL or bell, and no 16 MiB line.
    assert.doesNotMatch(stdout, /[\x00-\x08\x0b-\x1f\x7f]/, 'no control character but newlines');
    assert.ok(stdout.length < 20000, `output ${stdout.length} characters`);
    assert.match(stdout, /^Received: \\x1b\[2J\\x1b\[31mred\\x1b\[0m \\x1b\]0;owned\\x07 \\x1b\]52;c;SGVsbG8=\\x07$/m);
    assert.match(stdout, /^Received: nul\\x00in\\x00the\\x00middle$/m);
    assert.match(stdout, /^Received: A{256}… \(16776960 more characters\)$/m);
    assert.match(stdout, /^Received: frame 0 frame 1 frame 2 .* frame… \(633 more characters\)$/m, 'the frames joined, bounded');

    const report = recording.report();
    assert.equal(recording.collector.rejectedCount, 0);
    assert.ok(formatReport(report).includes('sub'));
    const json = JSON.stringify(recording.capture.kept().events);
    assert.ok(!json.includes('\x1b') && !json.includes('\0'), 'JSON Lines export carries them escaped');
    assert.ok(json.length < 2 * MiB, `the capture holds previews, not payloads: ${json.length} characters`);
    assert.deepEqual(JSON.parse(recording.capture.toJsonLines().split('\n').find((line) => line.includes('nul'))!).frames[0].text, 'nul\0in\0the\0middle');
  });

  it('a worker warns about each odd task, escaped, and still does the next good one', async () => {
    const tasks = open(new zmq.Push({ sendHighWaterMark: 0 }));
    await tasks.bind('tcp://127.0.0.1:*');
    const results = open(new zmq.Pull());
    await results.bind('tcp://127.0.0.1:*');
    const worker = roles.start('worker', 'worker', ['--connect', tasks.lastEndpoint!, '--sink', results.lastEndpoint!]);
    await worker.ready;
    let stderr = '';
    worker.child.stderr!.on('data', (chunk) => (stderr += chunk));
    for (const [, frames] of PAYLOADS) await tasks.send(frames);
    await tasks.send('5');
    const [result] = await results.receive();
    assert.equal(result.length, 0, 'the good task\'s result');
    // Its output comes through a pipe, which may trail the result over TCP.
    await worker.until((e) => e.event === 'warning', PAYLOADS.length);
    await waitFor(() => stderr.split('Ignoring task').length > PAYLOADS.length, 5000, () => `the warnings on stderr: ${stderr}`);
    const warnings = worker.of('warning');
    // The 100-frame task starts with "frame 0"; an empty first frame is an empty task.
    assert.equal(warnings.length, PAYLOADS.length);
    assert.ok(warnings.every((w) => /^Ignoring task '.*': a task is a workload in ms, a whole number\.$/.test(w.message)));
    assert.doesNotMatch(stderr, /[\x00-\x08\x0b-\x1f\x7f]/, 'no raw control character on stderr');
    assert.match(stderr, /Ignoring task '\\x1b\[2J\\x1b\[31mred\\x1b\[0m \\x1b\]0;owned\\x07 \\x1b\]52;c;SGVsb… \(4 more characters\)'/);
    assert.match(stderr, /Ignoring task 'A{40}… \(16777176 more characters\)'/);
    assert.equal(worker.child.exitCode, null, 'still running');
  });

  it('the inspection proxy forwards every byte and reports bounded previews', async () => {
    recording = await Recording.start();
    const pull = open(new zmq.Pull({ receiveHighWaterMark: 0 }));
    await pull.bind('tcp://127.0.0.1:*');
    const proxy = roles.start('proxy', 'proxy', ['--pattern', 'pipeline', '--bind', 'tcp://127.0.0.1:*', '--connect', pull.lastEndpoint!, '--sample-above', '0'], { inspect: recording.endpoint });
    const front = (await proxy.ready).bound[0];
    const push = open(new zmq.Push({ sendHighWaterMark: 0 }));
    push.connect(front);
    await proxy.until((e) => e.event === 'socket' && e.socket === 'backend' && e.type === 'handshake');
    for (const [, frames] of PAYLOADS) await push.send(frames);
    for (const [what, frames] of PAYLOADS) {
      const got = await pull.receive();
      assert.equal(got.length, frames.length, what);
      got.forEach((frame, j) => assert.ok(frame.equals(frames[j]), `${what}, frame ${j}: forwarded intact`));
    }
    await proxy.until((e) => e.event === 'proxied', PAYLOADS.length);
    proxy.of('proxied').forEach((event, i) => {
      const [what, frames] = PAYLOADS[i];
      event.frames.forEach((preview, j) => checkPreview(preview, frames[j], `${what}, frame ${j}`));
    });
    await recording.until((e) => e.source === 'proxy' && e.event === 'proxied');
    assert.equal(recording.collector.rejectedCount, 0);
    assert.ok(formatReport(recording.report()).includes('proxy'));
  });
});
