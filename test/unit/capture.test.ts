// The capture's bounded buffer across capacity changes: what it let go stays counted.
import { strict as assert } from 'node:assert';
import { Capture } from '../../src/collector/capture';
import { CollectedEvent } from '../../src/shared/telemetry';

const sent = (seq: number): CollectedEvent => ({ event: 'sent', socket: 'push', seq, frames: [{ size: 1, text: 'x' }], source: 'ventilator', t: seq });

describe('capture', () => {
  it('keeps counting the evicted events across a resize, and counts those a smaller buffer lets go', () => {
    const capture = Capture.of(Array.from({ length: 10 }, (_, n) => sent(n + 1)), 5);
    assert.equal(capture.lost.evicted, 5);
    capture.resize(8);
    assert.deepEqual([capture.lost.evicted, capture.size, capture.messages], [5, 5, 5], 'a larger buffer keeps all it had');
    capture.resize(3);
    assert.deepEqual([capture.lost.evicted, capture.size, capture.messages], [7, 3, 3], 'a smaller one lets the two oldest go');
    assert.deepEqual(capture.kept().events.map((event) => event.event === 'sent' && event.seq), [8, 9, 10]);
    capture.add([sent(11)]);
    assert.equal(capture.lost.evicted, 8);
    capture.clear();
    assert.equal(capture.lost.evicted, 0, 'a clear starts the count again');
  });
});
