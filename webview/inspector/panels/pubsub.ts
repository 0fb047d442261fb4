// Publish-subscribe: per publisher what it published; per subscriber its filters and how many of
// the published messages that matched them it received and missed, and why it missed them.
import type { AnalyticsReport, SubscriberReport } from '../../../src/shared/analytics';
import { empty, fill, h, table } from '../dom';
import { count } from '../format';
import type { Store } from '../store';
import { forwarderCard } from './devices';
import { shares, stat, tag } from './parts';

export function renderPubSub(element: HTMLElement, report: AnalyticsReport, store: Store): void {
  const { publishers, subscribers } = report.pubsub;
  const forwarders = report.forwarders ?? [];
  if (!publishers.length && !subscribers.length && !forwarders.length) {
    fill(element, empty('No publish-subscribe roles yet. Start a publish-subscribe session, or attach a passive subscriber to a publisher.'));
    return;
  }
  const fromWire = report.sources.some((source) => source.pid === 0 || /\(pid \d+\)$/.test(source.source));
  fill(
    element,
    // Decoded from the wire, a publisher's messages are only those some subscriber matched.
    fromWire ? h('p', { class: 'muted' }, 'Over TCP a publisher filters at the sender: the wire carries only the messages some subscriber matched, so a capture never shows what was published to nobody.') : null,
    ...forwarders.map((forwarder) => forwarderCard(forwarder, store)),
    ...subscribers.map((subscriber) => subscriberCard(subscriber, store)),
    publishers.length
      ? h(
          'div',
          { class: 'card' },
          h('h3', {}, 'Publishers'),
          table(
            ['Publisher', 'Bound', 'Published', 'Reported', 'Subscribers'],
            publishers.map((publisher) => [
              store.label(publisher.source),
              publisher.bound.join(', '),
              publisher.published,
              publisher.sampled ? h('span', {}, count(publisher.reported), ' ', tag('sampled', 'warning', 'Above the sampling rate, not every message is reported; the count published stays exact')) : publisher.reported,
              publisher.subscribers.map((source) => store.label(source)).join(', ') || '–',
            ]),
          ),
        )
      : null,
  );
}

function subscriberCard(subscriber: SubscriberReport, store: Store): HTMLElement {
  const approx = subscriber.estimated ? '~' : '';
  const reasons: string[] = [];
  if (subscriber.missedBeforeJoin) reasons.push(`${count(subscriber.missedBeforeJoin)} published before it joined (a subscriber gets nothing sent while it is away)`);
  if (subscriber.droppedAfterJoin) reasons.push(`${count(subscriber.droppedAfterJoin)} dropped after it joined (the high-water mark: it read slower than the publisher sent)`);
  const filters = subscriber.filters.length ? subscriber.filters.map((filter) => (filter === '' ? '(everything)' : `"${filter}"`)).join(', ') : 'none yet';
  return h(
    'div',
    { class: `card${subscriber.missed ? ' warn' : ''}`, data: { testid: `subscriber-${subscriber.source}` } },
    h(
      'h3',
      {},
      store.label(subscriber.source),
      subscriber.endedAt !== null ? tag('ended', 'muted') : subscriber.joinedAt === null ? tag('not joined', 'warning', 'No publisher has accepted its connection yet') : null,
      subscriber.estimated ? tag('estimated', 'warning', 'The publisher sampled its messages: counts are scaled') : null,
      subscriber.partial ? tag('partial', 'warning', 'Some of the publisher\'s messages were forgotten before this subscriber was known: counts are low') : null,
    ),
    h('p', { class: 'muted' }, `Filters: ${filters} · from ${subscriber.publishers.map((source) => store.label(source)).join(', ') || 'no publisher seen'}`),
    h(
      'div',
      { class: 'stats' },
      stat('Matched', approx + count(subscriber.matched), undefined, 'Published during its lifetime, matching one of its filters'),
      stat('Received', count(subscriber.received), 'ok'),
      stat('Missed', approx + count(subscriber.missed), subscriber.missed ? 'warning' : undefined),
      stat('Before join', approx + count(subscriber.missedBeforeJoin)),
      stat('Dropped (HWM)', approx + count(subscriber.droppedAfterJoin)),
    ),
    shares([
      { value: subscriber.received, tone: 'ok', label: 'Received' },
      { value: subscriber.missedBeforeJoin, tone: 'muted', label: 'Missed before it joined' },
      { value: subscriber.droppedAfterJoin, tone: 'warning', label: 'Dropped at the high-water mark' },
    ]),
    reasons.length ? h('ul', { class: 'reasons' }, ...reasons.map((reason) => h('li', {}, reason))) : null,
  );
}
