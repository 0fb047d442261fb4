// The inspection proxy: for request-reply and pipeline traffic, where an extra REP or PULL would
// steal messages, it sits between the two sides (clients connect to it, it connects to the
// server) and reports every message it passes on, in both directions, with the peer it came from.
import * as zmq from 'zeromq';
import { previewFrame } from '../shared/role-events';
import { DEFAULT_PORTS, defaultBind, defaultConnect, TOOL_PORTS } from '../shared/catalog';
import { UsageError } from './errors';
import { RoleContext } from './lifecycle';
import { commandSpec, OptionsOf, withCommon } from './options';

export const proxySpec = commandSpec({
  summary: 'Inspection proxy: listens on --bind for the clients (REQ or PUSH), forwards to --connect (the REP\nor PULL), and with --inspect or --json reports every message and reply with its peer.',
  details: `Point your clients at the proxy instead of the server: e.g. REP on :${DEFAULT_PORTS.reqrep}, proxy --bind ${defaultBind('proxy')}\n--connect ${defaultConnect('reqrep')}, and REQ clients connect to :${TOOL_PORTS.proxy}. With --pattern pipeline it sits between\nPUSH sockets that connect and the PULL that binds: workers (and the ventilator\'s "0") and the sink.`,
  options: withCommon({
    pattern: { default: 'reqrep' },
    bind: { default: [defaultBind('proxy')], help: 'where clients connect, repeatable' },
    connect: { default: [defaultConnect('reqrep')], help: 'the server to forward to, repeatable' },
  }),
});

export async function proxy(context: RoleContext<OptionsOf<typeof proxySpec>>): Promise<void> {
  const { options, sockets } = context;
  if (options.pattern !== 'reqrep' && options.pattern !== 'pipeline') {
    throw new UsageError(`Invalid --pattern '${options.pattern}': use reqrep (between REQ and REP) or pipeline (between PUSH and PULL).`);
  }
  // ROUTER/DEALER keep each request's envelope, so replies find their way back to their client.
  const reqrep = options.pattern === 'reqrep';
  const frontend = sockets.add(reqrep ? new zmq.Router() : new zmq.Pull(), 'frontend');
  await sockets.bind(frontend, options.bind);
  const backend = sockets.add(reqrep ? new zmq.Dealer() : new zmq.Push(), 'backend');
  sockets.connect(backend, options.connect);
  sockets.ready('proxy');
  const forwarding = [forward(context, frontend as zmq.Readable & zmq.Socket, backend as zmq.Writable & zmq.Socket, 'request', reqrep)];
  if (reqrep) forwarding.push(forward(context, backend as zmq.Dealer, frontend as zmq.Router, 'reply', reqrep));
  await Promise.all(forwarding);
}

async function forward(
  { out, sockets }: RoleContext,
  from: zmq.Readable & zmq.Socket,
  to: zmq.Writable & zmq.Socket,
  direction: 'request' | 'reply',
  enveloped: boolean,
): Promise<void> {
  for (let seq = 1; ; seq++) {
    const frames = await sockets.receive(from);
    await sockets.send(to, frames);
    // An enveloped message is [peer identity, "", body...]; a pipeline task has no peer.
    const body = enveloped ? frames.slice(frames.findIndex((frame) => frame.length === 0) + 1) : frames;
    const peer = enveloped ? frames[0].toString('hex') : '';
    out.event({ event: 'proxied', direction, peer, seq, frames: body.map((frame) => previewFrame(frame)) });
  }
}
