import { strict as assert } from 'node:assert';
import { Analytics, Diagnosis } from '../../../src/shared/analytics';
import { analyse, interleavings, Source } from './events';

const kinds = (found: Diagnosis[]) => found.map((d) => d.kind);
const diagnose = (sources: Source[], now: number, analytics?: Analytics) => analyse(sources.flatMap((s) => s.events), now, analytics).diagnoses;
const EP = 'tcp://127.0.0.1:6000';

/** A REQ that tries to connect to EP from t = 0, a retry every 100 ms. */
function retrying(until: number): Source {
  const req = new Source('req').ready(0, 'req', [], [EP]).socket(0, 'req', 'connect:delay', EP);
  for (let t = 100; t <= until; t += 100) req.socket(t, 'req', 'connect:retry', EP);
  return req;
}

describe('diagnoses: connections', () => {
  it('nothing-listening after 2 s of retries, not at 2 s', () => {
    assert.deepEqual(kinds(diagnose([retrying(2000)], 2000)), []);
    const [found] = diagnose([retrying(2000)], 2001);
    assert.equal(found.kind, 'nothing-listening');
    assert.deepEqual(found.evidence.map((f) => [f.name, f.value]), [['endpoint', EP], ['retrying for', 2001], ['retries', 20]]);
  });

  it('nothing-listening is not a connect that succeeded once and retries after its peer left, and ends with its source', () => {
    const reconnecting = retrying(500).socket(550, 'req', 'connect', EP).socket(560, 'req', 'handshake', EP).socket(600, 'req', 'disconnect', EP).socket(700, 'req', 'connect:retry', EP);
    assert.deepEqual(kinds(diagnose([reconnecting], 9000)), []);
    assert.deepEqual(kinds(diagnose([retrying(1500).done(1500, 'signal')], 9000)), [], 'retried 1.5 s, then ended');
    assert.deepEqual(kinds(diagnose([retrying(2500).done(2500, 'signal')], 9000)), ['nothing-listening']);
  });

  it('nothing-listening is not a connect that succeeded at once, nor one named tcp://localhost:P retried as tcp://127.0.0.1:P, once its peer left', () => {
    const retriedFrom = (source: Source, from: number, endpoint: string) => {
      for (let t = from; t <= from + 3000; t += 100) source.socket(t, 'req', 'connect:retry', endpoint);
      return source;
    };
    const atOnce = new Source('req').ready(0, 'req', [], [EP]).socket(10, 'req', 'connect', EP).socket(20, 'req', 'handshake', EP).socket(500, 'req', 'disconnect', EP);
    assert.deepEqual(kinds(diagnose([retriedFrom(atOnce, 600, EP)], 9000)), []);
    // As libzmq reports a traced worker's connect to the seed's tcp://localhost:5557: resolved once its peer left.
    const named = new Source('req').ready(0, 'req', [], ['tcp://localhost:6000']).socket(0, 'req', 'connect:delay', 'tcp://localhost:6000').socket(100, 'req', 'connect:retry', 'tcp://localhost:6000');
    named.socket(200, 'req', 'connect', 'tcp://localhost:6000').socket(210, 'req', 'handshake', 'tcp://localhost:6000').socket(500, 'req', 'disconnect', 'tcp://localhost:6000');
    assert.deepEqual(kinds(diagnose([retriedFrom(named, 600, EP)], 9000)), []);
  });

  it('mechanism-mismatch: a NULL client against a CURVE server that fails handshakes, in any order of arrival', () => {
    const rep = new Source('rep').event(0, { event: 'ready', role: 'rep', pid: 1, bound: [EP], connected: [], security: { rep: 'curve-server' } }).socket(50, 'rep', 'handshake:error:protocol', EP);
    const req = new Source('req').ready(10, 'req', [], ['tcp://localhost:6000']);
    for (const [name, events] of interleavings([rep.events, req.events])) {
      const found = analyse(events, 100).diagnoses;
      assert.deepEqual(found.map((d) => [d.kind, d.sources]), [['mechanism-mismatch', ['req', 'rep']]], name);
    }
    // The same two, no handshake failed (yet): no finding.
    const quiet = new Source('rep').event(0, { event: 'ready', role: 'rep', pid: 1, bound: [EP], connected: [], security: { rep: 'curve-server' } });
    assert.deepEqual(kinds(diagnose([quiet, req], 100)), []);
  });

  it('curve-handshake-failed: both ends of one connection in one finding, the client first', () => {
    const rep = new Source('rep').event(0, { event: 'ready', role: 'rep', pid: 1, bound: [EP], connected: [], security: { rep: 'curve-server' } });
    const req = new Source('req').event(0, { event: 'ready', role: 'req', pid: 2, bound: [], connected: [EP], security: { req: 'curve-client' } });
    rep.socket(20, 'rep', 'handshake:error:protocol', EP).socket(120, 'rep', 'handshake:error:protocol', EP);
    req.socket(21, 'req', 'handshake:error:protocol', EP);
    const [found, ...rest] = diagnose([rep, req], 200);
    assert.deepEqual(rest, []);
    assert.deepEqual([found.kind, found.sources, found.at], ['curve-handshake-failed', ['req', 'rep'], 20]);
    assert.equal(found.evidence.find((f) => f.name === 'failed handshakes')?.value, 3);
  });

  it('no curve-handshake-failed where neither end speaks CURVE (an HTTP connection on a captured port)', () => {
    const server = new Source('127.0.0.1:8765').socket(10, 'tcp', 'accept', EP).socket(11, 'tcp', 'handshake:error:protocol', EP);
    const client = new Source('127.0.0.1:49108').socket(10, 'tcp', 'connect', EP).socket(12, 'tcp', 'handshake:error:protocol', EP);
    assert.deepEqual(kinds(diagnose([server, client], 200)), []);
  });

  it('address-in-use from a role\'s error before it was ready, naming the source that holds the endpoint', () => {
    const holder = new Source('rep').ready(0, 'rep', [EP], []);
    const second = new Source('rep-2').event(50, { event: 'error', message: `Address in use: ${EP} is already bound by another program. Stop that program or choose another endpoint with --bind.`, exitCode: 1 });
    const [found] = diagnose([holder, second], 100);
    assert.deepEqual([found.kind, found.sources, found.evidence[0].value], ['address-in-use', ['rep-2', 'rep'], EP]);
    // A holder that ended before the error did not hold it.
    const [alone] = diagnose([new Source('rep').ready(0, 'rep', [EP], []).done(40), second], 100);
    assert.deepEqual(alone.sources, ['rep-2']);
  });

  it('keeps at most 32 watched connects per source, however many endpoints it retries', () => {
    const many = new Source('req').ready(0, 'req', [], []);
    for (let port = 1; port <= 100; port++) many.socket(port, 'req', 'connect:delay', `tcp://127.0.0.1:${port}`);
    assert.equal(diagnose([many], 5000).length, 32);
  });
});
