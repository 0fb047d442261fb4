// Which TCP ports a wire capture watches: those a user types, and those a program's endpoints and
// command line name. One rule for the Capture Traffic command and for roles inspected on the wire.

/** A TCP port in an endpoint: tcp://host:port, tcp://[v6]:port, tcp://*:port (not tcp://*:*). */
const TCP_PORT = /tcp:\/\/(?:\[[^\]]*\]|[^\s/:;[\]]+):(\d{1,5})(?!\d)/g;

/** The TCP ports named in endpoints and arguments (`tcp://*:5555`, `--connect=tcp://h:5556`), in order, each once. */
export function portsNamed(texts: readonly string[]): number[] {
  const ports = texts.flatMap((text) => [...text.matchAll(TCP_PORT)].map((match) => Number(match[1])));
  return [...new Set(ports.filter(isPort))];
}

/** A TCP port number: 1 to 65535. */
export const isPort = (port: number) => Number.isInteger(port) && port >= 1 && port <= 65535;

/** Ports as typed ("5555, 5556" or "5555 5556"), or why they are not. */
export function parsePorts(text: string): { ports: number[] } | { error: string } {
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) return { error: 'Give at least one TCP port, e.g. 5555 (several separated by commas).' };
  const bad = words.find((word) => !/^\d{1,5}$/.test(word) || !isPort(Number(word)));
  if (bad !== undefined) return { error: `'${bad}' is not a TCP port: give numbers from 1 to 65535, separated by commas.` };
  return { ports: [...new Set(words.map(Number))] };
}

/** Why an interface name cannot be given to tcpdump, if it cannot (one that starts with '-' would be read as an option). */
export function interfaceProblem(name: string): string | undefined {
  if (!name.trim()) return 'Give an interface, e.g. lo (loopback), eth0, or any.';
  if (/\s/.test(name) || name.startsWith('-') || name.length > 256) return `'${name}' is not an interface name: give one as 'tcpdump -D' lists it, e.g. lo or eth0.`;
  return undefined;
}

/** Hosts that are this machine's loopback, or a wildcard bind (whose local peers come over loopback). */
const LOCAL_HOST = /^tcp:\/\/(\*|localhost|127\.[\d.]+|\[::1\]|0\.0\.0\.0|\[::\]):/;

/**
 * The interface to capture a program's endpoints on: loopback when they all are local (the usual
 * case, and the cheapest), else every interface where the platform has such a pseudo-interface.
 */
export function interfaceFor(endpoints: readonly string[], platform: string): string {
  const loopback = loopbackInterface(platform);
  const remote = endpoints.some((endpoint) => endpoint.startsWith('tcp://') && !LOCAL_HOST.test(endpoint));
  return remote && platform === 'linux' ? 'any' : loopback;
}

/** The loopback interface's name as tcpdump knows it. */
export const loopbackInterface = (platform: string): string => (platform === 'darwin' ? 'lo0' : 'lo');
