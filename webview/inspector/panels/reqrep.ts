// Request-reply: per client its pairs, round-trip percentiles and histogram, and the request it
// still waits for, flagged when stuck; per server its counts.
import type { AnalyticsReport, HistogramBin, ReqClientReport } from '../../../src/shared/analytics';
import { empty, fill, h, table } from '../dom';
import { count, ms } from '../format';
import type { Store } from '../store';
import { brokerCard } from './devices';
import { stat, tag } from './parts';

export function renderReqRep(element: HTMLElement, report: AnalyticsReport, store: Store): void {
  const { clients, servers, stuckAfterMs } = report.reqrep;
  const brokers = report.brokers ?? [];
  if (!clients.length && !servers.length && !brokers.length) {
    fill(element, empty('No request-reply roles yet. Start a request-reply session, or attach the inspection proxy in front of a REP server.'));
    return;
  }
  fill(
    element,
    ...brokers.map((broker) => brokerCard(broker, store)),
    ...clients.map((client) => clientCard(client, store, stuckAfterMs)),
    servers.length
      ? h(
          'div',
          { class: 'card' },
          h('h3', {}, 'Servers'),
          table(
            ['Server', 'Bound', 'Requests', 'Replies'],
            servers.map((server) => [store.label(server.source), server.bound.join(', '), server.requests, server.replies]),
          ),
        )
      : null,
  );
}

function clientCard(client: ReqClientReport, store: Store, stuckAfterMs: number): HTMLElement {
  const rt = client.roundTrip;
  const approx = client.sampled || (rt && !rt.exact) ? '~' : '';
  return h(
    'div',
    { class: `card${client.stuck ? ' alert' : ''}`, data: { testid: `client-${client.source}` } },
    h(
      'h3',
      {},
      store.label(client.source),
      client.stuck ? tag('stuck', 'error', `Its request has waited over ${ms(stuckAfterMs)} for a reply`) : null,
      client.ended ? tag('ended', 'muted') : null,
      client.sampled ? tag('sampled', 'warning', 'Some messages were sampled out: the round trips cover the pairs seen') : null,
    ),
    h(
      'div',
      { class: 'stats' },
      stat('Requests', count(client.requests)),
      stat('Replies', count(client.replies)),
      stat('Pairs timed', count(client.pairs)),
      stat('Timeouts', count(client.timeouts), client.timeouts ? 'warning' : undefined),
      stat('p50', approx + ms(rt?.p50Ms)),
      stat('p95', approx + ms(rt?.p95Ms)),
      stat('p99', approx + ms(rt?.p99Ms)),
      stat('max', ms(rt?.maxMs)),
    ),
    client.histogram.some((bin) => bin.count) ? histogram(client.histogram) : null,
    client.outstanding.length
      ? table(
          ['Outstanding request', 'Sent', 'Age', ''],
          client.outstanding.map((request) => [
            `#${request.seq}`,
            new Date(request.sentAt).toLocaleTimeString(),
            (request.approximate ? '≥ ' : '') + ms(request.ageMs),
            request.stuck ? tag('stuck', 'error') : 'waiting',
          ]),
          { class: 'outstanding' },
        )
      : null,
  );
}

/** The round trips' histogram, trimmed to the bins from the first to the last one with a count. */
function histogram(bins: HistogramBin[]): HTMLElement {
  const first = bins.findIndex((bin) => bin.count);
  const last = bins.length - 1 - [...bins].reverse().findIndex((bin) => bin.count);
  const shown = bins.slice(first, last + 1);
  const peak = Math.max(...shown.map((bin) => bin.count));
  return h(
    'div',
    { class: 'histogram', attrs: { role: 'img', 'aria-label': 'Round-trip histogram' } },
    ...shown.map((bin) => {
      const range = bin.toMs === null ? `≥ ${ms(bin.fromMs)}` : `${ms(bin.fromMs)} – ${ms(bin.toMs)}`;
      return h(
        'div',
        { class: 'bin', title: `${range}: ${count(bin.count)} round trips` },
        h('span', { class: 'bin-count' }, bin.count ? count(bin.count) : ''),
        h('div', { class: 'bar', style: { height: `${Math.max(bin.count ? 2 : 0, (bin.count / peak) * 100)}%` } }),
        h('span', { class: 'bin-label' }, bin.toMs === null ? `≥${ms(bin.fromMs)}` : `<${ms(bin.toMs)}`),
      );
    }),
  );
}
