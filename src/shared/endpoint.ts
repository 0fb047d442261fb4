// Endpoint validation shared by the CLI and the extension. libzmq's own errors for a malformed
// endpoint are terse (EINVAL), so we check the form first and say what a good one looks like.

export type EndpointUse = 'bind' | 'connect';

export interface Endpoint {
  transport: 'tcp' | 'ipc';
  /** tcp: host, IP address, `*` or an interface name; ipc: the socket file path. */
  host: string;
  /** tcp only: the port, or `*` for an ephemeral one when binding. */
  port?: string;
}

export class EndpointError extends Error {}

const FORMS = 'tcp://HOST:PORT (e.g. tcp://127.0.0.1:5555) or ipc://PATH (e.g. ipc:///tmp/zmq-demo)';

export function parseEndpoint(text: string, use: EndpointUse): Endpoint {
  const match = /^([a-z]+):\/\/(.*)$/.exec(text);
  if (!match) throw new EndpointError(`Malformed endpoint '${text}': use ${FORMS}.`);
  const [, transport, rest] = match;
  if (transport === 'ipc') {
    if (!rest) throw new EndpointError(`Malformed endpoint '${text}': the ipc path is empty; use ipc://PATH.`);
    if (rest === '*' && use === 'connect') {
      throw new EndpointError(`Cannot connect to '${text}': a wildcard path is only for --bind; give the path the peer bound.`);
    }
    return { transport, host: rest };
  }
  if (transport !== 'tcp') {
    throw new EndpointError(`Unsupported transport '${transport}://' in '${text}': sessions run between processes, so use ${FORMS}.`);
  }
  const hostPort = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/]+):([^:]*)$/.exec(rest);
  if (!hostPort) throw new EndpointError(`Malformed endpoint '${text}': use ${FORMS}.`);
  const [, host, port] = hostPort;
  if (port === '*' || port === '0') {
    if (use === 'connect') {
      throw new EndpointError(`Cannot connect to '${text}': give the port number the peer bound (a wildcard port is only for --bind).`);
    }
  } else if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new EndpointError(`Malformed endpoint '${text}': the port must be a number from 1 to 65535${use === 'bind' ? ' or * for any free port' : ''}.`);
  }
  if (host === '*' && use === 'connect') {
    throw new EndpointError(`Cannot connect to '${text}': '*' means all interfaces and is only for --bind; give a host name or address.`);
  }
  return { transport, host, port };
}

/** True for a bind that listens on every network interface, which other machines can reach. */
export function bindsAllInterfaces(endpoint: Endpoint): boolean {
  return endpoint.transport === 'tcp' && ['*', '0.0.0.0', '[::]', '[0:0:0:0:0:0:0:0]'].includes(endpoint.host);
}

/** The same endpoint on loopback, to suggest instead of an all-interfaces bind. */
export function loopbackOf(endpoint: Endpoint): string {
  return `tcp://127.0.0.1:${endpoint.port}`;
}

/** The endpoint a local peer connects to, for one this machine bound (all interfaces -> loopback). */
export function connectableFrom(bound: string): string {
  const endpoint = parseEndpoint(bound, 'bind');
  return bindsAllInterfaces(endpoint) ? loopbackOf(endpoint) : bound;
}

/**
 * The endpoint another machine reaches for one this machine bound: an all-interfaces bind with
 * this machine's address (the first given) instead of the wildcard; others as they are.
 */
export function reachableFrom(bound: string, addresses: string[]): string {
  const endpoint = parseEndpoint(bound, 'bind');
  if (!bindsAllInterfaces(endpoint) || addresses.length === 0) return bound;
  const host = addresses[0].includes(':') ? `[${addresses[0]}]` : addresses[0];
  return `tcp://${host}:${endpoint.port}`;
}
