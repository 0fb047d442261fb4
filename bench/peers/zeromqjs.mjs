// The bare zeromq.js peer: the same protocol as peer.c and peer.py (docs/performance.md), one
// awaited send or receive at a time, so it is the baseline the built-in roles are held to.
import { createInterface } from 'node:readline';
import * as zmq from 'zeromq';

const [role, ...args] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function ventilator(vent, sink, count, size) {
  const tasks = new zmq.Push({ linger: 1000, sendHighWaterMark: 1000 });
  await tasks.bind(vent);
  const start = new zmq.Push({ linger: 1000 });
  start.connect(sink);
  console.log('READY');
  await lines.next();
  await start.send('0');
  const task = '0'.repeat(Number(size));
  for (let n = 0; n < count; n++) await tasks.send(task);
  // Stays until stdin closes: a sender that closes at once can lose its last messages over ipc.
  await lines.next();
}

async function worker(vent, sink) {
  const tasks = new zmq.Pull({ linger: 1000 });
  tasks.connect(vent);
  const results = new zmq.Push({ linger: 1000 });
  results.connect(sink);
  console.log('READY');
  for (;;) {
    const [task] = await tasks.receive();
    const workload = Number(task.toString());
    if (workload > 0) await new Promise((resolve) => setTimeout(resolve, workload));
    await results.send(Buffer.alloc(0));
  }
}

async function sink(endpoint, count) {
  const results = new zmq.Pull({ linger: 0 });
  await results.bind(endpoint);
  console.log('READY');
  await results.receive();
  const start = performance.now();
  for (let n = 0; n < count; n++) await results.receive();
  console.log(`ELAPSED ${performance.now() - start}`);
}

// Serves until stopped: a server that exits after its last reply can take that reply with it.
async function rep(endpoint) {
  const socket = new zmq.Reply({ linger: 0 });
  await socket.bind(endpoint);
  console.log('READY');
  for (;;) {
    await socket.receive();
    await socket.send('World');
  }
}

async function req(endpoint, count) {
  const socket = new zmq.Request({ linger: 0 });
  socket.connect(endpoint);
  console.log('READY');
  const rtts = [];
  for (let n = 0; n < count; n++) {
    const sentAt = performance.now();
    await socket.send('Hello');
    await socket.receive();
    rtts.push(Math.round((performance.now() - sentAt) * 1000));
  }
  console.log(`RTT ${rtts.join(' ')}`);
}

// The harness stops workers with SIGTERM; exiting normally lets --cpu-prof write its profile.
process.once('SIGTERM', () => process.exit(0));
const roles = { ventilator, worker, sink, rep, req };
await roles[role](...args.map((arg) => (/^\d+$/.test(arg) ? Number(arg) : arg)));
process.exit(0);
