// The inspector's views of brokers, forwarders and pairs in headless Chromium, fed the captures
// recorded from real sessions (test/fixtures/captures): the broker's card, a forwarder's
// subscriptions, a PAIR conversation, and a ROUTER message's envelope in the frame detail.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Analytics } from '../../src/shared/analytics';
import { HostMessage, MessageRow, messageRowOf } from '../../src/shared/inspector-protocol';
import { CollectedEvent } from '../../src/shared/telemetry';
import { Harness, InspectorPage } from './harness';

const root = resolve(__dirname, '../../..');
const events: CollectedEvent[] = ['broker-session.jsonl', 'forwarder-session.jsonl', 'pair-session.jsonl'].flatMap((name) =>
  readFileSync(resolve(root, 'test/fixtures/captures', name), 'utf8').trim().split('\n').map((line) => JSON.parse(line)),
);

/** The host's reset for the recorded captures; `only` keeps the rows it matches (the table draws the rows in view only). */
function reset(only: (row: MessageRow) => boolean = () => true): HostMessage {
  const analytics = new Analytics();
  for (const event of events) analytics.add(event);
  const rows = events.flatMap((event, index) => messageRowOf(event, index + 1) ?? []).filter(only);
  const sources = [...new Set(events.map((event) => event.source))].map((source) => ({ source, session: 'recorded', label: source }));
  const now = Math.max(...events.map((event) => event.t));
  return { type: 'reset', rows, sources, status: { rows: rows.length, evicted: 0, droppedAtRoles: 0, sampledOut: 0 }, report: analytics.report(now), focus: null };
}

describe('the inspector webview: brokers, forwarders and pairs (Chromium)', function () {
  this.timeout(60_000);
  let harness: Harness;
  let page: InspectorPage;

  before(async () => {
    harness = await Harness.start();
  });
  after(() => harness?.dispose());
  beforeEach(async () => {
    page = await harness.open();
    await page.play(reset());
  });
  afterEach(async () => {
    const problems = page.problems;
    await page.close();
    assert.deepEqual(problems, [], 'no page errors, console errors or dialogs');
  });

  it('shows the broker: requests through it, nothing queued, both clients\' round trips and both workers\' shares', async () => {
    await page.tab('Request-Reply');
    const card = page.page.getByTestId('broker-broker');
    await card.waitFor();
    assert.match((await card.locator('[data-stat="Requests in"]').textContent())!, /^6/);
    assert.match((await card.locator('[data-stat="Queued at broker"]').textContent())!, /^0/);
    assert.equal(await card.locator('tbody tr').count(), 4, 'two client identities, two workers');
    assert.match((await card.textContent())!, /rep-1.*50%/s);
  });

  it('shows the forwarder\'s subscriptions and a pair\'s conversation', async () => {
    await page.tab('Publish-Subscribe');
    const forwarder = page.page.getByTestId('forwarder-forwarder');
    await forwarder.waitFor();
    assert.match((await forwarder.textContent())!, /"10001"cancelled22/);
    await page.tab('Pair');
    const pair = page.page.getByTestId('pair-pair-1');
    await pair.waitFor();
    assert.deepEqual(await pair.locator('.said.sent').allTextContents(), ['Hello 1', 'Hello 2', 'Hello 3']);
    assert.deepEqual(await pair.locator('.said.received').allTextContents(), ['Hi 1', 'Hi 2', 'Hi 3']);
  });

  it('names the frames of a message the broker\'s ROUTER received: identity, delimiter, body', async () => {
    await page.play(reset((row) => row.source === 'broker' && row.socket === 'frontend' && row.direction === 'received'));
    await page.page.locator('.spacer > .row', { hasText: 'Hello' }).first().click();
    const detail = page.page.getByTestId('detail');
    await detail.getByText('3 frames').waitFor();
    assert.match((await detail.getByTestId('frame-0').textContent())!, /Frame 1 · 5 B · identity/);
    assert.match((await detail.getByTestId('frame-1').textContent())!, /Frame 2 · 0 B · delimiter/);
    assert.match((await detail.getByTestId('frame-2').textContent())!, /Frame 3 · 5 B · body/);
  });
});
