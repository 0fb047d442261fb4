// Real captures for the webview tests: whole sessions of each pattern run by the CLI with
// --inspect into an in-process collector, and the host messages the extension would post for
// them (the same rows, names and analytics as src/extension/inspector/panel.ts).
import { Capture } from '../../src/collector/capture';
import { Collector } from '../../src/collector/collector';
import { HostMessage, messageRowOf, MessageRow, SourceLabel } from '../../src/shared/inspector-protocol';
import { ANY_PORT, runCli } from '../helpers/cli';

const SESSIONS: [string, string[]][] = [
  ['reqrep #1', ['run', 'reqrep', '--bind', ANY_PORT, '--count', '20', '--delay', '2']],
  ['pubsub #1', ['run', 'pubsub', '--bind', ANY_PORT, '--filter', '1', '--count', '30']],
  ['pipeline #1', ['run', 'pipeline', '--bind', ANY_PORT, '--sink', ANY_PORT, '--workers', '3', '--tasks', '40', '--workload', '1-30']],
];

/** Runs one session of each pattern; `run` names its roles rep, req, pub, sub, ventilator, worker-N, sink. */
export async function recordSessions(): Promise<{ capture: Capture; labels: SourceLabel[] }> {
  const collector = await Collector.start();
  const capture = new Capture(100_000, collector);
  const labels: SourceLabel[] = [];
  try {
    for (const [session, args] of SESSIONS) {
      const before = new Set(capture.kept().events.map((event) => event.source));
      const run = await runCli([...args, '--inspect', collector.endpoint], { timeoutMs: 30_000 });
      if (run.code !== 0) throw new Error(`${args.join(' ')} failed (${run.code}): ${run.stderr}`);
      // Its roles' last events are on their way from the processes that just exited.
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const source of new Set(capture.kept().events.map((event) => event.source))) {
        if (!before.has(source)) labels.push({ source, session, label: source.replace('-', ' ') });
      }
    }
  } finally {
    collector.dispose();
  }
  return { capture, labels };
}

export function rowsOf(capture: Capture): MessageRow[] {
  const { events, firstId } = capture.kept();
  return events.flatMap((event, index) => messageRowOf(event, firstId + index) ?? []);
}

/** The host's `reset` for a capture, as the panel posts it after `ready`. */
export function resetOf(capture: Capture, labels: SourceLabel[], rows = rowsOf(capture), focus: string | null = null): HostMessage {
  const now = capture.kept().events.reduce((latest, event) => Math.max(latest, event.t), 0);
  return { type: 'reset', rows, sources: labels, status: { rows: rows.length, ...capture.lost }, report: capture.analytics.report(now), focus };
}
