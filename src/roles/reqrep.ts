// The request-reply pattern's roles, after the seed's hwserver.py and hwclient.py.
import * as zmq from 'zeromq';
import { pythonBytesRepr } from '../shared/format';
import { RoleError } from './errors';
import { RoleContext } from './lifecycle';
import { CommandSpec, withCommon } from './options';

export const repSpec: CommandSpec = {
  summary: 'Request-reply server: binds a REP socket, prints each request, and answers it.',
  options: withCommon({
    bind: { default: ['tcp://127.0.0.1:5555'] },
    reply: { default: 'World' },
    delay: { default: 1000 },
    count: { default: 0, help: 'requests to answer, 0 = forever' },
  }),
};

export async function rep({ options, out, sockets, pause }: RoleContext): Promise<void> {
  const socket = sockets.add(new zmq.Reply(), 'rep');
  await sockets.bind(socket, options.bind);
  sockets.ready('rep');
  for (let n = 0; options.count === 0 || n < options.count; n++) {
    const [request] = await sockets.receive(socket);
    out.line(`Received request: ${pythonBytesRepr(request ?? Buffer.alloc(0))}`);
    await pause(options.delay);
    await sockets.send(socket, options.reply);
  }
}

export const reqSpec: CommandSpec = {
  summary: 'Request-reply client: connects a REQ socket, sends requests one at a time, and prints each reply.',
  details: 'With --timeout, a request without a reply is given up, the socket re-created and the request sent again\n(the "lazy pirate"), up to --retries tries.',
  options: withCommon({
    connect: { default: ['tcp://localhost:5555'] },
    message: { default: 'Hello' },
    count: { default: 10, help: 'requests to send, 0 = forever' },
    interval: { default: 0, help: 'pause between requests, in ms' },
    timeout: { default: 0 },
    retries: { default: 3 },
  }),
};

export async function req({ options, out, sockets, pause }: RoleContext): Promise<void> {
  const open = () => {
    const socket = sockets.add(new zmq.Request(), 'req');
    // A server that rejects the handshake (a protocol error: CURVE against NULL) ends the
    // connection for good, and a REQ with no connection waits in send(): time that out too.
    if (options.timeout > 0) socket.receiveTimeout = socket.sendTimeout = options.timeout;
    sockets.connect(socket, options.connect);
    return socket;
  };
  out.line('Connecting to hello world server…');
  let socket = open();
  sockets.ready('req');
  for (let n = 0; options.count === 0 || n < options.count; n++) {
    if (n > 0) await pause(options.interval);
    out.line(`Sending request ${n} …`);
    for (let attempt = 1; ; attempt++) {
      const sentAt = performance.now();
      try {
        await sockets.send(socket, options.message);
        const [reply] = await sockets.receive(socket);
        out.event({ event: 'reply', request: n, roundTripMs: performance.now() - sentAt });
        out.line(`Received reply ${n} [ ${pythonBytesRepr(reply ?? Buffer.alloc(0))} ]`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'EAGAIN') throw error;
      }
      out.event({ event: 'timeout', request: n, attempt, timeoutMs: options.timeout });
      // A REQ that missed its reply cannot send again: the lazy pirate closes it and starts afresh.
      sockets.discard(socket);
      if (options.retries > 0 && attempt >= options.retries) {
        // A CURVE handshake with the wrong server key fails without a word to the client.
        const curve = options.curveServerKey ? ' with the CURVE public key given in --curve-server-key' : '';
        throw new RoleError(`No reply to request ${n} after ${attempt} tries of ${options.timeout} ms: is a server running at ${options.connect.join(', ')}${curve}? Start one, or raise --timeout or --retries.`);
      }
      out.line(`No reply to request ${n} within ${options.timeout} ms, reconnecting and retrying (try ${attempt + 1}${options.retries ? ` of ${options.retries}` : ''})…`);
      socket = open();
    }
  }
}
