import { strict as assert } from 'node:assert';
import { batchStartAfter, NO_LINKS, VentilatorLinks } from '../../src/shared/batch-start';
import { RoleEvent } from '../../src/shared/role-events';

const handshake = (socket: string): RoleEvent => ({ event: 'socket', socket, type: 'handshake', address: 'tcp://127.0.0.1:1' });

/** Whether the batch may start after each event in turn. */
function readiness(events: RoleEvent[], workers: number): boolean[] {
  let links: VentilatorLinks = NO_LINKS;
  return events.map((event) => {
    const start = batchStartAfter(links, event, workers);
    links = start.links;
    return start.ready;
  });
}

describe('when a pipeline batch may start', () => {
  it('only after every worker handshake and the sink connection, in either order', () => {
    assert.deepEqual(readiness([handshake('push'), handshake('sink'), handshake('push')], 2), [false, false, true]);
    assert.deepEqual(readiness([handshake('push'), handshake('push'), handshake('sink')], 2), [false, false, true]);
  });

  it('not on other socket events: connects, retries, or handshakes of other sockets', () => {
    const others: RoleEvent[] = [
      { event: 'socket', socket: 'push', type: 'accept' },
      { event: 'socket', socket: 'sink', type: 'connect' },
      handshake('other'),
      { event: 'waiting', for: 'enter', batch: 1 },
    ];
    assert.deepEqual(readiness([...others, handshake('sink')], 1), [false, false, false, false, false]);
  });

  it('counts the worker handshakes it saw, for the message when they do not all come', () => {
    let links = NO_LINKS;
    for (const event of [handshake('push'), handshake('push'), handshake('sink')]) links = batchStartAfter(links, event, 3).links;
    assert.deepEqual(links, { workers: 2, sink: true });
    assert.equal(batchStartAfter(links, handshake('push'), 3).ready, true);
  });
});
