import { strict as assert } from 'node:assert';
import { RoleEvent } from '../../src/shared/role-events';
import { collected, isCollectedEvent, parseBatch } from '../../src/shared/telemetry';

/** One event of every kind, with its required fields only (the Record makes the list complete). */
const EXAMPLES: { [K in RoleEvent['event']]: Extract<RoleEvent, { event: K }> } = {
  ready: { event: 'ready', role: 'rep', pid: 1, bound: ['tcp://127.0.0.1:5555'], connected: [] },
  proxied: { event: 'proxied', direction: 'request', peer: 'a', seq: 1, frames: [{ size: 5, text: 'Hello' }] },
  output: { event: 'output', text: 'Received: 1\n' },
  sent: { event: 'sent', socket: 'req', seq: 1, frames: [{ size: 0 }] },
  received: { event: 'received', socket: 'req', seq: 1, frames: [{ size: 5, hex: '00' }] },
  counters: { event: 'counters', sent: { req: 1 }, received: { req: 1 }, sampledOut: 0 },
  subscribed: { event: 'subscribed', socket: 'sub', filters: ['10001'] },
  subscription: { event: 'subscription', socket: 'xpub', subscribe: true, topic: { size: 5, text: '10001' } },
  'batch-start': { event: 'batch-start', batch: 1 },
  socket: { event: 'socket', socket: 'push', type: 'listening' },
  waiting: { event: 'waiting', for: 'enter', batch: 1 },
  'batch-sent': { event: 'batch-sent', batch: 1, tasks: 100, expectedCostMs: 5000 },
  'batch-done': { event: 'batch-done', batch: 1, results: 100, elapsedMs: 1702 },
  average: { event: 'average', filters: ['10001'], updates: 5, temperature: 21 },
  timeout: { event: 'timeout', request: 0, attempt: 1, timeoutMs: 2500 },
  reply: { event: 'reply', request: 0, roundTripMs: 1.5 },
  warning: { event: 'warning', message: 'odd task' },
  error: { event: 'error', message: 'Address in use', exitCode: 1 },
  done: { event: 'done', reason: 'finished' },
  exit: { event: 'exit', code: null, signal: 'SIGKILL' },
};
// Fields nothing reads, which an event may lack; and those it may lack, but not have of another type.
const UNREAD = new Set(['for', 'exitCode']);
const OPTIONAL = new Set(['pid']);

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
    assert.equal(isCollectedEvent({ event: 'done', reason: 'finished', source: 's', t: 1 }), true);
    assert.equal(isCollectedEvent({ event: 'done', reason: 'finished', source: 's' }), false);
    assert.equal(isCollectedEvent({ event: 'done', reason: 'finished', t: 1 }), false);
    assert.equal(isCollectedEvent(null), false);
  });

  it('checks every field the registry and the analytics read, for every kind of event', () => {
    for (const example of Object.values(EXAMPLES)) {
      const event = { ...example, source: 'role-1', t: 1 };
      assert.equal(isCollectedEvent(event), true, `${example.event} as it should be`);
      for (const field of Object.keys(example).filter((name) => name !== 'event' && !UNREAD.has(name))) {
        if (!OPTIONAL.has(field)) assert.equal(isCollectedEvent({ ...event, [field]: undefined }), false, `${example.event} without ${field}`);
        const wrong = typeof (example as Record<string, unknown>)[field] === 'string' ? 42 : 'x';
        assert.equal(isCollectedEvent({ ...event, [field]: wrong }), false, `${example.event} with ${JSON.stringify(wrong)} for ${field}`);
      }
    }
    assert.equal(isCollectedEvent({ ...EXAMPLES.proxied, source: 's', t: 1, frames: [null] }), false, 'a frame that is no preview');
  });
});
