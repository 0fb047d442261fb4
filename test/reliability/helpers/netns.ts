// Private networks for fault tests: Linux network namespaces joined by veth pairs, each pair a /30
// of 10.250.N.0 that exists only inside the namespaces. Creating them needs root (CI runs as root);
// everything made here is removed by remove(), which useNetwork's hooks call whatever happened.
import { execFileSync } from 'node:child_process';

const IP = '/usr/sbin/ip';

/** Why these tests cannot run here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'network namespaces need root: run this suite as root (CI does)';
  try {
    execFileSync(IP, ['-V'], { stdio: 'ignore' });
  } catch {
    return `${IP} (iproute2) is missing: apt-get install iproute2`;
  }
  return undefined;
}

function ip(...args: string[]): string {
  return execFileSync(IP, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface Link {
  /** The interface in the first namespace and its address. */
  a: { ns: string; dev: string; address: string };
  b: { ns: string; dev: string; address: string };
}

export class Network {
  private readonly namespaces: string[] = [];
  private links = 0;
  /** Short and unique per test process: interface names are at most 15 characters. */
  private readonly tag = `zr${process.pid % 100000}`;

  /** A namespace with its loopback up; returns its name for `ip netns exec`. */
  namespace(name: string): string {
    const ns = `${this.tag}${name}`;
    ip('netns', 'add', ns);
    this.namespaces.push(ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    return ns;
  }

  /** A veth pair between two namespaces, addressed .1 and .2 on a /30 of its own. */
  link(nsA: string, nsB: string): Link {
    const n = ++this.links;
    const a = { ns: nsA, dev: `${this.tag}l${n}a`, address: `10.250.${n}.1` };
    const b = { ns: nsB, dev: `${this.tag}l${n}b`, address: `10.250.${n}.2` };
    ip('link', 'add', a.dev, 'netns', a.ns, 'type', 'veth', 'peer', 'name', b.dev, 'netns', b.ns);
    for (const end of [a, b]) {
      ip('-n', end.ns, 'addr', 'add', `${end.address}/30`, 'dev', end.dev);
      ip('-n', end.ns, 'link', 'set', end.dev, 'up');
    }
    return { a, b };
  }

  /** Cuts (down) or restores (up) a link, from its first end; the peer loses its carrier too. */
  set(link: Link, state: 'up' | 'down'): void {
    ip('-n', link.a.ns, 'link', 'set', link.a.dev, state);
  }

  /** Deletes every namespace made here; their veth pairs go with them. */
  remove(): void {
    for (const ns of this.namespaces.splice(0)) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // Already gone.
      }
    }
  }

  /** Namespaces of this process that exist, to check that cleanup left none. */
  leftovers(): string[] {
    return ip('netns', 'list').split('\n').map((line) => line.split(' ')[0]).filter((ns) => ns.startsWith(this.tag));
  }
}

export const NETNS_EXEC = (ns: string) => [IP, 'netns', 'exec', ns];

/**
 * The network of a describe block: its tests fail, not skip, where namespaces cannot be made (CI
 * runs as root, so that is a failure to see), and what was made is removed after each test, or
 * after the block's last one for namespaces its `before` makes for all of them.
 */
export function useNetwork(what: string, removeAfter: 'each' | 'all' = 'each'): Network {
  const network = new Network();
  before(function () {
    const reason = netnsUnavailable();
    if (reason) throw new Error(`Cannot run ${what}: ${reason}.`);
  });
  (removeAfter === 'each' ? afterEach : after)(() => network.remove());
  return network;
}
