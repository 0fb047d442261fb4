// A Node program on zeromq.js 6, traced through NODE_OPTIONS, its zeromq its own require.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers/cli';
import { Recorder, traced } from './traced';

const ZEROMQ = path.resolve(__dirname, '../../../node_modules/zeromq');

describe('trace: Node programs', function () {
  this.timeout(30000);
  let dir: ReturnType<typeof tempDir>;
  let recorder: Recorder;
  beforeEach(async () => {
    dir = tempDir();
    recorder = new Recorder(dir.dir);
    await recorder.started();
  });
  afterEach(async () => {
    await recorder.stop();
    dir.remove();
  });

  it('traces a zeromq.js REQ/REP program, its output and exit code unchanged', async () => {
    const program = path.join(dir.dir, 'app.js');
    writeFileSync(
      program,
      `const zmq = require(${JSON.stringify(ZEROMQ)});
(async () => {
  const rep = new zmq.Reply({ linger: 0 });
  await rep.bind('tcp://127.0.0.1:*');
  const req = new zmq.Request({ linger: 0 });
  req.connect(rep.lastEndpoint);
  for (let i = 0; i < 3; i++) {
    await req.send(['Hello', String(i)]);
    const [request, n] = await rep.receive();
    await rep.send('World ' + n);
    const [reply] = await req.receive();
    console.log(request.toString(), reply.toString());
  }
  rep.close();
  req.close();
  process.exitCode = 5;
})();
`,
    );
    const proc = traced(recorder.endpoint, [process.execPath, program], { cwd: dir.dir });
    assert.equal((await proc.exited).code, 5, proc.stderr);
    assert.equal(proc.stdout, 'Hello World 0\nHello World 1\nHello World 2\n');
    const events = recorder.events();
    const ready = events.find((e) => e.event === 'ready');
    assert.equal(ready?.event === 'ready' && ready.bound[0].startsWith('tcp://127.0.0.1:'), true, JSON.stringify(ready));
    const messages = events.flatMap((e) => (e.event === 'sent' || e.event === 'received' ? [`${e.socket} ${e.event} ${e.frames.map((f) => f.text).join('|')}`] : []));
    assert.deepEqual(messages.slice(0, 4), ['req sent Hello|0', 'rep received Hello|0', 'rep sent World 0', 'req received World 0']);
    assert.equal(messages.length, 12);
    const counters = events.filter((e) => e.event === 'counters').pop();
    assert.deepEqual(counters?.event === 'counters' && [counters.sent, counters.received], [{ req: 3, rep: 3 }, { req: 3, rep: 3 }]);
  });

  it("traces a subscriber's subscriptions", async () => {
    const program = path.join(dir.dir, 'sub.js');
    writeFileSync(program, `const zmq = require(${JSON.stringify(ZEROMQ)});\nconst sub = new zmq.Subscriber({ linger: 0 });\nsub.connect('tcp://127.0.0.1:1');\nsub.subscribe('10001', 'abc');\nsub.unsubscribe('abc');\nsetTimeout(() => sub.close(), 300);\n`);
    const proc = traced(recorder.endpoint, [process.execPath, program], { cwd: dir.dir });
    assert.equal((await proc.exited).code, 0, proc.stderr);
    const subscribed = recorder.events().filter((e) => e.event === 'subscribed').pop();
    assert.deepEqual(subscribed?.event === 'subscribed' && [subscribed.socket, subscribed.filters], ['sub', ['10001']]);
  });

  it("reports its sockets' monitor events, and leaves the program's own observer and its exit as they were", async () => {
    // The REP's events reach the program's own `for await` over socket.events; the REQ's are the
    // tracer's. Neither socket is closed: the program must still end by itself.
    const program = path.join(dir.dir, 'events.js');
    writeFileSync(
      program,
      `const zmq = require(${JSON.stringify(ZEROMQ)});
(async () => {
  const rep = new zmq.Reply({ linger: 0 });
  const own = [];
  (async () => { for await (const event of rep.events) own.push(event.type); })();
  await rep.bind('tcp://127.0.0.1:*');
  const req = new zmq.Request({ linger: 0 });
  req.connect(rep.lastEndpoint);
  await req.send('Hello');
  await rep.receive();
  await rep.send('World');
  await req.receive();
  await new Promise((resolve) => setTimeout(resolve, 200));
  console.log('program saw', own.join(' '));
  rep.close();
})();
`,
    );
    const proc = traced(recorder.endpoint, [process.execPath, program], { cwd: dir.dir });
    assert.equal((await proc.exited).code, 0, proc.stderr);
    assert.match(proc.stdout, /^program saw .*accept.* handshake/m);
    const socketEvents = recorder.events().flatMap((e) => (e.event === 'socket' ? [`${e.socket} ${e.type}`] : []));
    assert.ok(socketEvents.includes('req connect') && socketEvents.includes('req handshake'), socketEvents.join(', '));
    assert.ok(!socketEvents.some((e) => e.startsWith('rep ')), `the program's own observer took the REP's events: ${socketEvents.join(', ')}`);
  });
});
