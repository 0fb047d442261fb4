// What each end's application sees of a message on the wire, and which socket of a program has
// which endpoints. A REQ or REP never sees the envelope up to its empty delimiter; a ROUTER sees
// its peer's routing id first, which is not on the wire: the peer's READY Identity when it set
// one, else one made up per connection as libzmq makes them (a 0 byte and a 32-bit number), so
// that a broker's clients are told apart and their requests paired with their replies.
import { RoleName, FramePreview, SocketPlaces, previewFrame } from '../role-events';
import { MULTI_SOCKET_ROLES, socketName } from '../user-programs';
import { End, MAX_ENDPOINTS, Program } from './programs';

const REQ_OR_REP = /^RE[QP]$/;

export function appFrames(frames: FramePreview[], end: End, peer: End, connection: number): FramePreview[] {
  // A capture that missed the handshake knows neither type, or only the peer's: as seen from a REQ's or REP's peer.
  if (REQ_OR_REP.test(end.type ?? '') || (!end.type && REQ_OR_REP.test(peer.type ?? ''))) {
    const delimiter = frames.findIndex((frame) => frame.size === 0);
    return delimiter < 0 ? frames : frames.slice(delimiter + 1);
  }
  if (end.type === 'ROUTER') return [routingId(peer.identity, connection), ...frames];
  return frames;
}

function routingId(identity: string | undefined, connection: number): FramePreview {
  if (identity) return /^0x([0-9a-f]{2})+$/.test(identity) ? { size: (identity.length - 2) / 2, hex: identity.slice(2) } : previewFrame(new TextEncoder().encode(identity));
  const bytes = new Uint8Array(5);
  new DataView(bytes.buffer).setUint32(1, connection >>> 0);
  return previewFrame(bytes);
}

/** Notes that the program's socket of this type bound or connected the endpoint; whether that is new. */
export function placeSocket(program: Program, type: string, side: keyof SocketPlaces, endpoint: string): boolean {
  let places = program.sockets.get(type);
  if (!places) program.sockets.set(type, (places = { bound: new Set(), connected: new Set() }));
  if (places[side].has(endpoint) || places[side].size >= MAX_ENDPOINTS) return false;
  places[side].add(endpoint);
  return true;
}

/** For a broker or a forwarder, its endpoints by socket name, for its `ready`. */
export function socketPlaces(program: Program, role: RoleName): { sockets?: Record<string, SocketPlaces> } {
  if (!MULTI_SOCKET_ROLES.includes(role)) return {};
  const sockets: Record<string, SocketPlaces> = {};
  for (const [type, places] of program.sockets) {
    const named = (sockets[socketName(type, role)] ??= { bound: [], connected: [] });
    named.bound.push(...places.bound);
    named.connected.push(...places.connected);
  }
  return { sockets };
}
