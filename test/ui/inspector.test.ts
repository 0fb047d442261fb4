// The inspector as a person uses it in the workbench of each VS Code test host: a session of each
// pattern started from the palette (in the background and in terminals), the inspector opened
// from the palette, its rows and each panel filled by what the roles reported; then the same in
// VS Code's light theme. Screenshots of each panel go to test-artifacts/ui/<host>/inspector-*.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { answerInputBox, openViewContainer, pickQuickItem, runCommand, screenshot, startCommand, treeItem, webview } from './workbench';
import { useSeedWorkbench } from './workspace';

const HOSTS = (process.env.VSCODE_TEST_UI_HOSTS ?? 'min,latest').split(',');
const VIEWPORT = { width: 1440, height: 900 };
const PANELS: [string, string][] = [
  ['Messages', 'messages'],
  ['Request-Reply', 'reqrep'],
  ['Publish-Subscribe', 'pubsub'],
  ['Pipeline', 'pipeline'],
  ['Socket Events', 'sockets'],
  ['Throughput', 'throughput'],
];

for (const name of HOSTS) {
  describe(`the inspector in the workbench (${name} VS Code)`, function () {
    this.timeout(90_000);
    const bench = useSeedWorkbench(name, VIEWPORT);
    let page: Page;
    let workspace: string;
    let inspector: FrameLocator;
    before(() => {
      ({ page, workspace } = bench);
      // The only webview the test opens.
      inspector = webview(page);
    });

    async function startSession(pattern: RegExp, mode: RegExp, workers?: string): Promise<void> {
      await startCommand(page, 'ZeroMQ: Start Session…');
      await pickQuickItem(page, pattern);
      await pickQuickItem(page, mode);
      if (workers) await answerInputBox(page, 'How many workers?', workers);
    }

    const stat = (card: string, stat: string) => inspector.getByTestId(card).locator(`[data-stat="${stat}"] .stat-value`);

    it('shows the rows and panels of a session of each pattern, started in the background and in terminals', async () => {
      await openViewContainer(page, 'ZeroMQ');
      await startSession(/^Request-Reply/, /In the background/);
      await treeItem(page, 'Sessions', /^req exited/).waitFor({ timeout: 30_000 });
      await startSession(/^Publish-Subscribe/, /In a terminal/);
      await treeItem(page, 'Sessions', /^sub exited/).waitFor({ timeout: 30_000 });
      // The sink of a session keeps running for the next batch: the batch's end shows in the inspector.
      await startSession(/^Pipeline/, /In the background/, '2');
      await treeItem(page, 'Sessions', /^Pipeline \(2 workers\) 4 of 4 running/).waitFor({ timeout: 30_000 });

      await runCommand(page, 'ZeroMQ: Open Inspector');
      const counts = inspector.getByTestId('counts');
      await counts.filter({ hasText: /^[1-9][\d,]* shown of/ }).waitFor({ timeout: 30_000 });
      assert.ok((await inspector.locator('.spacer > .row').count()) > 5, 'rows drawn');
      assert.match((await inspector.getByTestId('status').textContent())!, /live.*messages/);

      await inspector.locator('vscode-tab-header', { hasText: 'Request-Reply' }).click();
      const client = inspector.locator('[data-testid^="client-"]').first();
      await client.waitFor();
      assert.equal(await client.locator('[data-stat="Requests"] .stat-value').textContent(), '10', 'the client\'s ten requests');
      assert.equal(await client.locator('[data-stat="Pairs timed"] .stat-value').textContent(), '10');

      await inspector.locator('vscode-tab-header', { hasText: 'Publish-Subscribe' }).click();
      const subscriber = inspector.locator('[data-testid^="subscriber-"]').first();
      await subscriber.waitFor();
      assert.equal(await subscriber.locator('[data-stat="Received"] .stat-value').textContent(), '5', 'the seed\'s five updates');

      await inspector.locator('vscode-tab-header', { hasText: 'Pipeline' }).click();
      await inspector.getByTestId('batch').locator('.tag', { hasText: /^done$/ }).waitFor({ timeout: 30_000 });
      assert.equal(await stat('batch', 'Tasks').textContent(), '20');
      assert.equal(await inspector.locator('[data-testid=gantt] .lane:not(.axis)').count(), 2, 'a lane per worker');

      await inspector.locator('vscode-tab-header', { hasText: 'Socket Events' }).click();
      await inspector.getByText('handshake').first().waitFor();
      await inspector.locator('vscode-tab-header', { hasText: 'Throughput' }).click();
      await inspector.getByTestId('throughput-chart').locator('canvas').first().waitFor();

      // The pubsub session's terminals took the panel: the inspector gets the window's height back.
      await runCommand(page, 'View: Toggle Panel Visibility');
      for (const [tab, file] of PANELS) {
        await inspector.locator('vscode-tab-header', { hasText: tab }).click();
        await page.waitForTimeout(200);
        await screenshot(page, name, `inspector-dark-${file}`);
      }
    });

    it('follows VS Code\'s light theme', async () => {
      const settings = join(workspace, '.vscode', 'settings.json');
      writeFileSync(settings, JSON.stringify({ ...JSON.parse(readFileSync(settings, 'utf8')), 'workbench.colorTheme': 'Default Light Modern' }, null, 2));
      await inspector.locator('body.vscode-light').waitFor({ timeout: 30_000 });
      for (const [tab, file] of PANELS) {
        await inspector.locator('vscode-tab-header', { hasText: tab }).click();
        await page.waitForTimeout(200);
        await screenshot(page, name, `inspector-light-${file}`);
      }
      await runCommand(page, 'ZeroMQ: Stop All');
    });

    it('comes back after a window reload, on the tab and with the filter it had', async () => {
      await inspector.locator('vscode-tab-header', { hasText: 'Messages' }).click();
      await inspector.locator('[data-testid=filter-topic] input').fill('10001');
      await inspector.locator('vscode-tab-header', { hasText: 'Pipeline' }).click();
      await runCommand(page, 'Developer: Reload Window');
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // A new extension host: the capture starts empty, the panel and its state are restored.
      await inspector.getByTestId('status').filter({ hasText: /^live\s*0 messages/ }).waitFor({ timeout: 60_000 });
      assert.equal(await inspector.locator('vscode-tab-header[data-tab="pipeline"]').getAttribute('aria-selected'), 'true');
      assert.equal(await inspector.locator('[data-testid=filter-topic] input').inputValue(), '10001');
    });
  });
}
