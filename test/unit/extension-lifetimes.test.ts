// The extension's two small helpers that need no VS Code: the disposal base and the coalesced
// redraws of the Sessions view.
import { strict as assert } from 'node:assert';
import { Coalesced } from '../../src/extension/coalesce';
import { Disposable, disposeAll } from '../../src/extension/dispose';

class Owner extends Disposable {
  own(name: string, log: string[]): void {
    this._register({ dispose: () => log.push(name) });
  }
}

describe('the extension\'s disposal base', () => {
  it('disposes what it owns once, the last registered first, and at once what comes after', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.own('a', log);
    owner.own('b', log);
    owner.dispose();
    owner.dispose();
    assert.deepEqual(log, ['b', 'a']);
    owner.own('late', log);
    assert.deepEqual(log, ['b', 'a', 'late']);
  });

  it('disposes every one even when one throws, then throws the first error', () => {
    const log: string[] = [];
    const boom = { dispose: () => { throw new Error('boom'); } };
    assert.throws(() => disposeAll([boom, { dispose: () => log.push('after') }]), /boom/);
    assert.deepEqual(log, ['after']);
  });
});

describe('coalesced redraws', () => {
  it('redraws each element at most once per period, and forgets what was redrawn anyway', async () => {
    const flushed: string[][] = [];
    const coalesced = new Coalesced<string>(30, (items) => flushed.push(items));
    for (let tick = 0; tick < 5; tick++) coalesced.add('role');
    coalesced.add('capture');
    coalesced.add('other');
    coalesced.drop('other');
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.deepEqual(flushed, [['role', 'capture']]);
    coalesced.add('role');
    coalesced.dispose();
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(flushed.length, 1, 'nothing after dispose');
  });
});
