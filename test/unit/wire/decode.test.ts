import { strict as assert } from 'node:assert';
import { Analytics, CollectedEvent } from '../../../src/shared/analytics';
import { CaptureError } from '../../../src/shared/telemetry';
import { decodeCapture, parseAnyCapture } from '../../../src/shared/wire';
import { bytes, command, Conversation, frame, greeting, message, packet, pcap, pcapng, ready, reqRep } from './craft';

const texts = (events: CollectedEvent[], kind: 'sent' | 'received') =>
  events.filter((e) => e.event === kind).map((e) => `${e.source} ${(e as { socket: string }).socket} ${(e as { frames: { text?: string }[] }).frames.map((f) => f.text ?? '?').join('|')}`);
const warnings = (events: CollectedEvent[]) => events.filter((e) => e.event === 'warning').map((e) => (e as { message: string }).message);

const EXPECTED_REQREP = [
  '127.0.0.1:40000 req Hello',
  '127.0.0.1:5555 rep World',
  '127.0.0.1:40000 req Hello',
  '127.0.0.1:5555 rep World',
  '127.0.0.1:40000 req Hello',
  '127.0.0.1:5555 rep World',
];

function roundTrips(events: CollectedEvent[]): number[] {
  const analytics = new Analytics();
  events.forEach((e) => analytics.add(e));
  const [client] = analytics.report(Math.max(...events.map((e) => e.t))).reqrep.clients;
  return [client.pairs, client.roundTrip?.p50Ms ?? NaN];
}

describe('wire: decoding crafted captures', () => {
  it('gives REQ/REP messages without their delimiter, with wire times that pair into round trips', () => {
    const { events, stats } = decodeCapture(pcap(reqRep().packets));
    assert.deepEqual(texts(events, 'sent'), EXPECTED_REQREP);
    assert.equal(texts(events, 'received').length, 6);
    assert.equal(stats.messages, 6);
    assert.deepEqual(roundTrips(events), [3, 1000]);
    const types = events.filter((e) => e.event === 'socket').map((e) => `${e.source} ${(e as { type: string }).type}`);
    assert.deepEqual(types.slice(0, 4).sort(), ['127.0.0.1:40000 connect', '127.0.0.1:40000 handshake', '127.0.0.1:5555 accept', '127.0.0.1:5555 handshake']);
  });

  for (const [name, file] of [
    ['pcap big-endian, ns', () => pcap(reqRep().packets, { little: false, nano: true })],
    ['pcapng little-endian', () => pcapng(reqRep().packets)],
    ['pcapng big-endian', () => pcapng(reqRep().packets, { little: false })],
  ] as const) {
    it(`reads ${name} with the same messages and times`, () => {
      const { events } = decodeCapture(file());
      assert.deepEqual(texts(events, 'sent'), EXPECTED_REQREP);
      assert.deepEqual(roundTrips(events), [3, 1000]);
    });
  }

  it('reads pcapng with several interfaces of different link types', () => {
    const a = reqRep(2).packets.map((p) => ({ ...p, iface: 0 }));
    // The second conversation on a raw-IP interface: its frames without the 14-byte Ethernet header.
    const b = reqRep(1, 1000, new Conversation({ host: '10.0.0.1', port: 40001 }, { host: '10.0.0.2', port: 6000 })).packets.map((p) => ({ ...p, data: p.data.subarray(14), iface: 1 }));
    const { events } = decodeCapture(pcapng([...a, ...b].sort((x, y) => x.t - y.t), { linkTypes: [1, 101] }));
    assert.equal(texts(events, 'sent').length, 6);
    assert.ok(texts(events, 'sent').includes('10.0.0.2:6000 rep World'));
  });

  it('reassembles out-of-order, retransmitted and overlapping segments', () => {
    const c = new Conversation().handshake().send(0, greeting()).send(1, greeting('NULL', true)).send(0, ready({ 'Socket-Type': 'PUSH' })).send(1, ready({ 'Socket-Type': 'PULL' }));
    const tasks = bytes(...['1', '22', '333', '4444'].map((text) => frame(text)));
    const start = c.packets.length;
    c.send(0, tasks);
    const whole = c.packets.pop()!;
    // The same bytes cut in three overlapping pieces, captured last piece first, then the first twice.
    const cut = (from: number, to: number) => ({ t: whole.t, data: resend(whole.data, from, to) });
    c.packets.push(cut(8, tasks.length), cut(0, 5), cut(3, 10), cut(0, 5));
    const { events } = decodeCapture(pcap(c.close().packets));
    assert.equal(start, 6);
    assert.deepEqual(texts(events, 'received'), ['127.0.0.1:5555 pull 1', '127.0.0.1:5555 pull 22', '127.0.0.1:5555 pull 333', '127.0.0.1:5555 pull 4444']);
  });

  it('skips bytes cut by snaplen inside a frame, and keeps decoding', () => {
    const c = new Conversation().handshake().send(0, greeting()).send(1, greeting('NULL', true)).send(0, ready({ 'Socket-Type': 'PUSH' })).send(1, ready({ 'Socket-Type': 'PULL' }));
    c.send(0, frame('x'.repeat(60000)));
    const big = c.packets[c.packets.length - 1];
    c.packets[c.packets.length - 1] = { t: big.t, data: big.data.subarray(0, 200), original: big.data.length };
    c.send(0, message('after'));
    const { events } = decodeCapture(pcap(c.close().packets));
    const received = events.filter((e) => e.event === 'received') as { frames: { size: number; truncated?: boolean; text?: string }[] }[];
    assert.equal(received.length, 2);
    assert.equal(received[0].frames[0].size, 60000);
    assert.equal(received[0].frames[0].truncated, true);
    assert.ok(received[0].frames[0].text!.startsWith('xxx'));
    assert.equal(received[1].frames[0].text, 'after');
  });

  it('resynchronises on the next segment of whole frames after a lost frame header, and says so', () => {
    const c = reqRep(3);
    // Drop the first request (client -> server): its frame headers are lost with it.
    const index = c.packets.findIndex((p) => Buffer.from(p.data).includes('Hello'));
    c.packets.splice(index, 1);
    const { events } = decodeCapture(pcap(c.packets));
    assert.deepEqual(texts(events, 'sent').filter((t) => t.includes('req')), ['127.0.0.1:40000 req Hello', '127.0.0.1:40000 req Hello']);
    assert.equal(warnings(events).filter((w) => /bytes were not decoded/.test(w)).length, 1);
  });

  it('decodes a connection captured mid-way, without its handshake', () => {
    const c = reqRep(3);
    const firstHello = c.packets.findIndex((p) => Buffer.from(p.data).includes('Hello'));
    const { events } = decodeCapture(pcap(c.packets.slice(firstHello)));
    assert.equal(events.filter((e) => e.event === 'sent').length, 6);
    assert.ok(warnings(events).some((w) => /mid-connection/.test(w)));
  });

  it('names a stream that is not ZeroMQ (HTTP), with its first bytes', () => {
    const c = new Conversation().handshake().send(0, bytes('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).send(1, bytes('HTTP/1.1 200 OK\r\n\r\n')).close();
    const { events } = decodeCapture(pcap(c.packets));
    assert.equal(events.filter((e) => e.event === 'sent').length, 0);
    assert.ok(warnings(events).some((w) => w.includes('not ZeroMQ: the stream starts with "GET / HTTP/1.1..Host: x."')), warnings(events).join('\n'));
  });

  it('says when the file is not a capture, cut, or corrupt, keeping what came before', () => {
    assert.match(decodeCapture(bytes('hello world, not a capture')).error!, /not a pcap or pcapng capture/);
    const file = pcap(reqRep().packets);
    const cut = decodeCapture(file.subarray(0, file.length - 10));
    assert.match(cut.error!, /truncated/);
    assert.equal(texts(cut.events, 'sent').length, 6);
    const corrupt = file.slice();
    new DataView(corrupt.buffer).setUint32(24 + 8, 0x7fffffff, true); // the first record's length
    assert.match(decodeCapture(corrupt).error!, /corrupt at byte 24/);
    const ng = pcapng(reqRep().packets);
    new DataView(ng.buffer).setUint32(ng.length - 4, 12345, true); // the last block's trailing length
    assert.match(decodeCapture(ng).error!, /two lengths differ/);
  });

  it('takes subscriptions as 3.1 commands and as 3.0 messages, and messages both ways over IPv6', () => {
    for (const [minor, subscribe] of [[1, command('SUBSCRIBE', '10001')], [0, frame(bytes([1], '10001'))]] as const) {
      const c = new Conversation({ host: '::1', port: 40000 }, { host: '::1', port: 5556 }).handshake();
      c.send(0, greeting('NULL', false, minor)).send(1, greeting('NULL', true, minor)).send(0, ready({ 'Socket-Type': 'SUB' })).send(1, ready({ 'Socket-Type': 'PUB' }));
      c.send(0, subscribe).send(1, message('10001 20 30')).close();
      const { events } = decodeCapture(pcap(c.packets));
      const subscribed = events.find((e) => e.event === 'subscribed') as { source: string; filters: string[] };
      assert.deepEqual([subscribed.source, subscribed.filters], ['[::1]:40000', ['10001']], `ZMTP 3.${minor}`);
      assert.deepEqual(texts(events, 'received'), ['[::1]:40000 sub 10001 20 30']);
      const ready_ = events.find((e) => e.event === 'ready' && e.source === '[::1]:40000') as { connected: string[] };
      assert.deepEqual(ready_.connected, ['tcp://[::1]:5556']);
    }
  });

  it('shows a PLAIN user name but never the password, and CURVE messages as encrypted with their size', () => {
    const plain = new Conversation().handshake().send(0, greeting('PLAIN')).send(1, greeting('PLAIN', true));
    plain.send(0, command('HELLO', bytes([5], 'alice', [6], 's3cret'))).send(1, command('WELCOME')).send(0, command('INITIATE')).send(1, ready({ 'Socket-Type': 'REP' })).close();
    const { events } = decodeCapture(pcap(plain.packets));
    assert.ok(!JSON.stringify(events).includes('s3cret'));
    const curve = new Conversation().handshake().send(0, greeting('CURVE')).send(1, greeting('CURVE', true));
    curve.send(0, command('HELLO', new Uint8Array(194))).send(1, command('WELCOME', new Uint8Array(160))).send(0, command('INITIATE', new Uint8Array(200))).send(1, command('READY', new Uint8Array(30)));
    curve.send(0, command('MESSAGE', new Uint8Array(40))).close();
    const curveEvents = decodeCapture(pcap(curve.packets)).events;
    const sent = curveEvents.find((e) => e.event === 'sent') as { frames: { size: number; text: string }[] };
    // The MESSAGE command's size: its name (1 + 7 bytes) and the 40 encrypted bytes.
    assert.deepEqual(sent.frames, [{ size: 48, text: 'encrypted' }]);
  });

  it('counts heartbeats where they arrive, and says a refused handshake with its reason', () => {
    const c = new Conversation().handshake().send(0, greeting('PLAIN')).send(1, greeting('PLAIN', true));
    c.send(0, command('HELLO', bytes([3], 'bob', [5], 'wrong'))).send(1, command('ERROR', bytes([20], 'Invalid credentials.'))).close();
    const refused = decodeCapture(pcap(c.packets)).events;
    const types = (events: CollectedEvent[], source: string) => events.filter((e) => e.event === 'socket' && e.source === source).map((e) => (e as { type: string }).type);
    assert.ok(types(refused, '127.0.0.1:40000').includes('handshake:error:auth'));
    assert.ok(warnings(refused).some((w) => w.includes('refused the handshake: Invalid credentials.')));
    const h = new Conversation().handshake().send(0, greeting()).send(1, greeting('NULL', true)).send(0, ready({ 'Socket-Type': 'DEALER' })).send(1, ready({ 'Socket-Type': 'ROUTER' }));
    h.send(0, command('PING', bytes([0, 30]))).send(1, command('PONG')).send(0, command('PING', bytes([0, 30]))).close();
    assert.deepEqual(types(decodeCapture(pcap(h.packets)).events, '127.0.0.1:5555').filter((t) => t === 'heartbeat'), ['heartbeat', 'heartbeat']);
  });

  it('decodes long frames and multipart messages', () => {
    const c = new Conversation().handshake().send(0, greeting()).send(1, greeting('NULL', true)).send(0, ready({ 'Socket-Type': 'DEALER' })).send(1, ready({ 'Socket-Type': 'ROUTER' }));
    const parts = ['', 'a', 'b'.repeat(255), 'c'.repeat(256), 'd'.repeat(70000)];
    c.sendSegments(0, message(...parts)).close();
    const { events } = decodeCapture(pcap(c.packets));
    const sent = events.find((e) => e.event === 'sent') as { frames: { size: number }[] };
    assert.deepEqual(sent.frames.map((f) => f.size), [0, 1, 255, 256, 70000]);
  });

  it('recognises ZMTP 2.0 and 1.0 peers and reads their messages', () => {
    const v2 = (type: number) => bytes([0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 1, type, 0, 0]);
    const c2 = new Conversation().handshake().send(0, v2(8)).send(1, v2(7)).send(0, bytes([0, 3], 'abc')).close();
    const e2 = decodeCapture(pcap(c2.packets)).events;
    assert.deepEqual(texts(e2, 'received'), ['127.0.0.1:5555 pull abc']);
    const c1 = new Conversation().handshake().send(0, bytes([1, 0])).send(1, bytes([1, 0])).send(0, bytes([4, 0], 'xyz')).close();
    const e1 = decodeCapture(pcap(c1.packets)).events;
    assert.deepEqual(texts(e1, 'sent'), ['127.0.0.1:40000 tcp xyz']);
  });
});

/** The same TCP segment carrying only payload bytes [from, to) of the original. */
function resend(data: Uint8Array, from: number, to: number): Uint8Array {
  const ipStart = 14;
  const tcpStart = ipStart + 20;
  const payload = data.subarray(tcpStart + 20);
  const seq = new DataView(data.buffer, data.byteOffset).getUint32(tcpStart + 4);
  const src = [...data.subarray(ipStart + 12, ipStart + 16)].join('.');
  const dst = [...data.subarray(ipStart + 16, ipStart + 20)].join('.');
  const view = new DataView(data.buffer, data.byteOffset);
  return packet({ src, dst, sport: view.getUint16(tcpStart), dport: view.getUint16(tcpStart + 2), seq: seq + from, payload: payload.subarray(from, to) });
}

describe('wire: importing a capture of either kind', () => {
  it('takes JSON Lines and pcap alike, and says what is wrong with anything else', () => {
    const fromPcap = parseAnyCapture(pcap(reqRep().packets));
    assert.equal(fromPcap.filter((e) => e.event === 'sent').length, 6);
    const jsonl = new TextEncoder().encode(fromPcap.map((e) => JSON.stringify(e)).join('\n'));
    assert.deepEqual(parseAnyCapture(jsonl), fromPcap);
    assert.throws(() => parseAnyCapture(bytes('not a capture')), CaptureError);
    const http = new Conversation().handshake().send(0, bytes('GET / HTTP/1.1\r\n\r\n')).close();
    assert.throws(() => parseAnyCapture(pcap(http.packets)), /no ZeroMQ traffic/);
  });
});
