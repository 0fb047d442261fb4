// What a failed (or timed-out) test's roles were doing, printed before they are stopped: each
// role's command, pid and last events and stderr, and every loopback TCP connection on the ports
// they bound or connected to, with the process that holds each end. A message that never arrives
// then shows where it went (e.g. a process from an earlier test still connected to the port).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Diagnosable {
  readonly role: string;
  readonly args: string[];
  readonly child: { pid?: number; exitCode: number | null; signalCode: NodeJS.Signals | null };
  readonly events: unknown[];
  readonly stderr: string;
}

/** The test running now (mocha's root hook below), to tell whether it failed when its roles are stopped. */
let current: { state?: string; fullTitle(): string } | undefined;
if (typeof beforeEach === 'function') {
  beforeEach(function () {
    current = this.currentTest;
  });
}

export function currentTestFailed(): boolean {
  return current?.state === 'failed';
}

/** The report of a failed test's roles, as text. */
export function diagnose(roles: Diagnosable[]): string {
  const lines = [`(test) "${current?.fullTitle() ?? '?'}" failed; its roles, before they were stopped:`];
  const ports = new Set<number>();
  for (const role of roles) {
    const { pid, exitCode, signalCode } = role.child;
    const state = exitCode === null && signalCode === null ? 'running' : `exited ${exitCode ?? signalCode}`;
    lines.push(`  ${role.role} ${role.args.join(' ')}  [pid ${pid}, ${state}]`);
    for (const event of role.events.filter(telling).slice(-40)) lines.push(`    ${compact(event)}`);
    if (role.stderr.trim()) lines.push(...role.stderr.trim().split('\n').slice(-10).map((line) => `    stderr: ${line}`));
    for (const port of role.args.join(' ').matchAll(/:(\d{2,5})\b/g)) ports.add(Number(port[1]));
    for (const event of role.events as { event?: string; bound?: string[] }[]) {
      if (event.event === 'ready') for (const bound of event.bound ?? []) ports.add(Number(/:(\d+)$/.exec(bound)?.[1]));
    }
  }
  lines.push(`  TCP on ports ${[...ports].join(', ')}:`, ...tcpOn(ports).map((line) => `    ${line}`));
  return lines.join('\n');
}

/** A connect that keeps failing repeats three events every 100 ms: they would hide the others. */
function telling(event: unknown): boolean {
  const { event: kind, type } = event as { event?: string; type?: string };
  return !(kind === 'socket' && (type === 'connect:delay' || type === 'connect:retry' || type === 'close'));
}

function compact(event: unknown): string {
  const text = JSON.stringify(event);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** IPv4 TCP sockets (/proc/net/tcp) with either end on one of `ports`, and the processes holding them. */
export function tcpOn(ports: Set<number>): string[] {
  const owners = socketOwners();
  const rows = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).filter(Boolean);
  const found: string[] = [];
  for (const row of rows) {
    const fields = row.trim().split(/\s+/);
    const [local, remote, state, inode] = [address(fields[1]), address(fields[2]), TCP_STATES[fields[3]] ?? fields[3], fields[9]];
    if (!ports.has(local.port) && !ports.has(remote.port)) continue;
    found.push(`${local.text} -> ${remote.text} ${state}  ${owners.get(inode) ?? '(no process)'}`);
  }
  return found;
}

const TCP_STATES: Record<string, string> = { '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '06': 'TIME_WAIT', '07': 'CLOSE', '08': 'CLOSE_WAIT', '0A': 'LISTEN' };

function address(hex: string): { port: number; text: string } {
  const [ip, port] = hex.split(':');
  const bytes = ip.match(/../g)!.map((byte) => parseInt(byte, 16)).reverse();
  return { port: parseInt(port, 16), text: `${bytes.join('.')}:${parseInt(port, 16)}` };
}

/** Socket inode to "pid N: command", from every process's open files. */
function socketOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160);
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`))?.[1];
        if (inode) owners.set(inode, `pid ${entry}: ${command}`);
      }
    } catch {
      // Gone, or not ours to read.
    }
  }
  return owners;
}
