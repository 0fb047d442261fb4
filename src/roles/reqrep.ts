// The request-reply pattern's roles, after the seed's hwserver.py and hwclient.py.
import * as zmq from 'zeromq';
import { pythonMessageRepr } from '../shared/format';
import { defaultBind, defaultConnect } from '../shared/catalog';
import { RoleError } from './errors';
import { RoleContext } from './lifecycle';
import { outgoing } from './message';
import { commandSpec, ONE_SOCKET, OptionsOf, withCommon } from './options';

/** A request-reply server's options: rep's, and router's, which answers through the envelope. */
export const SERVER_OPTIONS = withCommon({
  bind: { default: [defaultBind('reqrep')] },
  connect: { default: [] },
  reply: { default: 'World' },
  frame: { default: [], help: 'one frame of a multipart reply, repeatable; replaces --reply' },
  delay: { default: 1000 },
  count: { default: 0, help: 'requests to answer, 0 = forever' },
});

export const repSpec = commandSpec({
  summary: 'Request-reply server: binds a REP socket, prints each request, and answers it.',
  details: `With --connect it is a broker's worker instead: rep --connect ${defaultConnect('brokerBackend')}.`,
  options: SERVER_OPTIONS,
  sockets: ONE_SOCKET,
});

export async function rep({ options, out, sockets, pause }: RoleContext<OptionsOf<typeof repSpec>>): Promise<void> {
  const socket = sockets.add(new zmq.Reply(), 'rep');
  await sockets.attach(socket, options);
  sockets.ready('rep');
  for (let n = 0; options.count === 0 || n < options.count; n++) {
    const request = await sockets.receive(socket);
    out.line(`Received request: ${pythonMessageRepr(request)}`);
    await pause(options.delay);
    await sockets.send(socket, outgoing(options, options.reply));
  }
}

export const reqSpec = commandSpec({
  summary: 'Request-reply client: connects a REQ socket, sends requests one at a time, and prints each reply.',
  details: 'With --timeout, a request without a reply is given up, the socket re-created and the request sent again\n(the "lazy pirate"), up to --retries tries.',
  options: clientOptions(),
  sockets: ONE_SOCKET,
});

/** The options of a client that sends requests one at a time: req, and dealer. */
export function clientOptions() {
  return withCommon({
    connect: { default: [defaultConnect('reqrep')] },
    bind: { default: [] },
    message: { default: 'Hello' },
    frame: { default: [] },
    count: { default: 10, help: 'requests to send, 0 = forever' },
    interval: { default: 0, help: 'pause between requests, in ms' },
    timeout: { default: 0 },
    retries: { default: 3 },
  });
}

export const req = (context: RoleContext<OptionsOf<typeof reqSpec>>) => askInTurn(context, 'req');

/**
 * Sends each request and waits for its reply, printing as the seed's hwclient does. A DEALER does
 * what a REQ does on the wire, so that REP servers answer it: the empty delimiter before the
 * request, and off the reply.
 */
export async function askInTurn({ options, out, sockets, pause }: RoleContext<OptionsOf<typeof reqSpec>>, kind: 'req' | 'dealer'): Promise<void> {
  const open = async () => {
    const socket = sockets.add(kind === 'req' ? new zmq.Request() : new zmq.Dealer(), kind);
    // A server that rejects the handshake (a protocol error: CURVE against NULL) ends the
    // connection for good, and a REQ with no connection waits in send(): time that out too.
    if (options.timeout > 0) socket.receiveTimeout = socket.sendTimeout = options.timeout;
    await sockets.attach(socket, options);
    return socket;
  };
  const delimit = (message: string | string[]) => (kind === 'req' ? message : ['', ...(Array.isArray(message) ? message : [message])]);
  const undelimit = (frames: Buffer[]) => (kind === 'dealer' && frames[0]?.length === 0 ? frames.slice(1) : frames);
  out.line('Connecting to hello world server…');
  let socket = await open();
  sockets.ready(kind);
  for (let n = 0; options.count === 0 || n < options.count; n++) {
    if (n > 0) await pause(options.interval);
    out.line(`Sending request ${n} …`);
    for (let attempt = 1; ; attempt++) {
      const sentAt = performance.now();
      try {
        await sockets.send(socket, delimit(outgoing(options, options.message)));
        const reply = undelimit(await sockets.receive(socket));
        out.event({ event: 'reply', request: n, roundTripMs: performance.now() - sentAt });
        out.line(`Received reply ${n} [ ${pythonMessageRepr(reply)} ]`);
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
      socket = await open();
    }
  }
}
