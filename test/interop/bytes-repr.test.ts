import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { pythonBytesRepr } from '../../src/shared/format';
import { PYTHON } from '../helpers/python';

describe('output compared with Python itself', () => {
  it('prints bytes exactly as Python 3 repr() does', () => {
    const samples = [Buffer.from('Hello'), Buffer.from(`'"`), Buffer.from("it's"), Buffer.alloc(0), ...Array.from({ length: 200 }, (_, n) => randomBytes(n % 40))];
    const script = 'import sys\nfor h in sys.argv[1:]: print(repr(bytes.fromhex(h)))';
    const hex = samples.map((sample) => sample.toString('hex'));
    const expected = execFileSync(PYTHON, ['-c', script, ...hex], { encoding: 'utf8' }).split('\n').slice(0, samples.length);
    assert.deepEqual(samples.map(pythonBytesRepr), expected);
  });
});
