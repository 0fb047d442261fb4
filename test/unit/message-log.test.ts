// Message sampling above --sample-above: a worker alternates a receive and a send; the sample must
// keep both, whatever the stride (one count for both directions kept only one with an even stride).
import { strict as assert } from 'node:assert';
import { MessageLog } from '../../src/roles/message-log';
import { Output } from '../../src/roles/output';
import { RoleEvent } from '../../src/shared/role-events';

class Recorder extends Output {
  readonly events: RoleEvent[] = [];
  constructor() {
    super(false, true);
  }
  override event(event: RoleEvent): void {
    this.events.push(event);
  }
  override get wantsEvents(): boolean {
    return true;
  }
}

describe('message sampling', () => {
  const realNow = performance.now;
  let clock = 0;
  beforeEach(() => {
    clock = 10_000;
    performance.now = () => clock;
  });
  afterEach(() => {
    performance.now = realNow;
  });

  for (const perSecond of [4000, 6000, 9000]) {
    it(`keeps receives and sends alike at ${perSecond} messages a second (stride ${Math.ceil(perSecond / 1000)})`, () => {
      const out = new Recorder();
      const log = new MessageLog(out, true, 1000);
      // Three seconds of a worker's loop: receive a task, send its result.
      for (let i = 0; i < 3 * perSecond; i += 2) {
        clock = 10_000 + (i * 1000) / perSecond;
        log.record('received', 'pull', []);
        log.record('sent', 'push', []);
      }
      log.close();
      const later = out.events.filter((e) => (e.event === 'sent' || e.event === 'received') && e.seq > perSecond / 2);
      const received = later.filter((e) => e.event === 'received').length;
      const sent = later.filter((e) => e.event === 'sent').length;
      assert.ok(received > 0 && sent > 0 && Math.abs(received - sent) <= 1, `after the first second: ${received} received, ${sent} sent`);
      const counters = out.events.filter((e) => e.event === 'counters').at(-1) as Extract<RoleEvent, { event: 'counters' }>;
      assert.deepEqual([counters.sent, counters.received], [{ push: 1.5 * perSecond }, { pull: 1.5 * perSecond }], 'exact counters');
    });
  }
});
