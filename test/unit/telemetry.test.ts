import { strict as assert } from 'node:assert';
import { collected, isCollectedEvent, parseBatch } from '../../src/shared/telemetry';

describe('telemetry batches', () => {
  it('accepts only versioned batches', () => {
    // Version 1 carried the token inside the batch; from 2 on it is a frame of its own.
    assert.equal(parseBatch('{"v":1,"source":"a","dropped":0,"events":[]}'), undefined);
    assert.equal(parseBatch('{"v":3,"source":"a","dropped":0,"events":[]}'), undefined);
    assert.equal(parseBatch('nonsense'), undefined);
    assert.deepEqual(parseBatch('{"v":2,"source":"a","dropped":0,"events":[]}'), { v: 2, source: 'a', dropped: 0, events: [] });
  });

  it('keeps the well-formed events of a batch, each with its source', () => {
    const batch = parseBatch(JSON.stringify({
      v: 2, source: 'sink-1', dropped: 0,
      events: [
        { event: 'batch-done', batch: 1, results: 100, elapsedMs: 1702, t: 5 },
        { event: 'batch-done', batch: 1, results: '100', elapsedMs: 1702, t: 6 },
        { event: 'ready', role: 'sink', t: 7 },
        { event: 'done', reason: 'finished', t: 8 },
      ],
    }))!;
    assert.deepEqual(collected(batch).map((event) => [event.event, event.t, event.source]), [['batch-done', 5, 'sink-1'], ['done', 8, 'sink-1']]);
  });

  it('needs a kind, a source and a time on every event', () => {
    assert.equal(isCollectedEvent({ event: 'done', source: 's', t: 1 }), true);
    assert.equal(isCollectedEvent({ event: 'done', source: 's' }), false);
    assert.equal(isCollectedEvent({ event: 'done', t: 1 }), false);
    assert.equal(isCollectedEvent(null), false);
  });
});
