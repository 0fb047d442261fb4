import { strict as assert } from 'node:assert';
import { Analytics, Diagnosis } from '../../../src/shared/analytics';
import { analyse, Source } from './events';

const diagnose = (sources: Source[], now: number, analytics?: Analytics) => analyse(sources.flatMap((s) => s.events), now, analytics).diagnoses;
const of = (found: Diagnosis[], kind: Diagnosis['kind']) => found.filter((d) => d.kind === kind);
const EP = 'tcp://127.0.0.1:6000';
const figure = (d: Diagnosis, name: string) => d.evidence.find((f) => f.name === name)?.value;

function client(): Source {
  return new Source('req').ready(0, 'req', [], [EP]);
}

describe('diagnoses: request-reply', () => {
  const rep = () => new Source('rep').ready(0, 'rep', [EP], []);

  it('stuck-request after 5 s without a reply, not at 5 s, and not once the reply came', () => {
    const req = client().sent(100, 'req', 1, 'Hello');
    assert.deepEqual(of(diagnose([rep(), req], 5100), 'stuck-request'), []);
    const [stuck] = of(diagnose([rep(), req], 5101), 'stuck-request');
    assert.deepEqual([stuck.sources, figure(stuck, 'waited'), figure(stuck, 'server seen leaving')], [['req', 'rep'], 5001, 'no']);
    assert.deepEqual(of(diagnose([rep(), client().sent(100, 'req', 1).received(6000, 'req', 1)], 9000), 'stuck-request'), []);
  });

  it('stuck-request still names a wait that ended with its client, and a server seen leaving', () => {
    const req = client().sent(100, 'req', 1).done(7000, 'signal');
    const [stuck] = of(diagnose([rep().done(3000, 'signal'), req], 9000), 'stuck-request');
    assert.match(stuck.summary, /^req waited, until it ended, 6\.9 s for the reply to request #1; rep was seen leaving \(signal\) 2900 ms after the request\.$/);
    assert.equal(figure(stuck, 'server seen leaving'), 'yes');
  });

  it('stuck-request follows the threshold given to the analytics', () => {
    const req = client().sent(100, 'req', 1);
    assert.equal(of(diagnose([req], 1200, new Analytics({ stuckAfterMs: 1000 })), 'stuck-request').length, 1);
    assert.equal(of(diagnose([client().sent(100, 'req', 1)], 1200), 'stuck-request').length, 0);
  });

  it('req-state: two requests with no reply between, never across a reply, a timeout or a sampled gap', () => {
    const [twice] = of(diagnose([client().sent(100, 'req', 1).sent(150, 'req', 2)], 200), 'req-state');
    assert.deepEqual([twice.severity, figure(twice, 'first request'), figure(twice, 'second request'), figure(twice, 'between them')], ['error', 1, 2, 50]);
    const fine = [
      client().sent(100, 'req', 1).received(120, 'req', 1).sent(130, 'req', 2),
      client().sent(100, 'req', 1).event(1100, { event: 'timeout', request: 0, attempt: 1, timeoutMs: 1000 }).sent(1101, 'req', 2),
      client().sent(100, 'req', 1).sent(150, 'req', 5),
    ];
    for (const req of fine) assert.deepEqual(of(diagnose([req], 200), 'req-state'), []);
  });

  it('req-state on any socket named req, whatever the program (a traced or captured one)', () => {
    const traced = new Source('python-client').ready(0, 'rep', [], []);
    // A role that is not req, with a socket named req: still a REQ's sequence.
    const events = [...traced.events, ...new Source('python-client').sent(10, 'req', 1).sent(20, 'req', 2).events];
    assert.equal(of(analyse(events, 30).diagnoses, 'req-state').length, 1);
  });
});
