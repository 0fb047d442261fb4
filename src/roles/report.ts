// `zmq-sessions report FILE`: the analytics the inspector shows, from a capture (JSON Lines as
// `record` or the extension's Export Capture write), as text or as JSON.
import { readFileSync } from 'node:fs';
import { Analytics, formatReport } from '../shared/analytics';
import { DEFAULT_STUCK_AFTER_MS } from '../shared/analytics/reqrep';
import { CaptureError, CollectedEvent, parseCapture } from '../shared/telemetry';
import { RoleError } from './errors';
import { CommandSpec, RoleOptions } from './options';

export const reportSpec: CommandSpec = {
  summary: 'Prints the analytics of a capture: the pitfalls diagnosed, request-reply round trips, what each\nsubscriber matched, received and missed, pipeline batch timing per worker, throughput and socket events.',
  positional: { name: 'capture file (.jsonl)' },
  options: {
    json: { default: false, help: 'print the report as one JSON object' },
    stuckAfter: { default: DEFAULT_STUCK_AFTER_MS, help: 'a REQ unanswered for longer than MS is a stuck-request' },
  },
};

export function report(file: string, options: RoleOptions): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
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
  const last = events.reduce((latest, event) => Math.max(latest, event.t), 0);
  const result = analytics.report(last);
  console.log(options.json ? JSON.stringify(result, null, 2) : formatReport(result));
  return 0;
}
