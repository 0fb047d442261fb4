// The tables the run prints, in Markdown so that docs/performance.md can take them as they are.
const k = (value) => (value >= 1e6 ? `${(value / 1e6).toFixed(2)}M` : value >= 1e3 ? `${Math.round(value / 1e3)}k` : String(value));
const x = (value) => (value === null || value === undefined ? '–' : `${value.toFixed(2)}×`);
const row = (cells) => `| ${cells.join(' | ')} |`;
const size = (bytes) => (bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);

export function pipelineTable(rows, names) {
  const header = ['transport, size', ...names, 'roles / zeromq.js', 'roles --quiet / zeromq.js', 'roles / pyzmq', 'inspect / roles'];
  const lines = [row(header), row(header.map(() => '---'))];
  for (const { transport, size: bytes, programs } of rows) {
    const rate = (name) => programs[name]?.msgsPerSec;
    const of = (a, b) => (rate(a) && rate(b) ? rate(a) / rate(b) : null);
    lines.push(row([`${transport} ${size(bytes)}`, ...names.map((name) => (rate(name) ? k(rate(name)) : '–')), x(of('roles', 'zeromq.js')), x(of('roles --quiet', 'zeromq.js')), x(of('roles', 'pyzmq')), x(of('roles+inspect', 'roles'))]));
  }
  return lines.join('\n');
}

export function telemetryTable(rows) {
  const header = ['transport, size', 'messages', 'delivered', 'sampled out', 'dropped', 'counters exact', 'aggregate msgs/s', 'collector CPU'];
  const lines = [row(header), row(header.map(() => '---'))];
  for (const { transport, size: bytes, programs } of rows) {
    const t = programs['roles+inspect'].telemetry;
    lines.push(row([`${transport} ${size(bytes)}`, t.messages, t.delivered, t.sampledOut, t.dropped, t.countersExact ? 'yes' : 'NO', k(t.aggregateMsgsPerSec), `${Math.round(t.collectorCpuShare * 100)}% of a core`]));
  }
  return lines.join('\n');
}

export function cpuTable(rows, names) {
  const header = ['transport, size', ...names.map((name) => `${name} vent / worker`)];
  const lines = [row(header), row(header.map(() => '---'))];
  for (const { transport, size: bytes, programs } of rows) {
    lines.push(row([`${transport} ${size(bytes)}`, ...names.map((name) => programs[name]?.cpuUsPerMessage.map((us) => us.toFixed(2)).join(' / ') ?? '–')]));
  }
  return lines.join('\n');
}

export function reqrepTable(reqrep) {
  const header = ['program', 'median µs', 'p10 µs', 'p90 µs', 'p99 µs', 'run medians µs', '/ zeromq.js'];
  const lines = [row(header), row(header.map(() => '---'))];
  const bare = reqrep['zeromq.js'].medianUs;
  for (const [name, r] of Object.entries(reqrep)) {
    lines.push(row([name, r.medianUs, r.p10Us, r.p90Us, r.p99Us, r.runMediansUs.join(', '), x(r.medianUs / bare)]));
  }
  return lines.join('\n');
}

export function webviewTable(webview) {
  const header = ['msgs/s', 'rows kept', 'frame p50 ms', 'frame p95 ms', 'long tasks', 'long task ms', 'send-to-visible p50 ms', 'p95 ms', 'JS heap MB'];
  const lines = [row(header), row(header.map(() => '---'))];
  for (const r of webview.rates) {
    lines.push(row([k(r.rate), r.rowsKept, r.frameP50Ms, r.frameP95Ms, r.longTasks, r.longTaskMs, r.sendToVisibleP50Ms, r.sendToVisibleP95Ms, r.heapMB]));
  }
  return lines.join('\n');
}

export function targetsTable(list) {
  const lines = [row(['target', 'figure', 'limit', 'met']), row(['---', '---', '---', '---'])];
  for (const t of list) lines.push(row([t.name, String(t.value), t.limit, t.met === null ? '–' : t.met ? 'yes' : '**no**']));
  return lines.join('\n');
}
