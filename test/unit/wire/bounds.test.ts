// Whatever the input, the decoder ends quickly, throws nothing but CaptureFileError (said as
// `error`), and keeps its memory bounded.
import { strict as assert } from 'node:assert';
import { decodeCapture } from '../../../src/shared/wire';
import { MAX_CONNECTIONS, MAX_PENDING_BYTES, TcpReassembler } from '../../../src/shared/wire/tcp';
import { segmentOf } from '../../../src/shared/wire/packet';
import { bytes, Conversation, frame, greeting, packet, pcap, pcapng, ready, reqRep } from './craft';

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

describe('wire: bounds and hostile input', () => {
  it('survives random corruption of pcap and pcapng files', () => {
    const next = random(42);
    for (const file of [pcap(reqRep(5).packets), pcapng(reqRep(5).packets, { little: false })]) {
      for (let round = 0; round < 300; round++) {
        const copy = file.slice();
        const flips = 1 + Math.floor(next() * 8);
        for (let i = 0; i < flips; i++) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
        const cut = next() < 0.3 ? copy.subarray(0, Math.floor(next() * copy.length)) : copy;
        const result = decodeCapture(cut); // throws only on a bug
        assert.ok(Array.isArray(result.events));
      }
    }
  });

  it('survives random bytes as a TCP stream', () => {
    const next = random(7);
    for (let round = 0; round < 100; round++) {
      const c = new Conversation().handshake();
      for (let i = 0; i < 5; i++) c.send((i % 2) as 0 | 1, Uint8Array.from({ length: 1 + Math.floor(next() * 300) }, () => Math.floor(next() * 256)));
      decodeCapture(pcap(c.close().packets));
    }
  });

  it('keeps at most MAX_CONNECTIONS connections, dropping the least recently active', () => {
    const closed: string[] = [];
    const tcp = new TcpReassembler({ open: () => undefined, data: () => undefined, gap: () => undefined, close: (_c, reason) => closed.push(reason) });
    for (let i = 0; i < MAX_CONNECTIONS + 50; i++) {
      tcp.add(segmentOf(1, packet({ src: '10.0.0.1', dst: '10.0.0.2', sport: 10000 + i, dport: 5555, seq: 1, flags: { syn: true } }))!, i);
    }
    assert.equal(tcp.size, MAX_CONNECTIONS);
    assert.deepEqual([...new Set(closed)], ['evicted']);
    assert.equal(closed.length, 50);
  });

  it('gives up waiting for a hole past MAX_PENDING_BYTES, says the gap, and goes on', () => {
    const c = new Conversation().handshake().send(0, greeting()).send(1, greeting('NULL', true)).send(0, ready({ 'Socket-Type': 'PUSH' })).send(1, ready({ 'Socket-Type': 'PULL' }));
    // One small message lost, then 5 MiB of 60 kB messages, all within the same millisecond.
    c.send(0, frame('lost'));
    c.packets.pop();
    const big = frame('z'.repeat(60000));
    for (let i = 0; i * big.length < MAX_PENDING_BYTES + (1 << 20); i++) c.send(0, big, 0);
    const { events } = decodeCapture(pcap(c.close().packets));
    const received = events.filter((e) => e.event === 'received').length;
    assert.ok(received > 80, `${received} messages after the hole`);
    assert.ok(events.some((e) => e.event === 'warning' && /bytes were not decoded/.test((e as { message: string }).message)));
  });

  it('skips a hole that a retransmission does not fill within HOLE_WAIT_MS', () => {
    const c = new Conversation().handshake().send(0, greeting()).send(1, greeting('NULL', true)).send(0, ready({ 'Socket-Type': 'PUSH' })).send(1, ready({ 'Socket-Type': 'PULL' }));
    c.send(0, frame('lost'));
    c.packets.pop();
    for (let i = 0; i < 20; i++) c.send(0, frame(`m${i}`), 100);
    const received = decodeCapture(pcap(c.close().packets)).events.filter((e) => e.event === 'received');
    // Held while the hole was young, then each message as it came: not all at the capture's end.
    assert.ok(received.length >= 18, `${received.length}`);
    assert.ok(new Set(received.map((e) => e.t)).size >= 10, 'messages given as they came');
  });

  it('takes a frame that claims a terabyte for what it is: not ZMTP', () => {
    const huge = bytes([2], [0xff, 0, 0, 0, 0, 0, 0, 0], 'x');
    const c = new Conversation().handshake().send(0, greeting()).send(1, greeting('NULL', true)).send(0, huge).close();
    const { events } = decodeCapture(pcap(c.packets));
    assert.ok(events.some((e) => e.event === 'warning' && /claims/.test((e as { message: string }).message)));
  });
});
