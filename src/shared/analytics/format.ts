// The human text of an analytics report, as `zmq-sessions report` prints it: one section per
// pattern that has sources, aligned columns, units in the headers, `~` before estimated figures.
import type { AnalyticsReport } from './report';
import type { BatchReport } from './pipeline-report';

/** Socket events listed per source in the text (the report holds more). */
const SOCKET_EVENTS_SHOWN = 10;
/** Messages shown per pair conversation. */
const PAIR_LINES_SHOWN = 10;
/** Seconds of throughput shown per socket. */
const THROUGHPUT_SHOWN_S = 10;

export function formatReport(report: AnalyticsReport): string {
  const out: string[] = [`ZeroMQ sessions report at ${clock(report.now)} UTC`];
  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push('', title, ...lines.map((line) => (line ? `  ${line}` : '')));
  };
  section(`Diagnoses (${report.diagnoses.length})`, diagnoses(report));
  section('Sources', sources(report));
  section(`Request-reply (stuck after ${report.reqrep.stuckAfterMs} ms)`, reqrep(report));
  section('Publish-subscribe', pubsub(report));
  section('Pipeline', pipeline(report));
  section('Request-reply through brokers', brokers(report));
  section('Publish-subscribe through forwarders', forwarders(report));
  section(`Pair conversations (last ${PAIR_LINES_SHOWN} messages)`, pairs(report));
  section(`Throughput (messages per second, last ${THROUGHPUT_SHOWN_S} s, oldest first)`, throughput(report));
  section(`Socket events (last ${SOCKET_EVENTS_SHOWN} per source)`, socketEvents(report));
  if (report.unattributedEvents) out.push('', `${report.unattributedEvents} events dropped: their source never said its role.`);
  if (out.length === 1) out.push('', 'No events yet.');
  return `${out.join('\n')}\n`;
}

/** Each pitfall found: its severity and kind, its summary, its figures and its fix. */
function diagnoses(report: AnalyticsReport): string[] {
  return report.diagnoses.flatMap((d, i) => [
    ...(i ? [''] : []),
    `${d.severity.toUpperCase()} ${d.kind}: ${d.summary}`,
    `  ${d.evidence.map((f) => `${f.name} ${f.value}${f.unit ? ` ${f.unit}` : ''}`).join(' · ')}`,
    `  Fix: ${d.advice}`,
  ]);
}

function sources(report: AnalyticsReport): string[] {
  if (!report.sources.length) return [];
  return table(
    ['source', 'role', 'pid', 'state', 'bound', 'connected'],
    report.sources.map((s) => [s.source, s.role ?? '?', s.pid === null ? '—' : String(s.pid), s.end ?? (s.readyT === null ? 'starting' : 'running'), s.bound.join(' ') || '—', s.connected.join(' ') || '—']),
    'llrlll',
  );
}

function reqrep(report: AnalyticsReport): string[] {
  const { clients, servers } = report.reqrep;
  const lines: string[] = [];
  if (clients.length) {
    lines.push(
      ...table(
        ['REQ client', 'requests', 'replies', 'timeouts', 'pairs', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'outstanding'],
        clients.map((c) => {
          const rt = c.roundTrip;
          const approx = rt && !rt.exact ? '~' : '';
          const waiting = c.outstanding.map((o) => `#${o.seq} for ${o.approximate ? '≥' : ''}${ms(o.ageMs)} ms${o.stuck ? ' STUCK' : ''}`).join(', ');
          return [c.source + (c.sampled ? ' (sampled)' : ''), String(c.requests), String(c.replies), String(c.timeouts), String(c.pairs),
            rt ? approx + ms(rt.p50Ms) : '—', rt ? approx + ms(rt.p95Ms) : '—', rt ? approx + ms(rt.p99Ms) : '—', rt ? ms(rt.maxMs) : '—', waiting || (c.ended ? 'ended' : 'none')];
        }),
        'lrrrrrrrrl',
      ),
    );
  }
  if (servers.length) {
    if (lines.length) lines.push('');
    lines.push(...table(['REP server', 'requests', 'replies', 'bound'], servers.map((s) => [s.source, String(s.requests), String(s.replies), s.bound.join(' ')]), 'lrrl'));
  }
  return lines;
}

function brokers(report: AnalyticsReport): string[] {
  return report.brokers.flatMap((b, n) => [
    ...(n ? [''] : []),
    `${b.source}: clients at ${b.frontend.join(' ') || '—'}, workers at ${b.backend.join(' ') || '—'}${b.sampled ? ' (sampled)' : ''}`,
    `requests in ${b.requestsIn}, to workers ${b.requestsOut}, replies ${b.repliesIn} in and ${b.repliesOut} out; queued at the broker ${b.queued}, at workers ${b.atWorkers}`,
    ...table(
      ['client identity', 'requests', 'replies', 'waiting', 'p50 ms', 'p95 ms', 'max ms'],
      b.clients.map((c) => {
        const rt = c.roundTrip;
        const approx = rt && !rt.exact ? '~' : '';
        return [c.identity, String(c.requests), String(c.replies), String(c.waiting), rt ? approx + ms(rt.p50Ms) : '—', rt ? approx + ms(rt.p95Ms) : '—', rt ? ms(rt.maxMs) : '—'];
      }),
      'lrrrrrr',
    ),
    ...(b.workers.length ? table(['worker', 'requests', 'share'], b.workers.map((w) => [w.source, String(w.requests), `${Math.round(w.share * 100)}%`]), 'lrr') : ['workers: none of the captured roles']),
  ]);
}

function forwarders(report: AnalyticsReport): string[] {
  return report.forwarders.flatMap((f, n) => [
    ...(n ? [''] : []),
    `${f.source}: publishers at ${f.frontend.join(' ') || '—'}, subscribers at ${f.backend.join(' ') || '—'}; updates ${f.updatesIn} in, ${f.updatesOut} out`,
    ...(f.topics.length
      ? table(['subscription', 'state', 'subscribed', 'cancelled'], f.topics.map((t) => [JSON.stringify(t.topic), t.active ? 'active' : 'cancelled', String(t.subscribed), String(t.cancelled)]), 'llrr')
      : ['no subscriptions forwarded']),
  ]);
}

function pairs(report: AnalyticsReport): string[] {
  return report.pairs.flatMap((pair, n) => [
    ...(n ? [''] : []),
    `${pair.source} with ${pair.peer ?? 'a peer not in the capture'}: sent ${pair.sent}, received ${pair.received}`,
    ...pair.lines.slice(-PAIR_LINES_SHOWN).map((line) => `${line.direction === 'sent' ? '→' : '←'} ${line.text}`),
  ]);
}

function pubsub(report: AnalyticsReport): string[] {
  const { publishers, subscribers } = report.pubsub;
  const lines: string[] = [];
  if (publishers.length) {
    lines.push(
      ...table(
        ['publisher', 'published', 'reported', 'subscribers'],
        publishers.map((publisher) => [publisher.source, String(publisher.published), String(publisher.reported) + (publisher.sampled ? ' (sampled)' : ''), publisher.subscribers.join(' ') || '—']),
        'lrrl',
      ),
    );
  }
  if (subscribers.length) {
    if (lines.length) lines.push('');
    lines.push(
      ...table(
        ['subscriber', 'filters', 'joined after ms', 'matched', 'missed before join', 'received', 'dropped after join'],
        subscribers.map((s) => {
          const e = s.estimated ? '~' : '';
          return [s.source + (s.partial ? ' (partial)' : ''), s.filters.map((f) => JSON.stringify(f)).join(' ') || '(none)', s.joinedAt === null ? 'not yet' : ms(s.joinedAt - s.startedAt),
            e + s.matched, e + s.missedBeforeJoin, String(s.received), e + s.droppedAfterJoin];
        }),
        'llrrrrr',
      ),
    );
  }
  return lines;
}

function pipeline(report: AnalyticsReport): string[] {
  const { pipelines, batches, unassignedTasks, strayResults } = report.pipeline;
  if (!pipelines.length) return [];
  const lines = pipelines.map((info) => `${info.ventilator} → ${info.workers.length} worker(s) → ${info.sinks.join(' ') || 'no sink'}${info.waitingForEnter === null ? '' : `, waiting for Enter (batch ${info.waitingForEnter})`}`);
  if (batches.length) {
    lines.push('');
    lines.push(
      ...table(
        ['batch', 'ventilator', 'state', 'tasks', 'expected ms', 'elapsed ms', 'ideal ms', 'workers', 'speed-up', 'efficiency', 'progress'],
        batches.map((b) => {
          const e = b.estimated ? '~' : '';
          return [String(b.batch), b.ventilator, b.state, num(b.tasks), e + msOr(b.expectedCostMs), msOr(b.elapsedMs), e + msOr(b.idealMs), String(b.workers.length),
            b.speedUp === null ? '—' : `${e}${b.speedUp.toFixed(2)}x`, pct(b.efficiency), pct(b.progress)];
        }),
        'rllrrrrrrrr',
      ),
    );
    for (const batch of batches) lines.push('', ...workers(batch), ...lost(batch));
  }
  if (unassignedTasks) lines.push('', `${unassignedTasks} worker task(s) before any batch start.`);
  if (strayResults) lines.push('', `${strayResults} sink result(s) before any batch start.`);
  return lines;
}

function workers(batch: BatchReport): string[] {
  const title = `batch ${batch.batch} of ${batch.ventilator}: per worker`;
  if (!batch.workers.length) return [`${title}: none yet`];
  return [
    title,
    ...table(
      ['worker', 'tasks', 'busy ms', 'utilization', 'mean wait ms', 'mean task ms'],
      batch.workers.map((w) => [w.worker, String(w.tasks), ms(w.busyMs), pct(w.utilization), msOr(w.meanWaitMs), msOr(w.meanProcessingMs)]),
      'lrrrrr',
    ).map((line) => `  ${line}`),
  ];
}

/** What a batch lost with workers that were killed, and what no worker took. */
function lost(batch: BatchReport): string[] {
  const lines = batch.taskDetails
    .filter((task) => task.lost)
    .map((task) => `  task lost with ${task.worker} (killed): workload ${msOr(task.workload)} ms, taken ${ms(task.waitMs)} ms into the batch`);
  if (batch.lostTasks > lines.length) lines.push(`  ${batch.lostTasks - lines.length} more task(s) lost with killed workers`);
  if (batch.state !== 'done' && batch.notTaken) lines.push(`  ${batch.notTaken} task(s) sent that no worker took: queued, or gone with a killed worker`);
  return lines;
}

function throughput(report: AnalyticsReport): string[] {
  const rows = report.throughput.sources.flatMap((s) =>
    s.sockets.map((k) => [s.source, k.socket, k.direction, String(k.total), String(k.lastPerSecond), String(k.peakPerSecond), k.perSecond.slice(-THROUGHPUT_SHOWN_S).join(' ')]),
  );
  return rows.length ? table(['source', 'socket', 'direction', 'total', 'last s', 'peak s', 'per second'], rows, 'lllrrrl') : [];
}

function socketEvents(report: AnalyticsReport): string[] {
  const rows = report.socketEvents.sources.flatMap((s) =>
    s.events.slice(-SOCKET_EVENTS_SHOWN).map((e) => [s.source, clock(e.t), e.socket, e.type, e.address ?? '']),
  );
  return rows.length ? table(['source', 'time', 'socket', 'type', 'address'], rows, 'lllll') : [];
}

/** Columns padded to their widest cell; `align` has one letter per column, l or r. */
export function table(header: string[], rows: string[][], align: string): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

function ms(value: number): string {
  return value.toFixed(1);
}

function msOr(value: number | null): string {
  return value === null ? '—' : ms(value);
}

function num(value: number | null): string {
  return value === null ? '—' : String(value);
}

function pct(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 23);
}
