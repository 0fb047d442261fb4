// The inspector webview: a header with the capture's status and its actions, and tabs for the
// messages and each pattern's panel. It says `ready`; the host answers with a full `reset`, then
// sends rows and reports. Only the tab in view draws a report; the others draw when picked.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { HostMessage } from '../../src/shared/inspector-protocol';
import { NO_FILTER } from '../../src/shared/message-filter';
import { fill, h } from './dom';
import { count } from './format';
import { post, savedState, saveState } from './host';
import { MessagesView } from './messages';
import { PipelinePanel } from './panels/pipeline';
import { Go, renderInsights, severityTone } from './panels/insights';
import { renderPubSub } from './panels/pubsub';
import { renderReqRep } from './panels/reqrep';
import { renderPair } from './panels/pair';
import { renderSockets } from './panels/sockets';
import { ThroughputPanel } from './panels/throughput';
import { tag } from './panels/parts';
import { Store } from './store';

const store = new Store();
const saved = savedState();
store.setFilter({ ...NO_FILTER, ...saved.filter }, false);

const messages = new MessagesView(store);
const panelBody = () => h('div', { class: 'panel-body' });
const reqrep = panelBody();
const pubsub = panelBody();
const pipeline = new PipelinePanel(panelBody(), store);
const sockets = panelBody();
const throughput = new ThroughputPanel(panelBody(), store);
const insights = panelBody();
const pair = panelBody();

const TABS: { name: string; id: string; body: HTMLElement; draw?: () => void }[] = [
  { name: 'Messages', id: 'messages', body: messages.element },
  { name: 'Insights', id: 'insights', body: insights, draw: () => store.report && renderInsights(insights, store.report, store, go) },
  { name: 'Request-Reply', id: 'reqrep', body: reqrep, draw: () => store.report && renderReqRep(reqrep, store.report, store) },
  { name: 'Publish-Subscribe', id: 'pubsub', body: pubsub, draw: () => store.report && renderPubSub(pubsub, store.report, store) },
  { name: 'Pipeline', id: 'pipeline', body: pipeline.element, draw: () => store.report && pipeline.render(store.report) },
  { name: 'Socket Events', id: 'sockets', body: sockets, draw: () => store.report && renderSockets(sockets, store.report, store) },
  { name: 'Throughput', id: 'throughput', body: throughput.element, draw: () => store.report && throughput.render(store.report) },
  { name: 'Pair', id: 'pair', body: pair, draw: () => store.report && renderPair(pair, store.report, store) },
];

const status = h('div', { class: 'status', data: { testid: 'status' }, attrs: { 'aria-live': 'polite' } });
/** The count of findings on the Insights tab. */
const insightCount = h('vscode-badge', { data: { testid: 'insights-count' }, attrs: { variant: 'counter', slot: 'content-after' } });
const action = (label: string, icon: string, type: 'export' | 'import' | 'clear', title: string) =>
  h('vscode-button', { data: { testid: type }, attrs: { secondary: '', icon, title }, on: { click: () => post({ type }) } }, label);
const tabs = h(
  'vscode-tabs',
  { attrs: { panel: '' }, on: { 'vsc-tabs-select': () => tabChanged() } },
  ...TABS.flatMap((tab) => [
    h('vscode-tab-header', { data: { tab: tab.id }, attrs: { slot: 'header' } }, tab.name, tab.id === 'insights' ? insightCount : null),
    h('vscode-tab-panel', { data: { panel: tab.id } }, tab.body),
  ]),
) as HTMLElement & { selectedIndex: number };
tabs.selectedIndex = saved.tab ?? 0;

document.getElementById('app')!.append(
  h(
    'header',
    { class: 'top' },
    status,
    h('div', { class: 'actions' }, action('Export', 'export', 'export', 'Save the capture as JSON Lines'), action('Import', 'folder-opened', 'import', 'Open a capture file in a panel of its own'), action('Clear', 'clear-all', 'clear', 'Forget every captured event and the analytics over them')),
  ),
  tabs,
);

function showTab(id: string): void {
  tabs.selectedIndex = TABS.findIndex((tab) => tab.id === id);
  tabChanged();
}

/** An insight's link: a role's messages, or the panel with the figures. */
function go(target: Go): void {
  if ('source' in target) store.focus(target.source);
  else showTab(target.panel);
}

function tabChanged(): void {
  saveState({ tab: tabs.selectedIndex });
  TABS[tabs.selectedIndex]?.draw?.();
}

/** What the capture holds, and what it could not: sampled, dropped and evicted are never hidden. */
function drawStatus(): void {
  const { status: capture } = store;
  fill(
    status,
    capture.file ? tag(`file ${capture.file}`, 'info') : tag('live', 'ok'),
    h('span', {}, `${count(capture.rows)} messages`),
    capture.sampledOut ? tag(`${count(capture.sampledOut)} sampled out`, 'warning', 'Above the sampling rate, roles report a spread sample of their messages; their counters stay exact') : null,
    capture.droppedAtRoles ? tag(`${count(capture.droppedAtRoles)} dropped at the roles`, 'error', 'Telemetry events a role could not send: its queue to the collector was full') : null,
    capture.evicted ? tag(`${count(capture.evicted)} evicted`, 'warning', 'The oldest events made room for newer ones (setting zeromq.capture.capacity)') : null,
    worstInsight(),
  );
}

/** The most severe finding, in the status line: it opens the Insights tab. */
function worstInsight(): HTMLElement | null {
  const found = store.report?.diagnoses ?? [];
  insightCount.textContent = String(found.length);
  insightCount.hidden = found.length === 0;
  const [worst] = found;
  if (!worst) return null;
  const more = found.length > 1 ? ` (+${found.length - 1})` : '';
  return h(
    'button',
    { class: `tag insight-status ${severityTone(worst.severity)}`, data: { testid: 'status-insight' }, title: `${worst.summary}\nOpen Insights`, on: { click: () => showTab('insights') } },
    `${worst.kind}: ${worst.summary}${more}`,
  );
}

store.onChange((change) => {
  if (change === 'filter' || change === 'focus') saveState({ filter: store.filter });
  if (change === 'reset' || change === 'rows' || change === 'report' || change === 'sources') drawStatus();
  if (change === 'reset') saveState({ fileUri: store.status.fileUri });
  if (change === 'reset' || change === 'report' || change === 'sources') TABS[tabs.selectedIndex]?.draw?.();
  if (change === 'focus') tabs.selectedIndex = 0;
});

window.addEventListener('message', (event: MessageEvent<HostMessage>) => store.apply(event.data));
post({ type: 'ready' });
