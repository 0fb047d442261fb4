// Socket events: per role, a timeline of its monitor events (listening, accepted, connected,
// retried, disconnected, handshakes) on one time axis for all roles, their counts, and the list.
import type { AnalyticsReport, SocketEventEntry } from '../../../src/shared/analytics';
import { empty, fill, h, table } from '../dom';
import { clock, ms } from '../format';
import type { Store } from '../store';
import { tag, Tone } from './parts';

/** How an event reads: what went well, what is retried, what failed or went away. */
function toneOf(type: string): Tone {
  if (/fail|error|bind-failed/.test(type)) return 'error';
  if (/disconnect|close|retry|delay/.test(type)) return 'warning';
  if (/handshake/.test(type)) return 'info';
  return 'ok';
}

export function renderSockets(element: HTMLElement, report: AnalyticsReport, store: Store): void {
  const sources = report.socketEvents.sources.filter((source) => source.total > 0);
  if (!sources.length) {
    fill(element, empty('No socket events yet: they come as roles bind, connect, accept and disconnect.'));
    return;
  }
  const all = sources.flatMap((source) => source.events.map((event) => event.t));
  const start = Math.min(...all);
  const span = Math.max(1, Math.max(...all) - start);
  const marker = (event: SocketEventEntry) =>
    h('div', {
      class: `mark ${toneOf(event.type)}`,
      title: `${clock(event.t)} ${event.socket} ${event.type}${event.address ? ` ${event.address}` : ''}`,
      style: { left: `${((event.t - start) / span) * 100}%` },
    });
  fill(
    element,
    h(
      'div',
      { class: 'card' },
      h('h3', {}, 'Timeline', h('span', { class: 'muted' }, ` ${ms(span)} from ${clock(start)}`)),
      h(
        'div',
        { class: 'gantt events', attrs: { role: 'img', 'aria-label': 'Socket events over time, per role' } },
        ...sources.map((source) => h('div', { class: 'lane' }, h('span', { class: 'lane-name' }, store.label(source.source)), h('div', { class: 'lane-track' }, ...source.events.map(marker)))),
      ),
    ),
    ...sources.map((source) =>
      h(
        'div',
        { class: 'card', data: { testid: `events-${source.source}` } },
        h('h3', {}, store.label(source.source), ...securityTags(report, source.source), ...Object.entries(source.counts).map(([type, n]) => tag(`${type} ${n}`, toneOf(type)))),
        table(
          ['Time', 'Socket', 'Event', 'Address'],
          source.events
            .slice(-20)
            .reverse()
            .map((event) => [clock(event.t), event.socket, tag(event.type, toneOf(event.type)), event.address ?? '']),
        ),
        source.total > 20 ? h('p', { class: 'muted' }, `The newest 20 of ${source.total} events.`) : null,
      ),
    ),
  );
}

/** Each socket's security mechanism: CURVE (as server or client), or NULL when none is set. */
function securityTags(report: AnalyticsReport, source: string): HTMLElement[] {
  const security = Object.entries(report.sources.find((info) => info.source === source)?.security ?? {});
  if (!security.length) return [tag('NULL', 'muted', 'No security mechanism: traffic is not encrypted (CURVE keys would encrypt it)')];
  return security.map(([socket, mechanism]) => tag(`${socket}: ${mechanism === 'curve-server' ? 'CURVE server' : 'CURVE client'}`, 'info', 'Encrypted and authenticated with CURVE'));
}
