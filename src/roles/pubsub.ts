// The publish-subscribe pattern's roles, after the seed's wuserver.py and wuclient.py.
import * as readline from 'node:readline';
import * as zmq from 'zeromq';
import { parseWeather, printable, randomWeather } from '../shared/format';
import { defaultBind, defaultConnect } from '../shared/catalog';
import { RoleContext } from './lifecycle';
import { outgoing } from './message';
import { commandSpec, ONE_SOCKET, OptionsOf, withCommon } from './options';

export const pubSpec = commandSpec({
  summary: 'Publisher: binds a PUB socket and publishes updates. By default, the seed\'s random weather\n"zipcode temperature relhumidity" at full speed, forever. Subscribers that are not connected miss what is sent.',
  options: withCommon({
    bind: { default: [defaultBind('pubsub')] },
    connect: { default: [], help: 'endpoint to connect to, repeatable: a forwarder, or subscribers that bind' },
    message: { default: '', help: 'publish this text instead of weather updates; {n} in it becomes the message\'s number, 1, 2, …' },
    frame: { default: [], help: 'one frame of a multipart message, repeatable (the first is the topic); replaces --message' },
    count: { default: 0, help: 'messages to publish, 0 = forever' },
    interval: { default: 0, help: 'pause between messages, in ms (0 = full speed)' },
  }),
  sockets: ONE_SOCKET,
});

export async function pub({ options, sockets, pause, signal }: RoleContext<OptionsOf<typeof pubSpec>>): Promise<void> {
  const socket = sockets.add(new zmq.Publisher(), 'pub');
  await sockets.attach(socket, options);
  sockets.ready('pub');
  // Each line typed in the terminal, or written by the extension's "Publish Message", goes out too.
  const typed: string[] = [];
  const input = readline.createInterface({ input: process.stdin, terminal: false }).on('line', (line) => typed.push(line));
  signal.addEventListener('abort', () => input.close());
  try {
    for (let n = 0; options.count === 0 || n < options.count; n++) {
      if (n > 0) await pause(options.interval);
      while (typed.length > 0) await sockets.send(socket, typed.shift()!);
      await sockets.send(socket, outgoing(options, options.message ? options.message.replaceAll('{n}', String(n + 1)) : randomWeather()));
    }
  } finally {
    input.close();
  }
}

export const subSpec = commandSpec({
  summary: 'Subscriber: connects a SUB socket with prefix filters, reads updates, and prints the average\ntemperature of the weather updates it received.',
  options: withCommon({
    connect: { default: [defaultConnect('pubsub')] },
    bind: { default: [], help: 'endpoint to bind, repeatable: publishers then connect to this subscriber' },
    filter: { default: ['10001'] },
    count: { default: 5, help: 'updates to read, 0 = forever' },
  }),
  sockets: ONE_SOCKET,
});

export async function sub({ options, out, sockets, signal }: RoleContext<OptionsOf<typeof subSpec>>): Promise<void> {
  const socket = sockets.add(new zmq.Subscriber(), 'sub');
  out.line('Collecting updates from weather server…');
  // Subscribed before it binds or connects: the subscription goes out with the handshake.
  socket.subscribe(...options.filter);
  await sockets.attach(socket, options);
  out.event({ event: 'subscribed', socket: 'sub', filters: options.filter });
  sockets.ready('sub');
  let updates = 0;
  let total = 0;
  const report = () => {
    if (updates === 0) return;
    // The seed divides by its last loop index (4 for 5 updates); we average over what arrived.
    const temperature = Math.trunc(total / updates);
    out.line(`Average temperature for zipcode '${options.filter.join("', '")}' was ${temperature}F`);
    out.event({ event: 'average', filters: options.filter, updates, temperature });
  };
  signal.addEventListener('abort', report);
  for (let n = 0; options.count === 0 || n < options.count; n++) {
    const frames = await sockets.receive(socket);
    const text = frames.map((frame) => frame.toString()).join(' ');
    const weather = parseWeather(text);
    if (weather) {
      updates++;
      total += weather.temperature;
    } else {
      out.line(`Received: ${printable(text)}`);
    }
  }
  signal.removeEventListener('abort', report);
  report();
}
