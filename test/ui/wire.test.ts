// The seed's own Python programs, unchanged, inspected on the wire in the workbench of each VS Code
// test host: hwserver and hwclient declared with "inspect": "wire", started from their inline
// actions; the inspector shows their rows and their round trips (the server sleeps 1 s per request)
// from what tcpdump saw. Then "Capture Traffic…" as an item of its own, with its counts and Stop.
// The programs bind the seed's fixed port 5555: the test holds /tmp/seedports.lock, as the
// other suites that run them do. Screenshots go to test-artifacts/ui/<host>/wire-*.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { seedPortsLock } from '../trace/traced';
import { answerInputBox, clickInlineAction, openViewContainer, runCommand, screenshot, startCommand, treeItem, webview } from './workbench';
import { useSeedWorkbench } from './workspace';

const HOSTS = (process.env.VSCODE_TEST_UI_HOSTS ?? 'min,latest').split(',');
const VIEWPORT = { width: 1440, height: 900 };

/** The seed's custom roles file, with hwserver and hwclient inspected on the wire. */
function inspectOnTheWire(workspace: string): void {
  const file = join(workspace, '.vscode', 'zeromq.json');
  const text = readFileSync(file, 'utf8').replace(/("args": \["hw(server|client)\.py"\],)/g, '$1 "inspect": "wire",');
  assert.equal(text.match(/"inspect": "wire"/g)?.length, 2);
  writeFileSync(file, text);
}

for (const name of HOSTS) {
  describe(`wire inspection in the workbench (${name} VS Code)`, function () {
    this.timeout(120_000);
    const bench = useSeedWorkbench(name, VIEWPORT);
    let page: Page;
    let inspector: FrameLocator;
    let lock: { release: () => Promise<void> } | undefined;
    before(async () => {
      page = bench.page;
      inspector = webview(page);
      lock = await seedPortsLock();
    });
    after(async () => {
      await runCommand(page, 'ZeroMQ: Stop All').catch(() => undefined);
      await lock?.release();
    });

    it('shows the rows and round trips of hwserver.py and hwclient.py captured on the wire', async () => {
      inspectOnTheWire(bench.workspace);
      await openViewContainer(page, 'ZeroMQ');
      await runCommand(page, 'ZeroMQ: Refresh');
      await clickInlineAction(page, treeItem(page, 'Patterns', /^hwserver /), 'Start in Background');
      await treeItem(page, 'Sessions', /^hwserver running/).waitFor({ timeout: 30_000 });
      await clickInlineAction(page, treeItem(page, 'Patterns', /^hwclient /), 'Start in Background');
      // Ten requests, each answered after the server's 1 s sleep; the counts come from the capture.
      await treeItem(page, 'Sessions', /^hwclient exited \(0\) · ↑10 ↓10/).waitFor({ timeout: 60_000 });
      await treeItem(page, 'Sessions', /^hwserver running · ↑10 ↓10/).waitFor({ timeout: 30_000 });

      await runCommand(page, 'ZeroMQ: Open Inspector');
      // Each message at both ends: 10 "Hello" sent and received, 10 "World" sent and received.
      await inspector.getByTestId('counts').filter({ hasText: /^40 shown of 40/ }).waitFor({ timeout: 30_000 });
      await inspector.locator('.spacer > .row', { hasText: 'Hello' }).first().waitFor();
      await inspector.locator('.spacer > .row', { hasText: 'World' }).first().waitFor();
      // The test host's notice of a forwarded port (5555) would cover the frame detail.
      await runCommand(page, 'Notifications: Clear All Notifications');
      await screenshot(page, name, 'wire-messages');

      await inspector.locator('vscode-tab-header', { hasText: 'Request-Reply' }).click();
      const client = inspector.locator('[data-testid^="client-"]').first();
      await client.waitFor();
      const stat = async (label: string) => (await client.locator(`[data-stat="${label}"] .stat-value`).textContent())?.trim();
      assert.equal(await stat('Requests'), '10');
      assert.equal(await stat('Replies'), '10');
      assert.equal(await stat('Pairs timed'), '10');
      // hwserver.py sleeps 1 s before each reply: wire timestamps give a round trip of ~1000 ms.
      for (const label of ['p50', 'max']) {
        const value = Number(/^~?([\d,]+) ms$/.exec((await stat(label)) ?? '')?.[1].replace(',', ''));
        assert.ok(value >= 995 && value < 1500, `${label} round trip ${value} ms`);
      }
      await screenshot(page, name, 'wire-reqrep');
    });

    it('captures traffic as an item of the Sessions view, with its counts and Stop', async () => {
      await startCommand(page, 'ZeroMQ: Capture Traffic…');
      await answerInputBox(page, /interface to capture on/, 'lo');
      // Prefilled from the custom roles' endpoints: the seed's 5555 and the others.
      await answerInputBox(page, /The TCP ports/, '5555');
      await treeItem(page, 'Sessions', /^Capture lo:5555 capturing/).waitFor({ timeout: 30_000 });
      // Its output (what the CLI says as it captures) in the panel: in the screenshots, and of a failure.
      await treeItem(page, 'Sessions', /^Capture lo:5555 capturing/).click();
      // The Sessions view redraws as the counts come in, which can swallow the click: until it runs, try again.
      for (let attempt = 1; ; attempt++) {
        await clickInlineAction(page, treeItem(page, 'Patterns', /^hwclient /), 'Start in Background');
        const started = treeItem(page, 'Sessions', /^hwclient (starting|running)/).first();
        if (await started.waitFor({ timeout: 20_000 }).then(() => true, () => attempt === 3)) break;
      }
      await treeItem(page, 'Sessions', /^Capture lo:5555 capturing · 20 messages · 1 connections/).waitFor({ timeout: 60_000 });
      await screenshot(page, name, 'wire-capture-item');
      // The row is drawn anew as counts come in: a click on its action as it is redrawn is lost, so try again.
      for (let attempt = 1; ; attempt++) {
        await clickInlineAction(page, treeItem(page, 'Sessions', /^Capture lo:5555 capturing/), 'Stop Capture');
        const ended = treeItem(page, 'Sessions', /^Capture lo:5555 (stopping|stopped)/);
        if (await ended.waitFor({ timeout: 5_000 }).then(() => true, () => attempt === 3)) break;
      }
      await treeItem(page, 'Sessions', /^Capture lo:5555 stopped · 20 messages · 1 connections/).waitFor({ timeout: 30_000 });
    });

    it('says what is wrong with a port typed for a capture', async () => {
      await startCommand(page, 'ZeroMQ: Capture Traffic…');
      await answerInputBox(page, /interface to capture on/, 'lo');
      const input = page.locator('.quick-input-widget input').first();
      await input.fill('5555, 70000');
      await page.locator('.quick-input-widget').getByText("'70000' is not a TCP port").waitFor();
      await page.keyboard.press('Escape');
    });
  });
}
