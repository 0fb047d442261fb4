// PAIR: one peer, both ways at once. Two pairs, one binding and one connecting, hold a
// conversation: each sends its messages and prints what the other sends.
import * as readline from 'node:readline';
import * as zmq from 'zeromq';
import { pythonMessageRepr } from '../shared/format';
import { defaultBind, defaultConnect } from '../shared/catalog';
import { RoleContext } from './lifecycle';
import { outgoing } from './message';
import { commandSpec, ONE_SOCKET, OptionsOf, withCommon } from './options';

export const pairSpec = commandSpec({
  summary: 'Exclusive pair: binds (or connects) a PAIR socket, sends its messages to its one peer and prints\neach message the peer sends. Lines typed on standard input are sent too.',
  details: `Two of them talk: pair in one terminal, pair --connect ${defaultConnect('pair')} in another.`,
  options: withCommon({
    bind: { default: [defaultBind('pair')] },
    connect: { default: [] },
    message: { default: 'Hello {n}', help: "the message to send; {n} in it becomes the message's number, 1, 2, …" },
    frame: { default: [] },
    count: { default: 5, help: 'messages to send, and to receive before exiting; 0 = forever' },
    interval: { default: 1000, help: 'pause between messages, in ms' },
  }),
  sockets: ONE_SOCKET,
});

export async function pair({ options, out, sockets, pause, signal }: RoleContext<OptionsOf<typeof pairSpec>>): Promise<void> {
  const socket = sockets.add(new zmq.Pair(), 'pair');
  await sockets.attach(socket, options);
  sockets.ready('pair');
  const typed = readline.createInterface({ input: process.stdin, terminal: false });
  signal.addEventListener('abort', () => typed.close());
  // Sends are queued one after the other: zeromq.js refuses a send while another waits.
  let sending = Promise.resolve();
  typed.on('line', (line) => (sending = sending.then(() => sockets.send(socket, line)).catch(() => undefined)));
  const talk = async () => {
    for (let n = 1; options.count === 0 || n <= options.count; n++) {
      if (n > 1) await pause(options.interval);
      const message = outgoing(options, options.message.replaceAll('{n}', String(n)));
      await (sending = sending.then(() => sockets.send(socket, message)));
    }
  };
  const listen = async () => {
    for (let n = 0; options.count === 0 || n < options.count; n++) {
      out.line(`Received: ${pythonMessageRepr(await sockets.receive(socket))}`);
    }
  };
  try {
    await Promise.all([talk(), listen()]);
  } finally {
    typed.close();
  }
}
