// The targets of issue 8, checked against one run's figures: each with its figure, its limit and
// whether it is met.
import { ratio } from './stats.mjs';

const check = (name, value, limit, met) => ({ name, value, limit, met: value === null ? null : met });

export function targets({ pipeline, reqrep, capture, extension, webview }) {
  const list = [];
  for (const row of pipeline) {
    const { roles, 'roles --quiet': quiet, 'roles+inspect': inspected, 'zeromq.js': bare } = row.programs;
    const floor = row.size <= 16 ? 1.0 : 0.9;
    const label = `${row.transport} ${row.size} B`;
    for (const [name, program] of [['roles', roles], ['roles --quiet', quiet]]) {
      const vsBare = ratio(program.msgsPerSec, bare.msgsPerSec);
      list.push(check(`${name} / zeromq.js, ${label}`, vsBare, `>= ${floor}`, vsBare >= floor));
    }
    const inspectCost = ratio(inspected.msgsPerSec, roles.msgsPerSec);
    list.push(check(`roles+inspect / roles, ${label}`, inspectCost, '>= 0.8', inspectCost >= 0.8));
    const { telemetry } = inspected;
    list.push(check(`counters exact, ${label}`, telemetry.countersExact, 'true', telemetry.countersExact));
    if (telemetry.aggregateMsgsPerSec >= 100_000) {
      list.push(check(`collector share of a core at ${Math.round(telemetry.aggregateMsgsPerSec / 1000)}k msgs/s, ${label}`, telemetry.collectorCpuShare, '<= 0.25', telemetry.collectorCpuShare <= 0.25));
    }
  }
  for (const name of ['roles', 'roles --quiet']) {
    const rtt = ratio(reqrep[name].medianUs, reqrep['zeromq.js'].medianUs);
    list.push(check(`REQ/REP round trip ${name} / zeromq.js`, rtt, '<= 1.1', rtt <= 1.1));
  }
  list.push(check('every message captured at under 2k msgs/s per role (paced REQ/REP)', capture.everyMessage, 'true', capture.everyMessage));
  if (webview?.rates) {
    const at = (rate) => webview.rates.find((r) => r.rate === rate);
    const tenK = at(10_000);
    list.push(check('webview frame p95 at 10k msgs/s, ms', tenK.frameP95Ms, '<= 16.7', tenK.frameP95Ms <= 16.7));
    const full = webview.rates.find((r) => r.rowsKept >= 100_000) ?? at(100_000);
    list.push(check(`webview JS heap with ${full.rowsKept.toLocaleString('en-US')} rows, MB`, full.heapMB, '<= 150', full.heapMB <= 150));
    for (const r of webview.rates) list.push(check(`webview send-to-visible p50 at ${r.rate / 1000}k msgs/s, ms`, r.sendToVisibleP50Ms, '<= 100', r.sendToVisibleP50Ms <= 100));
  }
  if (extension) {
    if (extension.hostActivation?.activateMs !== undefined) {
      const { activateMs, vscode } = extension.hostActivation;
      list.push(check(`activation in VS Code ${vscode}, ms`, activateMs, '<= 50', activateMs <= 50));
    }
    const totalMs = Math.round(extension.activation.totalMs * 10) / 10;
    list.push(check('activation with the stub (load + activate), ms', totalMs, '<= 50', totalMs <= 50));
    const kb = Math.round(extension.bundlesKiB['extension.js'] * 1.024);
    list.push(check('dist/extension.js minified, KB', kb, '<= 500', kb <= 500));
  }
  return list;
}
