import { strict as assert } from 'node:assert';
import { Emitter } from '../../src/shared/emitter';

describe('the emitter for code without vscode', () => {
  it('tells every listener, in the order they came, until each is disposed', () => {
    const emitter = new Emitter<number>();
    const heard: string[] = [];
    const first = emitter.event((n) => heard.push(`a${n}`));
    emitter.event((n) => heard.push(`b${n}`));
    emitter.fire(1);
    first.dispose();
    emitter.fire(2);
    emitter.dispose();
    emitter.fire(3);
    assert.deepEqual(heard, ['a1', 'b1', 'b2']);
  });

  it('with an error handler, a listener that throws is reported with the value and the others still hear it', () => {
    const reported: [string, number][] = [];
    const emitter = new Emitter<number>((error, value) => reported.push([(error as Error).message, value]));
    const heard: number[] = [];
    emitter.event(() => {
      throw new Error('broken listener');
    });
    emitter.event((n) => heard.push(n));
    emitter.fire(7);
    assert.deepEqual(reported, [['broken listener', 7]]);
    assert.deepEqual(heard, [7]);
  });

  it('without one, the error reaches the caller of fire', () => {
    const emitter = new Emitter<void>();
    emitter.event(() => {
      throw new Error('broken listener');
    });
    assert.throws(() => emitter.fire(), /broken listener/);
  });
});
