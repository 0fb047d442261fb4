// `zmq-sessions report FILE`: the analytics the inspector shows, from a capture (JSON Lines as
// `record` or the extension's Export Capture write), as text or as JSON.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { keptReasons, pushFile } from './capture';
import { Analytics, formatReport } from '../shared/analytics';
import { DEFAULT_STUCK_AFTER_MS } from '../shared/analytics/reqrep';
import { CaptureError, CollectedEvent, parseCapture } from '../shared/telemetry';
import { isCaptureFile, readTwice } from '../shared/wire';
import { RoleError } from './errors';
import { commandSpec, OptionsOf } from './options';

export const reportSpec = commandSpec({
  summary: 'Prints the analytics of a capture: the pitfalls diagnosed, request-reply round trips, what each\nsubscriber matched, received and missed, pipeline batch timing per worker, throughput and socket events.',
  positional: { name: 'capture file (.jsonl, .pcap, .pcapng)' },
  options: {
    json: { default: false, help: 'print the report as one JSON object' },
    stuckAfter: { default: DEFAULT_STUCK_AFTER_MS, help: 'a REQ unanswered for longer than MS is a stuck-request' },
  },
});

type ReportOptions = OptionsOf<typeof reportSpec>;

export function report(file: string, options: ReportOptions): number {
  let text: string;
  try {
    if (isCaptureFile(readHead(file))) return print(wireAnalytics(file, new Analytics({ stuckAfterMs: options.stuckAfter })), options);
    if (/\.pcap(ng)?$/i.test(file)) throw new RoleError(`${file} is not a pcap or pcapng file: it does not start as one. Give a file that tcpdump -w, dumpcap or Wireshark wrote.`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof RoleError) throw error;
    throw new RoleError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}. Give a capture written by zmq-sessions record or Export Capture.`);
  }
  let events: CollectedEvent[];
  try {
    events = parseCapture(text);
  } catch (error) {
    if (!(error instanceof CaptureError)) throw error;
    throw new RoleError(`${file}${error.line ? `, line ${error.line}` : ''}: ${error.message}`);
  }
  const analytics = new Analytics({ stuckAfterMs: options.stuckAfter });
  for (const event of events) analytics.add(event);
  return print({ analytics, last: events.reduce((latest, event) => Math.max(latest, event.t), 0) }, options);
}

function print({ analytics, last }: { analytics: Analytics; last: number }, options: ReportOptions): number {
  const result = analytics.report(last);
  console.log(options.json ? JSON.stringify(result, null, 2) : formatReport(result));
  return 0;
}

function readHead(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const head = new Uint8Array(4);
    return head.subarray(0, readSync(fd, head, 0, 4, 0));
  } finally {
    closeSync(fd);
  }
}

/** The analytics of a pcap/pcapng file, read in chunks: a capture of gigabytes is never held whole. */
function wireAnalytics(file: string, analytics: Analytics): { analytics: Analytics; last: number } {
  let last = 0;
  const reasons = keptReasons();
  const { error } = readTwice((capture) => pushFile(file, capture), (event) => {
    reasons.add(event);
    analytics.add(event);
    last = Math.max(last, event.t);
  });
  // What was read before any damage is reported; the damage, and connections that could not be
  // decoded, are said on stderr (stdout stays the report, or its JSON).
  if (error && last === 0) throw new RoleError(`${file}: ${error}`);
  if (error) console.error(`Warning: ${file}: ${error}`);
  for (const reason of reasons.lines) console.error(`Warning: ${reason}`);
  return { analytics, last };
}
