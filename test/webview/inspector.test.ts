// The inspector webview's bundle in headless Chromium (test/webview/harness.ts), fed the host
// messages of real sessions of each pattern: the rows, filters, detail views and panels a user
// reads, what it does with hostile payloads under its CSP, and 100k rows.
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Capture } from '../../src/collector/capture';
import type { MessageRow, SourceLabel } from '../../src/shared/inspector-protocol';
import { recordSessions, resetOf, rowsOf } from './capture';
import { Harness, InspectorPage, Theme } from './harness';

const artifacts = join(__dirname, '..', '..', '..', 'test-artifacts', 'webview');
const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';

/** A message row of our own making, for payloads the roles do not send by default. */
function row(id: number, source: string, texts: (string | { hex: string })[], direction: MessageRow['direction'] = 'received'): MessageRow {
  const frames = texts.map((frame) => (typeof frame === 'string' ? { size: Buffer.byteLength(frame), text: frame } : { size: frame.hex.length / 2, hex: frame.hex }));
  return { id, t: Date.now() + id / 1000, source, socket: 'sub', direction, seq: id, frames, size: frames.reduce((sum, frame) => sum + frame.size, 0) };
}

describe('the inspector webview (Chromium)', function () {
  this.timeout(60_000);
  let harness: Harness;
  let capture: Capture;
  let labels: SourceLabel[];
  let rows: MessageRow[];
  let page: InspectorPage;

  before(async () => {
    ({ capture, labels } = await recordSessions());
    rows = rowsOf(capture);
    harness = await Harness.start();
    mkdirSync(artifacts, { recursive: true });
  });
  after(() => harness?.dispose());
  beforeEach(async () => {
    page = await harness.open();
  });
  afterEach(async () => {
    const problems = page.problems;
    await page.close();
    assert.deepEqual(problems, [], 'no page errors, console errors or dialogs');
  });

  const counts = () => page.page.getByTestId('counts').textContent();
  const shown = async () => Number((await counts())!.split(' shown')[0].replace(/,/g, ''));
  const select = (testId: string, value: string) =>
    page.page.getByTestId(testId).evaluate((element, v) => {
      (element as HTMLElement & { value: string }).value = v;
      element.dispatchEvent(new Event('change', { bubbles: true }));
    }, value);

  it('says ready first, then shows every row of the capture, and only the rows in view exist', async () => {
    assert.deepEqual(await page.posted(), [{ type: 'ready' }]);
    await page.play(resetOf(capture, labels));
    await page.page.waitForFunction((n) => document.querySelector('[data-testid=counts]')?.textContent?.startsWith(`${n.toLocaleString('en-US')} shown of`), rows.length);
    const drawn = await page.page.locator('.spacer > .row:not([hidden])').count();
    assert.ok(drawn > 5 && drawn < 80, `${drawn} rows in the DOM for ${rows.length}`);
    // Following: the newest row is in view, with its role's name and its text.
    const last = rows[rows.length - 1];
    const lastLabel = labels.find((label) => label.source === last.source)!.label;
    const lastRow = page.page.locator(`.spacer > .row[data-index="${rows.length - 1}"]`);
    await lastRow.waitFor();
    assert.match((await lastRow.textContent())!, new RegExp(lastLabel));
    const status = await page.page.getByTestId('status').textContent();
    assert.match(status!, new RegExp(`${rows.length.toLocaleString('en-US')} messages`));
    if (capture.lost.sampledOut) assert.match(status!, /sampled out/, 'sampling is shown, never hidden');
  });

  it('filters by session, role, direction, topic prefix and text or regex; a bad regex says why and keeps the rows', async () => {
    await page.play(resetOf(capture, labels));
    const expect = async (n: number, what: string) => {
      await page.page.waitForFunction((m) => document.querySelector('[data-testid=counts]')?.textContent?.startsWith(`${m.toLocaleString('en-US')} shown`), n).catch(() => undefined);
      assert.equal(await shown(), n, what);
    };
    const sessionOf = new Map(labels.map((label) => [label.source, label.session]));
    await select('filter-session', 'reqrep #1');
    await expect(rows.filter((r) => sessionOf.get(r.source) === 'reqrep #1').length, 'the request-reply session');
    await select('filter-session', '');
    await select('filter-source', 'sink');
    await expect(rows.filter((r) => r.source === 'sink').length, 'the sink');
    await select('filter-source', '');
    await select('filter-direction', 'sent');
    await expect(rows.filter((r) => r.direction === 'sent').length, 'sent');
    await select('filter-direction', '');
    await page.page.locator('[data-testid=filter-topic] input').fill('1');
    await expect(rows.filter((r) => (r.frames[0]?.text ?? '').startsWith('1')).length, 'topic "1"');
    await page.page.locator('[data-testid=filter-topic] input').fill('');
    await page.page.locator('[data-testid=filter-text] input').fill('world');
    await expect(rows.filter((r) => r.frames.some((f) => f.text?.toLowerCase().includes('world'))).length, 'text, any case');
    await page.page.getByTestId('filter-regex').click();
    await page.page.locator('[data-testid=filter-text] input').fill('^\\d{2}$');
    await expect(rows.filter((r) => r.frames.some((f) => /^\d{2}$/.test(f.text ?? ''))).length, 'regex');
    const before = await shown();
    await page.page.locator('[data-testid=filter-text] input').fill('(unclosed');
    await page.page.getByTestId('filter-error').filter({ hasText: /Not a regular expression/ }).waitFor();
    assert.equal(await shown(), before, 'the last valid filter still applies');
    // The filter is kept for a reloaded webview.
    const state = await page.state<{ filter: { text: string; regex: boolean } }>();
    assert.deepEqual([state.filter.text, state.filter.regex], ['(unclosed', true]);
  });

  it('shows each frame of the selected message as text, JSON and hex, and asks the host to copy one', async () => {
    await page.play(resetOf(capture, labels, [row(1, 'sub', ['orders', '{"id":7,"items":["a"]}', { hex: '00ff1b5b' }])]));
    await page.page.locator('.spacer > .row').first().click();
    const detail = page.page.getByTestId('detail');
    await detail.getByText('3 frames').waitFor();
    assert.equal(await detail.getByTestId('frame-1').locator('pre').textContent(), '{"id":7,"items":["a"]}');
    assert.match((await detail.getByTestId('frame-2').textContent())!, /Not UTF-8 text: shown as hex/);
    await detail.getByRole('radio', { name: 'JSON' }).click();
    assert.equal(await detail.getByTestId('frame-1').locator('pre').textContent(), JSON.stringify({ id: 7, items: ['a'] }, null, 2));
    assert.match((await detail.getByTestId('frame-0').textContent())!, /Not JSON: shown as text/);
    await detail.getByRole('radio', { name: 'Hex' }).click();
    assert.match((await detail.getByTestId('frame-0').locator('pre').textContent())!, /^00000000  6f 72 64 65 72 73 +orders$/);
    await detail.getByTestId('frame-2').getByText('Copy').click();
    const copied = (await page.posted()).at(-1);
    assert.equal(copied?.type, 'copy');
    assert.match(copied.text, /^00000000  00 ff 1b 5b +\.\.\.\[$/);
  });

  it('shows hostile payloads as text: no element made of them, no script run, nothing the CSP had to block', async () => {
    const ansi = '\u001b[31mred\u001b[0m';
    await page.play(resetOf(capture, [...labels, { source: HOSTILE, session: HOSTILE, label: HOSTILE }], [row(1, HOSTILE, [HOSTILE, ansi, ''])]));
    const first = page.page.locator('.spacer > .row').first();
    await first.click();
    assert.match((await first.textContent())!, /<img src=x onerror=alert\(1\)><script>alert\(2\)<\/script> │ \\x1b\[31mred\\x1b\[0m │ \(empty\)/);
    await page.page.getByTestId('detail').getByText('(empty frame)').waitFor();
    assert.equal(await page.page.locator('img, script:not([src])').count(), 0, 'no element from a payload');
    await page.page.waitForTimeout(200);
    assert.deepEqual(await page.violations(), [], 'the bundle needs nothing the CSP forbids');
  });

  it('draws the request-reply, publish-subscribe, pipeline, socket events and throughput panels from the analytics', async () => {
    const report = (resetOf(capture, labels) as { report: ReturnType<Capture['analytics']['report']> }).report;
    await page.play(resetOf(capture, labels));
    const stat = (card: string, name: string) => page.page.getByTestId(card).locator(`[data-stat="${name}"] .stat-value`).textContent();

    await page.tab('Request-Reply');
    const client = report.reqrep.clients[0];
    assert.equal(await stat('client-req', 'Requests'), '20');
    assert.equal(await stat('client-req', 'Pairs timed'), String(client.pairs));
    assert.match((await stat('client-req', 'p95'))!, /\d( ms| µs)$/);
    assert.ok((await page.page.locator('.histogram .bar').count()) >= 1, 'a histogram');

    await page.tab('Publish-Subscribe');
    const subscriber = report.pubsub.subscribers[0];
    assert.equal(await stat('subscriber-sub', 'Received'), '30');
    assert.equal((await stat('subscriber-sub', 'Matched'))!.replace(/[~,]/g, ''), String(subscriber.matched));

    await page.tab('Pipeline');
    assert.equal(await stat('batch', 'Tasks'), '40');
    assert.match((await stat('batch', 'Speed-up'))!, /^~?\d\.\d\d×$/);
    assert.equal(await page.page.locator('[data-testid=gantt] .lane:not(.axis)').count(), 3, 'a lane per worker');
    assert.equal(await page.page.locator('[data-testid=gantt] .task').count(), report.pipeline.batches[0].taskDetails.length, 'a block per task');

    await page.tab('Socket Events');
    for (const source of ['rep', 'sink', 'worker-1']) assert.match((await page.page.getByTestId(`events-${source}`).textContent())!, /handshake/);

    await page.tab('Throughput');
    await page.page.getByTestId('throughput-chart').locator('canvas').waitFor();
    assert.match((await page.page.locator('#app').textContent())!, /Messages per second/);
  });

  it('marks a killed worker and the task it took with it on the pipeline timeline', async () => {
    const reset = resetOf(capture, labels) as Extract<ReturnType<typeof resetOf>, { type: 'reset' }>;
    const batch = reset.report.pipeline.batches[0];
    const victim = batch.taskDetails[batch.taskDetails.length - 1];
    // As the analytics report a worker killed with -9 while it held a task (see test/reliability).
    Object.assign(victim, { end: null, processingMs: null, running: false, lost: true });
    Object.assign(batch, { lostTasks: 1, results: batch.results - 1 });
    Object.assign(reset.report.sources.find((source) => source.source === victim.worker)!, { end: 'killed' });
    await page.play(reset);
    await page.tab('Pipeline');
    const label = labels.find((l) => l.source === victim.worker)!.label;
    assert.match((await page.page.getByTestId('lost').textContent())!, new RegExp(`^1 task lost with ${label} \\(killed while holding ${victim.workload} ms\\)`));
    assert.equal(await page.page.locator('[data-testid=gantt] .task.lost').count(), 1);
    assert.equal(await page.page.locator('[data-testid=gantt] .lane', { hasText: label }).locator('.tag', { hasText: 'killed' }).count(), 1);
  });

  it('follows new rows, holds them still while paused and counts them, and shows them on resume', async () => {
    await page.play(resetOf(capture, labels, rows.slice(0, 100)));
    await page.page.getByTestId('pause').click();
    await page.play({ type: 'rows', rows: rows.slice(100, 150), status: { rows: 150, evicted: 0, droppedAtRoles: 0, sampledOut: 0 } });
    await page.page.getByTestId('counts').filter({ hasText: '100 shown of 150 · 50 new while paused' }).waitFor();
    await page.page.getByTestId('pause').click();
    await page.page.getByTestId('counts').filter({ hasText: /^150 shown of 150$/ }).waitFor();
    await page.page.locator('.spacer > .row[data-index="149"]').waitFor();
  });

  it('shows one role from a focus message, and keeps only what the capture keeps', async () => {
    await page.play(resetOf(capture, labels));
    await page.play({ type: 'focus', source: 'sink' });
    await page.page.getByTestId('counts').filter({ hasText: `${rows.filter((r) => r.source === 'sink').length} shown of` }).waitFor();
    // The capture's ring let the oldest go: the webview drops them too.
    await page.play({ type: 'focus', source: null });
    await page.play({ type: 'rows', rows: [], status: { rows: 10, evicted: rows.length - 10, droppedAtRoles: 3, sampledOut: 0 } });
    await page.page.getByTestId('counts').filter({ hasText: /^10 shown of 10$/ }).waitFor();
    assert.match((await page.page.getByTestId('status').textContent())!, /3 dropped at the roles.*evicted/);
  });

  it('scrolls 100,000 rows', async () => {
    const many: MessageRow[] = Array.from({ length: 100_000 }, (_, i) => ({ ...rows[i % rows.length], id: i }));
    const started = Date.now();
    await page.play(resetOf(capture, labels, many.slice(0, 10_000)));
    for (let start = 10_000; start < many.length; start += 10_000) await page.play({ type: 'rows', rows: many.slice(start, start + 10_000), status: { rows: 100_000, evicted: 0, droppedAtRoles: 0, sampledOut: 0 } });
    await page.page.getByTestId('counts').filter({ hasText: /^100,000 shown of 100,000$/ }).waitFor();
    const loaded = Date.now() - started;
    await page.page.getByTestId('rows').evaluate((element) => (element.scrollTop = element.scrollHeight / 2));
    await page.page.locator('.spacer > .row[data-index="50000"]').waitFor();
    const drawn = await page.page.locator('.spacer > .row:not([hidden])').count();
    assert.ok(drawn < 80, `${drawn} rows in the DOM`);
    const heap = await page.page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    console.log(`      100k rows: posted and drawn in ${loaded} ms, JS heap ${Math.round(heap / 1e6)} MB`);
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as Theme[]) {
    it(`looks like VS Code in its ${theme} theme: a screenshot of each panel`, async () => {
      const themed = await harness.open(theme, undefined, { width: 1200, height: 760 });
      try {
        await themed.play(resetOf(capture, labels));
        await themed.page.locator('.spacer > .row').nth(3).click();
        for (const [tab, name] of [['Messages', 'messages'], ['Request-Reply', 'reqrep'], ['Publish-Subscribe', 'pubsub'], ['Pipeline', 'pipeline'], ['Socket Events', 'sockets'], ['Throughput', 'throughput']]) {
          await themed.tab(tab);
          await themed.page.waitForTimeout(150);
          await themed.page.screenshot({ path: join(artifacts, `${theme}-${name}.png`) });
        }
        const background = await themed.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(background, { dark: 'rgb(31, 31, 31)', light: 'rgb(255, 255, 255)', 'high-contrast': 'rgb(0, 0, 0)' }[theme], 'the theme\'s editor background');
        assert.deepEqual(themed.problems, []);
      } finally {
        await themed.close();
      }
    });
  }
});
