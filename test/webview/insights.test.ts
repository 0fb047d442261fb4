// The inspector's Insights tab in headless Chromium, fed a real capture in which roles meet two
// classic pitfalls: a pipeline batch started at once with --no-wait while workers still join
// (unbalanced-push, idle-worker), and a subscriber whose filter matches nothing. The batch takes
// one worker 2 s: the late workers join well before its end, even on a loaded machine.
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Capture } from '../../src/collector/capture';
import { Collector } from '../../src/collector/collector';
import type { SourceLabel } from '../../src/shared/inspector-protocol';
import { ANY_PORT, Roles } from '../helpers/cli';
import { freePort, sleep } from '../roles/diagnoses-stage';
import { resetOf } from './capture';
import { Harness, InspectorPage } from './harness';

const artifacts = join(__dirname, '..', '..', '..', 'test-artifacts', 'webview');

/** Runs the two pitfalls side by side, reporting to an in-process collector as the extension's. */
async function recordPitfalls(): Promise<{ capture: Capture; labels: SourceLabel[] }> {
  const collector = await Collector.start();
  const capture = new Capture(100_000, collector);
  const roles = new Roles();
  const start = (role: Parameters<Roles['start']>[0], id: string, args: string[]) => roles.start(role, [...args, '--inspect', collector.endpoint, '--inspect-id', id]);
  try {
    const pub = start('pub', 'pub', ['--bind', ANY_PORT, '--interval', '5']);
    start('sub', 'sub', ['--connect', (await pub.ready).bound[0], '--filter', 'ZZZ', '--count', '0']);
    const sink = start('sink', 'sink', ['--bind', ANY_PORT, '--tasks', '40']);
    const results = (await sink.ready).bound[0];
    const tasks = `tcp://127.0.0.1:${await freePort()}`;
    await start('worker', 'worker-1', ['--connect', tasks, '--sink', results]).ready;
    start('ventilator', 'ventilator', ['--bind', tasks, '--sink', results, '--tasks', '40', '--workload', '40-60', '--no-wait']);
    await sleep(400);
    for (const id of ['worker-2', 'worker-3']) start('worker', id, ['--connect', tasks, '--sink', results]);
    await sink.exited;
    await roles.stopAll();
    await sleep(300);
  } finally {
    await roles.stopAll();
    collector.dispose();
  }
  const session = (source: string) => (source.startsWith('pub') || source.startsWith('sub') ? 'pubsub #1' : 'pipeline #1');
  const labels = [...new Set(capture.kept().events.map((e) => e.source))].map((source) => ({ source, session: session(source), label: source.replace('-', ' ') }));
  return { capture, labels };
}

describe('the inspector\'s Insights tab (Chromium)', function () {
  this.timeout(60_000);
  let harness: Harness;
  let capture: Capture;
  let labels: SourceLabel[];
  let page: InspectorPage;

  before(async () => {
    ({ capture, labels } = await recordPitfalls());
    harness = await Harness.start();
    mkdirSync(artifacts, { recursive: true });
  });
  after(() => harness?.dispose());
  afterEach(async () => {
    const problems = page.problems;
    await page.close();
    assert.deepEqual(problems, [], 'no page errors, console errors or dialogs');
  });

  const visible = (panel: string) => page.page.locator(`vscode-tab-panel[data-panel=${panel}]`).isVisible();

  it('counts the findings on its tab, shows the worst in the status line, and lists each with its figures and fix', async () => {
    page = await harness.open();
    const reset = resetOf(capture, labels);
    const found = reset.type === 'reset' ? reset.report.diagnoses : [];
    const kinds = found.map((d) => d.kind).sort();
    assert.deepEqual(kinds, ['filter-matches-nothing', 'idle-worker', 'idle-worker', 'unbalanced-push'], found.map((d) => d.summary).join('\n'));
    await page.play(reset);
    assert.equal(await page.page.getByTestId('insights-count').textContent(), '4');
    // The status line: the worst finding, with the labels the roles have in their sessions.
    const status = page.page.getByTestId('status-insight');
    assert.match((await status.textContent())!, new RegExp(`^${found[0].kind}: .*\\(\\+3\\)$`));
    await status.click();
    assert.ok(await visible('insights'));
    assert.equal(await page.page.locator('.insight').count(), 4);
    const unbalanced = page.page.locator('.insight[data-kind=unbalanced-push]');
    assert.match((await unbalanced.textContent())!, /gave 40 of 40 tasks to the 1 worker connected while it was sent.*40worker 1 tasks.*Fix: A PUSH deals its tasks out.*"Divide and Conquer"/);
    const nothing = page.page.locator('.insight[data-kind=filter-matches-nothing]');
    assert.match((await nothing.textContent())!, /sub's filter "ZZZ" matched none of the \d+ messages/);
  });

  it('links each finding to the messages of the roles involved and to the panel with its figures', async () => {
    page = await harness.open();
    await page.play(resetOf(capture, labels));
    await page.tab('Insights');
    const card = page.page.locator('.insight[data-kind=unbalanced-push]');
    // Its 40 tasks received and 40 results sent.
    await card.getByText('Messages of worker 1').click();
    assert.ok(await visible('messages'));
    await page.page.getByTestId('counts').filter({ hasText: /^80 shown of / }).waitFor({ timeout: 5000 }).catch(async () => assert.fail(`counts: ${await page.page.getByTestId('counts').textContent()}`));
    await page.tab('Insights');
    await card.getByText('Open Pipeline').click();
    assert.ok(await visible('pipeline'));
  });

  // That normal sessions find nothing is test/roles/diagnoses-normal.test.ts's; here, how it looks.
  it('says what it watches for when nothing is found, with no count and nothing in the status line', async () => {
    page = await harness.open();
    await page.play(resetOf(new Capture(10), []));
    await page.tab('Insights');
    assert.equal(await page.page.getByTestId('insights-count').isVisible(), false);
    assert.equal(await page.page.getByTestId('status-insight').count(), 0);
    assert.match((await page.page.locator('vscode-tab-panel[data-panel=insights]').textContent())!, /No pitfalls seen\. Watched for: a PUSH batch/);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`looks like VS Code in its ${theme} theme: a screenshot of the Insights tab`, async () => {
      page = await harness.open(theme, undefined, { width: 1200, height: 900 });
      await page.play(resetOf(capture, labels));
      await page.tab('Insights');
      await page.page.waitForTimeout(150);
      await page.page.screenshot({ path: join(artifacts, `${theme}-insights.png`) });
    });
  }
});
