// `zmq-sessions report FILE`: the analytics the inspector shows, from a capture (JSON Lines as
// `record` or the extension's Export Capture write), as text or as JSON.
import { readFileSync } from 'node:fs';
import { Analytics, formatReport } from '../shared/analytics';
import { CollectedEvent, isCollectedEvent } from '../shared/telemetry';
import { RoleError } from './errors';
import { CommandSpec, RoleOptions } from './options';

export const reportSpec: CommandSpec = {
  summary: 'Prints the analytics of a capture: request-reply round trips, what each subscriber matched,\nreceived and missed, pipeline batch timing per worker, throughput and socket events.',
  positional: { name: 'capture file (.jsonl)' },
  options: { json: { default: false, help: 'print the report as one JSON object' } },
};

export function report(file: string, options: RoleOptions): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RoleError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}. Give a capture written by zmq-sessions record or Export Capture.`);
  }
  const analytics = new Analytics();
  let last = 0;
  let count = 0;
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let event: CollectedEvent;
    try {
      event = JSON.parse(line);
    } catch {
      throw new RoleError(`${file}, line ${index + 1}: not JSON. A capture has one event per line, as zmq-sessions record writes it.`);
    }
    if (!isCollectedEvent(event)) {
      throw new RoleError(`${file}, line ${index + 1}: not a captured event, or one with a field missing or of the wrong type.`);
    }
    analytics.add(event);
    last = Math.max(last, event.t);
    count++;
  });
  if (count === 0) throw new RoleError(`${file} holds no events. Record some first: zmq-sessions record --out ${file}`);
  const result = analytics.report(last);
  console.log(options.json ? JSON.stringify(result, null, 2) : formatReport(result));
  return 0;
}
