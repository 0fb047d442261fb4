// ROUTER and DEALER as roles: a router that answers REQ and DEALER clients through their
// envelope, and a dealer that talks to REP servers as a REQ would (hwclient's output).
import * as zmq from 'zeromq';
import { identitiesOf, splitEnvelope } from '../shared/envelope';
import { pythonMessageRepr } from '../shared/format';
import { RoleContext } from './lifecycle';
import { outgoing } from './message';
import { commandSpec, ONE_SOCKET, OptionsOf } from './options';
import { askInTurn, clientOptions, SERVER_OPTIONS } from './reqrep';

export const routerSpec = commandSpec({
  summary: 'Request-reply server on a ROUTER socket: prints each request with the identity it came from,\nand answers it through its envelope, so REQ clients, DEALER clients and brokers all get their reply.',
  details: 'A request through a broker carries one identity per ROUTER it passed; the reply goes back with all of them.',
  options: SERVER_OPTIONS,
  sockets: ONE_SOCKET,
});

export async function router({ options, out, sockets, pause }: RoleContext<OptionsOf<typeof routerSpec>>): Promise<void> {
  const socket = sockets.add(new zmq.Router(), 'router');
  await sockets.attach(socket, options);
  sockets.ready('router');
  for (let n = 0; options.count === 0 || n < options.count; n++) {
    const split = splitEnvelope(await sockets.receive(socket), (frame) => frame.length);
    const { envelope, body } = split;
    // Identities are binary (libzmq makes 5 bytes: 0x00 and a counter): hex, one per hop.
    out.line(`Received request: ${pythonMessageRepr(body)} from ${identitiesOf(split).map((id) => id.toString('hex')).join('/')}`);
    await pause(options.delay);
    const reply = outgoing(options, options.reply);
    await sockets.send(socket, [...envelope, ...(Array.isArray(reply) ? reply : [reply])]);
  }
}

export const dealerSpec = commandSpec({
  summary: 'Request-reply client on a DEALER socket: sends requests one at a time, each behind the empty\ndelimiter a REP server expects, and prints each reply as req does.',
  options: clientOptions(),
  sockets: ONE_SOCKET,
});

export const dealer = (context: RoleContext<OptionsOf<typeof dealerSpec>>) => askInTurn(context, 'dealer');
