// PAIR as a conversation: per pair, the messages it sent and received in order, its own on the
// right as in a chat, with the pair it talks to named.
import type { AnalyticsReport, PairReport } from '../../../src/shared/analytics';
import { empty, fill, h } from '../dom';
import { bytes, clock, count } from '../format';
import type { Store } from '../store';
import { stat } from './parts';

export function renderPair(element: HTMLElement, report: AnalyticsReport, store: Store): void {
  const pairs = report.pairs ?? [];
  if (!pairs.length) {
    fill(element, empty('No PAIR roles yet. Start an Exclusive Pair session, or a pair and a pair --connect to it.'));
    return;
  }
  fill(element, ...pairs.map((pair) => conversation(pair, store)));
}

function conversation(pair: PairReport, store: Store): HTMLElement {
  const peer = pair.peer ? store.label(pair.peer) : 'its peer';
  return h(
    'div',
    { class: 'card', data: { testid: `pair-${pair.source}` } },
    h('h3', {}, `${store.label(pair.source)} with ${peer}`),
    h('div', { class: 'stats' }, stat('Sent', count(pair.sent)), stat('Received', count(pair.received))),
    h(
      'ol',
      { class: 'conversation', attrs: { 'aria-label': `Conversation of ${store.label(pair.source)}` } },
      ...pair.lines.map((line) =>
        h('li', { class: `said ${line.direction}`, title: `${line.direction === 'sent' ? 'Sent' : `From ${peer}`} at ${clock(line.t)}, ${bytes(line.size)}` }, line.text || '(empty)'),
      ),
    ),
  );
}
