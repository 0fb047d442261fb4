// From a capture file, without process names, each listening port and each connecting end is a
// program of its own: a broker (the zguide's rrbroker: a ROUTER and a DEALER that both bind) or a
// forwarder (wuproxy: an XSUB and an XPUB) falls apart into two. Where a host holds exactly one
// end of each of a device's two kinds, they are taken for one program, named after the first:
// names for a second reading of the capture, as for a ventilator's two sockets (telemetry.ts).
import { ProcessName, Program } from './programs';

/** A device's two halves: the socket type of each, and whether that half must be a listening end. */
const DEVICES = [
  { first: 'ROUTER', second: 'DEALER', bound: true },
  { first: 'XPUB', second: 'XSUB', bound: false },
];

/** The host and port of an unnamed program's end, from its `host:port` name. */
function endOf(program: Program): { host: string; port: number } | undefined {
  const match = /^\[?(.*?)\]?:(\d+)$/.exec(program.source);
  return match ? { host: match[1], port: Number(match[2]) } : undefined;
}

export function deviceAliases(programs: Iterable<Program>): Map<string, ProcessName> {
  const aliases = new Map<string, ProcessName>();
  const unnamed = [...programs].filter((program) => program.unnamed && program.types.size === 1);
  for (const { first, second, bound } of DEVICES) {
    const halves = (type: string) => unnamed.filter((program) => program.types.has(type) && (!bound || (program.bound.size > 0 && program.connected.size === 0)));
    const byHost = (list: Program[]) => {
      const hosts = new Map<string, Program[]>();
      for (const program of list) {
        const host = endOf(program)?.host ?? '';
        hosts.set(host, [...(hosts.get(host) ?? []), program]);
      }
      return hosts;
    };
    const firsts = byHost(halves(first));
    for (const [host, seconds] of byHost(halves(second))) {
      const ones = firsts.get(host);
      if (!host || ones?.length !== 1 || seconds.length !== 1) continue;
      const end = endOf(seconds[0])!;
      aliases.set(`${end.host}|${end.port}`, { source: ones[0].source });
    }
  }
  return aliases;
}
