import { strict as assert } from 'node:assert';
import { RingBuffer } from '../../src/shared/ring-buffer';

describe('ring buffer', () => {
  it('keeps the newest items, oldest first, and counts the evicted', () => {
    const ring = new RingBuffer<number>(3);
    for (let n = 1; n <= 7; n++) ring.push(n);
    assert.deepEqual(ring.toArray(), [5, 6, 7]);
    assert.equal(ring.size, 3);
    assert.equal(ring.evicted, 4);
  });

  it('holds fewer items than its capacity as they come', () => {
    const ring = new RingBuffer<string>(5);
    ring.push('a');
    ring.push('b');
    assert.deepEqual(ring.toArray(), ['a', 'b']);
    ring.clear();
    assert.deepEqual([ring.toArray(), ring.evicted], [[], 0]);
  });

  it('refuses a capacity that is not a positive whole number', () => {
    assert.throws(() => new RingBuffer(0), RangeError);
    assert.throws(() => new RingBuffer(1.5), RangeError);
  });
});
