// The packet capture program `capture` runs: tcpdump where there is one, else Wireshark's dumpcap;
// its command line; and what to tell the user when it is missing or may not capture.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { RoleError } from './errors';

export type ToolName = 'tcpdump' | 'dumpcap';

/** Where the tools live besides PATH (sbin is not on every user's PATH). */
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin', 'C:\\Program Files\\Wireshark'];

/** The first of tcpdump and dumpcap found in `dirs` (PATH, then where they are usually installed). */
export function findCaptureTool(dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS]): { name: ToolName; path: string } {
  for (const name of ['tcpdump', 'dumpcap'] as const) {
    for (const dir of dirs) {
      const path = join(dir, process.platform === 'win32' ? `${name}.exe` : name);
      try {
        accessSync(path, constants.X_OK);
        return { name, path };
      } catch {
        // not here
      }
    }
  }
  throw new RoleError(`Neither tcpdump nor dumpcap was found. ${installHint()} Or decode a file captured elsewhere with --read FILE.`);
}

function installHint(): string {
  switch (process.platform) {
    case 'linux':
      return 'Install tcpdump (Debian/Ubuntu: sudo apt-get install tcpdump; Fedora: sudo dnf install tcpdump), or wireshark-common for dumpcap.';
    case 'darwin':
      return 'macOS ships tcpdump in /usr/sbin: check that it is there, or install Wireshark for dumpcap.';
    case 'win32':
      return 'Install Wireshark with Npcap: it brings dumpcap.';
    default:
      return 'Install tcpdump from your system\'s packages.';
  }
}

/** The capture filter (TCP on the ports, and the user's own), and the tool's arguments to write pcap to stdout as it captures. */
export function captureCommand(tool: ToolName, iface: string, ports: number[], bpf: string): { args: string[]; filter: string } {
  const parts = ['tcp'];
  if (ports.length) parts.push(`(${ports.map((port) => `port ${port}`).join(' or ')})`);
  if (bpf.trim()) parts.push(`(${bpf.trim()})`);
  const filter = parts.join(' and ');
  // tcpdump -U writes each packet as it comes, and --immediate-mode takes each from the kernel as it
  // comes (without it, the last packets before a stop were seen lost in the kernel's ring buffer);
  // -s 0 keeps whole packets; -B 32 MiB of kernel buffer (the default dropped packets under a few
  // MiB at loopback speed). dumpcap writes pcapng.
  const args = tool === 'tcpdump' ? ['-i', iface, '--immediate-mode', '-B', '32768', '-U', '-s', '0', '-w', '-', filter] : ['-i', iface, '-q', '-B', '32', '-w', '-', '-f', filter];
  return { args, filter };
}

/** Why the tool did not capture, and what to do: from its error output. */
export function captureFailure(tool: ToolName, iface: string, stderr: string, spawnError?: Error): string {
  const said = stderr.trim().split('\n').filter((line) => !/^(tcpdump: )?listening on|^Capturing on/.test(line)).slice(-1)[0] ?? spawnError?.message ?? 'no reason given';
  if (/permission|not permitted|EACCES|EPERM/i.test(said)) {
    const how =
      process.platform === 'darwin' ? 'give your user read access to /dev/bpf* (Wireshark\'s ChmodBPF does it)'
      : process.platform === 'win32' ? 'install Npcap, allowing non-administrators to capture'
      : tool === 'dumpcap' ? 'add yourself to the wireshark group (sudo usermod -aG wireshark $USER, then log in again)'
      : 'run as root, or grant it once: sudo setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump)';
    return `${tool} may not capture on ${iface}: ${said}. To allow it, ${how}.`;
  }
  if (/no such device|doesn't exist|no suitable device|There is no device/i.test(said)) {
    return `${tool} cannot capture on ${iface}: ${said}. List the interfaces with '${tool} -D' and give one with --interface.`;
  }
  if (/syntax error|can't parse filter|Invalid capture filter/i.test(said)) return `The capture filter is not valid: ${said}. Check --filter (tcpdump syntax).`;
  return `${tool} stopped: ${said}.`;
}
