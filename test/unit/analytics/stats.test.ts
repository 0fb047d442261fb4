import { strict as assert } from 'node:assert';
import { Distribution, percentile, RESERVOIR_SIZE } from '../../../src/shared/analytics/stats';
import { endpointKey } from '../../../src/shared/analytics';

describe('analytics: statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.deepEqual([50, 90, 95, 99, 100, 1].map((p) => percentile(sorted, p)), [5, 9, 10, 10, 10, 1]);
    assert.equal(percentile([7], 50), 7);
  });

  it('bins values into the fixed log-spaced bins, the edges inclusive below', () => {
    const d = new Distribution();
    for (const v of [0, 0.05, 0.1, 0.99, 1, 1999.9, 2000, 50000, 1e9]) d.add(v);
    const counts = Object.fromEntries(d.histogram().filter((b) => b.count).map((b) => [`${b.fromMs}-${b.toMs}`, b.count]));
    assert.deepEqual(counts, { '0-0.1': 2, '0.1-0.2': 1, '0.5-1': 1, '1-2': 1, '1000-2000': 1, '2000-5000': 1, '50000-null': 2 });
  });

  it('keeps count, min, mean and max exact beyond the reservoir, and estimates percentiles from it', () => {
    const d = new Distribution();
    const n = RESERVOIR_SIZE * 10;
    for (let i = 0; i < n; i++) d.add(((i * 7919) % n) + 1); // 1..n, shuffled (7919 is prime to n)
    const s = d.summary()!;
    assert.deepEqual([s.count, s.exact, s.minMs, s.maxMs, s.meanMs], [n, false, 1, n, (n + 1) / 2]);
    for (const [p, value] of [[50, s.p50Ms], [95, s.p95Ms], [99, s.p99Ms]]) {
      assert.ok(Math.abs(value - (p / 100) * n) < 0.05 * n, `p${p} = ${value}`);
    }
    assert.equal(d.histogram().reduce((sum, b) => sum + b.count, 0), n);
  });

  it('treats the loopback and all-interfaces forms of a tcp port as one endpoint', () => {
    const keys = ['tcp://localhost:5556', 'tcp://127.0.0.1:5556', 'tcp://*:5556', 'tcp://0.0.0.0:5556'].map(endpointKey);
    assert.deepEqual(new Set(keys).size, 1);
    assert.notEqual(endpointKey('tcp://localhost:5557'), keys[0]);
    assert.notEqual(endpointKey('tcp://example.org:5556'), keys[0]);
    assert.equal(endpointKey('ipc:///tmp/x'), 'ipc:///tmp/x');
  });
});
