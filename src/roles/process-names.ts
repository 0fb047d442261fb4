// Names the process behind a local TCP port, for a live capture: on Linux, the socket's inode from
// /proc/net/tcp{,6}, then the process holding that inode among /proc/*/fd, then its command line:
// `python3 hwserver.py (pid 1234)`. Elsewhere, or for a port no process of ours can see, nothing
// (the capture then names the end host:port).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { Endpoint, ProcessName } from '../shared/wire';
import { ipv6 } from '../shared/wire/packet';

/** How long a port's owner is remembered: ports are reused, but a connection's first look is what counts. */
const REMEMBER_MS = 10_000;
/**
 * /proc is read again at most this often when a port is not found in what was read last: a new
 * connection's ends are looked up as soon as its first bytes are seen, so the wait is short (a
 * longer one left ends unnamed), but a flood of connections does not rescan for each.
 */
const RESCAN_MS = 5;

export class ProcessNames {
  private byPort = new Map<string, { name: ProcessName; at: number }>();
  private lastScan = -Infinity;

  readonly name = (end: Endpoint): ProcessName | undefined => {
    if (process.platform !== 'linux') return undefined;
    const now = performance.now();
    const known = this.lookUp(end, now);
    if (known || now - this.lastScan < RESCAN_MS) return known;
    this.lastScan = now;
    this.scan(now);
    return this.lookUp(end, now);
  };

  /**
   * The owner of the socket on that address and port; else of the one listening on the port (a
   * server end whose connection the program has not accepted yet has no descriptor of its own).
   */
  private lookUp(end: Endpoint, now: number): ProcessName | undefined {
    for (const host of [end.host, '0.0.0.0', '::']) {
      const known = this.byPort.get(`${host}|${end.port}`);
      if (known && now - known.at < REMEMBER_MS) return known.name;
    }
    return undefined;
  }

  private scan(now: number): void {
    const inodes = new Map<string, string[]>(); // inode -> host|port keys
    for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const { host, port, inode } of readTable(file)) {
        const keys = inodes.get(inode) ?? [];
        keys.push(`${host}|${port}`);
        inodes.set(inode, keys);
      }
    }
    if (inodes.size === 0) return;
    const owners = new Map<string, ProcessName>();
    for (const pid of safe(() => readdirSync('/proc'), []).filter((name) => /^\d+$/.test(name))) {
      for (const fd of safe(() => readdirSync(`/proc/${pid}/fd`), [])) {
        const inode = /^socket:\[(\d+)\]$/.exec(safe(() => readlinkSync(`/proc/${pid}/fd/${fd}`), ''))?.[1];
        if (!inode || !inodes.has(inode)) continue;
        const name = owners.get(pid) ?? { source: `${commandOf(pid)} (pid ${pid})`, pid: Number(pid) };
        owners.set(pid, name);
        for (const key of inodes.get(inode)!) this.byPort.set(key, { name, at: now });
      }
    }
    if (this.byPort.size > 10_000) this.byPort = new Map([...this.byPort].filter(([, entry]) => now - entry.at < REMEMBER_MS));
  }
}

/** Whether a process's environment has `name=value` (false where it cannot be read: another user's, or not Linux). */
export function hasEnvironment(pid: number, name: string, value: string): boolean {
  return safe(() => readFileSync(`/proc/${pid}/environ`, 'utf8'), '').split('\0').includes(`${name}=${value}`);
}

/** A process's command, short: the program's base name and its arguments, as `ps` would show them. */
function commandOf(pid: string): string {
  const argv = safe(() => readFileSync(`/proc/${pid}/cmdline`, 'utf8'), '').split('\0').filter(Boolean);
  if (argv.length === 0) return safe(() => readFileSync(`/proc/${pid}/comm`, 'utf8').trim(), 'process');
  const text = [basename(argv[0]), ...argv.slice(1).map((arg) => (arg.includes('/') && !arg.startsWith('-') ? basename(arg) : arg))].join(' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** The local ends of a /proc/net/tcp{,6} table with their socket inodes. */
function readTable(file: string): { host: string; port: number; inode: string }[] {
  return safe(() => readFileSync(file, 'utf8'), '')
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const fields = line.trim().split(/\s+/);
      const [address, port] = (fields[1] ?? '').split(':');
      const inode = fields[9];
      if (!address || !port || !inode || inode === '0') return [];
      return [{ host: hostOf(address), port: parseInt(port, 16), inode }];
    });
}

/** /proc's hex address (32-bit words in host byte order, little-endian here) as the decoder writes it. */
function hostOf(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((byte) => parseInt(byte, 16)));
  if (bytes.length === 4) return bytes.join('.');
  // An IPv4-mapped IPv6 address is the IPv4 one on the wire.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
  return ipv6(Uint8Array.from(bytes), 0);
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
