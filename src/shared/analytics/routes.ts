// Whether a publisher's messages reach a subscriber: directly (either side binding), or through
// forwarders (XSUB frontend, XPUB backend), one or several in a chain. The subscription travels
// sub -> XPUB -> XSUB -> pub, the messages back, so a forwarder whose backend meets the subscriber
// (or the frontend of the forwarder after it) passes on what its frontend gets.
import { SocketPlaces } from '../role-events';
import { endpointKey, reaches, SourceInfo, SourceRegistry } from './sources';

/** Whether two sides meet: one connected to what the other bound. */
function meets(a: SocketPlaces, b: SocketPlaces): boolean {
  return reaches(a.connected, b.bound) || reaches(b.connected, a.bound);
}

/** The endpoints where `a` meets `b`, as endpoint keys. */
function meeting(a: SocketPlaces, b: SocketPlaces): string[] {
  const keys = (list: string[]) => new Set(list.map(endpointKey));
  const aConnected = keys(a.connected);
  const bConnected = keys(b.connected);
  return [...new Set([...b.bound.map(endpointKey).filter((key) => aConnected.has(key)), ...a.bound.map(endpointKey).filter((key) => bConnected.has(key))])];
}

/** A forwarder's side by socket name, or all its endpoints when it did not say which socket has which. */
function side(info: SourceInfo, name: 'frontend' | 'backend'): SocketPlaces {
  return info.sockets?.[name] ?? { bound: info.bound, connected: info.connected };
}

/**
 * The endpoints (keys) where the subscriber meets the first hop of its way to the publisher, or
 * undefined if the publisher's messages do not reach it. Each forwarder is passed once: bounded by
 * the number of forwarders known.
 */
export function routeToSubscriber(registry: SourceRegistry, publisher: SourceInfo, subscriber: SourceInfo): string[] | undefined {
  if (meets(subscriber, publisher)) return meeting(subscriber, publisher);
  const forwarders = registry.ofRole('forwarder');
  const passed = new Set<string>();
  // Each step: the places whose messages the subscriber gets, and where it met the first of them.
  let frontier = forwarders.filter((f) => meets(subscriber, side(f, 'backend'))).map((f) => ({ forwarder: f, entry: meeting(subscriber, side(f, 'backend')) }));
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { forwarder, entry } of frontier) {
      if (passed.has(forwarder.source)) continue;
      passed.add(forwarder.source);
      const upstream = side(forwarder, 'frontend');
      if (meets(upstream, publisher)) return entry;
      for (const f of forwarders) if (!passed.has(f.source) && meets(upstream, side(f, 'backend'))) next.push({ forwarder: f, entry });
    }
    frontier = next;
  }
  return undefined;
}
