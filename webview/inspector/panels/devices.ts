// Brokers and forwarders, in the Request-Reply and Publish-Subscribe tabs: per broker its
// clients' round trips by identity, what waits in it and at its workers, and each worker's share;
// per forwarder the updates it passed on and the subscriptions it passed upstream.
import type { BrokerReport, ForwarderReport } from '../../../src/shared/analytics';
import { h, table } from '../dom';
import { count, ms } from '../format';
import type { Store } from '../store';
import { meter, stat, tag } from './parts';

export function brokerCard(broker: BrokerReport, store: Store): HTMLElement {
  const approx = broker.sampled ? '~' : '';
  return h(
    'div',
    { class: `card${broker.queued ? ' alert' : ''}`, data: { testid: `broker-${broker.source}` } },
    h('h3', {}, `${store.label(broker.source)} (broker)`, broker.sampled ? tag('sampled', 'warning', 'Some messages were sampled out: the round trips cover the pairs seen') : null),
    h('p', { class: 'muted' }, `Clients at ${broker.frontend.join(', ') || '–'}; workers at ${broker.backend.join(', ') || '–'}`),
    h(
      'div',
      { class: 'stats' },
      stat('Requests in', count(broker.requestsIn)),
      stat('To workers', count(broker.requestsOut)),
      stat('Replies out', count(broker.repliesOut)),
      stat('Queued at broker', count(broker.queued), broker.queued ? 'warning' : undefined, 'Requests no worker has taken yet: no worker connected, or all busy'),
      stat('At workers', count(broker.atWorkers), undefined, 'Requests passed to workers and not yet answered'),
    ),
    broker.clients.length
      ? table(
          ['Client (identity)', 'Requests', 'Replies', 'Waiting', 'p50', 'p95', 'max'],
          broker.clients.map((client) => {
            const rt = client.roundTrip;
            const estimated = approx || (rt && !rt.exact) ? '~' : '';
            return [client.identity, client.requests, client.replies, client.waiting, estimated + ms(rt?.p50Ms), estimated + ms(rt?.p95Ms), ms(rt?.maxMs)];
          }),
        )
      : null,
    broker.workers.length
      ? table(
          ['Worker', 'Requests', 'Share'],
          broker.workers.map((worker) => [store.label(worker.source), worker.requests, h('span', {}, meter(worker.share, `${store.label(worker.source)}'s share`), ` ${Math.round(worker.share * 100)}%`)]),
        )
      : h('p', { class: 'muted' }, 'Its workers are not in the capture: start them here, or with --inspect, to see their load.'),
  );
}

export function forwarderCard(forwarder: ForwarderReport, store: Store): HTMLElement {
  return h(
    'div',
    { class: 'card', data: { testid: `forwarder-${forwarder.source}` } },
    h('h3', {}, `${store.label(forwarder.source)} (forwarder)`),
    h('p', { class: 'muted' }, `Publishers at ${forwarder.frontend.join(', ') || '–'}; subscribers at ${forwarder.backend.join(', ') || '–'}`),
    h('div', { class: 'stats' }, stat('Updates in', count(forwarder.updatesIn)), stat('Updates out', count(forwarder.updatesOut))),
    forwarder.topics.length
      ? table(
          ['Subscription passed upstream', 'State', 'Subscribed', 'Cancelled'],
          forwarder.topics.map((topic) => [topic.topic === '' ? '"" (everything)' : JSON.stringify(topic.topic), topic.active ? tag('active', 'ok') : tag('cancelled', 'muted'), topic.subscribed, topic.cancelled]),
        )
      : h('p', { class: 'muted' }, 'No subscription passed upstream yet.'),
  );
}
