// Insights: the classic ZeroMQ pitfalls the diagnoses found, most severe first. Each card names
// the pitfall, says what happened, shows the figures, gives the fix with its zguide section, and
// links to what is involved: each role's messages, and the panel that shows the figures.
import type { AnalyticsReport, Diagnosis, DiagnosisPanel, Severity } from '../../../src/shared/analytics';
import { empty, fill, h } from '../dom';
import type { Store } from '../store';
import { stat, tag, Tone } from './parts';

const TONES: Record<Severity, Tone> = { error: 'error', warning: 'warning', info: 'info' };

export const PANEL_NAMES: Record<DiagnosisPanel, string> = {
  messages: 'Messages',
  reqrep: 'Request-Reply',
  pubsub: 'Publish-Subscribe',
  pipeline: 'Pipeline',
  sockets: 'Socket Events',
  throughput: 'Throughput',
};

export function severityTone(severity: Severity): Tone {
  return TONES[severity];
}

/** Where a link goes: a role's messages, or a panel. */
export type Go = { source: string } | { panel: DiagnosisPanel };

export function renderInsights(element: HTMLElement, report: AnalyticsReport, store: Store, go: (target: Go) => void): void {
  if (!report.diagnoses.length) {
    fill(
      element,
      empty('No pitfalls seen. Watched for: a PUSH batch dealt to the first workers, idle workers, a late start signal, a consumer falling behind, slow joiners, filters that match nothing, subscribers without a subscription, drops at the high-water mark, connects to nothing, stuck or out-of-turn requests, failed CURVE handshakes and mechanisms that differ, and addresses in use.'),
    );
    return;
  }
  fill(element, ...report.diagnoses.map((d, i) => card(d, i, store, go)));
}

function card(d: Diagnosis, index: number, store: Store, go: (target: Go) => void): HTMLElement {
  const link = (label: string, title: string, target: Go, testid: string) =>
    h('vscode-button', { data: { testid }, attrs: { secondary: '', title }, on: { click: () => go(target) } }, label);
  return h(
    'div',
    { class: `card insight ${d.severity === 'error' ? 'alert' : d.severity === 'warning' ? 'warn' : ''}`.trim(), data: { testid: `insight-${index}`, kind: d.kind } },
    h('h3', {}, tag(d.severity, TONES[d.severity]), h('span', { class: 'kind' }, d.kind)),
    h('p', { class: 'summary' }, withLabels(d.summary, store)),
    h('div', { class: 'stats' }, ...d.evidence.map((f) => stat(withLabels(f.name, store), `${typeof f.value === 'number' ? f.value.toLocaleString('en-US') : f.value}${f.unit ? ` ${f.unit}` : ''}`))),
    h('p', { class: 'advice' }, h('strong', {}, 'Fix: '), d.advice),
    h(
      'div',
      { class: 'links' },
      ...d.sources.map((source) => link(`Messages of ${store.label(source)}`, `Show ${store.label(source)}'s messages`, { source }, `insight-${index}-source-${source}`)),
      d.panel !== 'messages' ? link(`Open ${PANEL_NAMES[d.panel]}`, `The ${PANEL_NAMES[d.panel]} panel shows these figures`, { panel: d.panel }, `insight-${index}-panel`) : null,
    ),
  );
}

/** A text with each source id replaced by its name in its session, the longest ids first (worker-10 before worker-1). */
function withLabels(text: string, store: Store): string {
  const sources = [...store.labels.keys()].filter((source) => store.label(source) !== source).sort((a, b) => b.length - a.length);
  return sources.reduce((result, source) => result.split(source).join(store.label(source)), text);
}
