// Issue 16 as a person sees it: the seed's seven Python programs, unchanged, started from their
// inline actions in the Patterns view (custom Python roles are traced by default), fill the
// inspector: the message rows, REQ/REP round trips of about a second each (hwserver sleeps 1 s),
// the subscriber's five updates, the pipeline batch and the socket events. The seed programs bind
// the fixed ports 5555-5558: the test holds /tmp/seedports.lock, as the other seed tests do.
// Screenshots go to test-artifacts/ui/<host>/trace-*.
import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { seedPortsLock } from '../trace/traced';
import { clickInlineAction, openViewContainer, panel, resizeSideBar, runCommand, screenshot, treeItem, webview } from './workbench';
import { useSeedWorkbench } from './workspace';

const HOSTS = (process.env.VSCODE_TEST_UI_HOSTS ?? 'min,latest').split(',');
const VIEWPORT = { width: 1440, height: 1000 };

for (const name of HOSTS) {
  describe(`the seed's programs traced, in the inspector (${name} VS Code)`, function () {
    this.timeout(180_000);
    const bench = useSeedWorkbench(name, VIEWPORT);
    let page: Page;
    let inspector: FrameLocator;
    let ports: { release: () => Promise<void> } | undefined;
    before(async () => {
      page = bench.page;
      inspector = webview(page);
      ports = await seedPortsLock();
    });
    after(async () => {
      if (page) await runCommand(page, 'ZeroMQ: Stop All').catch(() => undefined);
      await ports?.release();
    });

    const start = (role: string, action = 'Start in Background') => clickInlineAction(page, treeItem(page, 'Patterns', new RegExp(`^${role} `)), action);
    const tab = (title: string) => inspector.locator('vscode-tab-header', { hasText: title }).click();

    it('fills the rows, the Request-Reply, Publish-Subscribe, Pipeline and Socket Events panels', async () => {
      await openViewContainer(page, 'ZeroMQ');
      await resizeSideBar(page, 480);
      await start('hwserver');
      await treeItem(page, 'Sessions', /^hwserver running/).waitFor({ timeout: 30_000 });
      await start('hwclient');
      await start('wuserver');
      await start('wuclient');
      await start('tasksink');
      await start('taskwork');
      // The seed's taskvent waits for Enter: it is started in a terminal, and given one.
      await start('taskvent', 'Start in Terminal');
      // A click on a role running in a terminal shows its terminal.
      await treeItem(page, 'Sessions', /^taskvent running/).click({ timeout: 30_000 });
      const terminal = panel(page).locator('.xterm-rows').filter({ visible: true }).filter({ hasText: 'Press Enter when the workers are ready' }).first();
      await terminal.waitFor({ timeout: 30_000 });
      // Typed into xterm.js's input (of no size: a click on the rows may land on a toast). A key
      // pressed while the terminal takes focus can be lost (the batch never started once): again
      // until taskvent says it sends; a second Enter, which it never reads, changes nothing.
      const sending = panel(page).locator('.xterm-rows').filter({ visible: true }).filter({ hasText: 'Sending tasks to workers' }).first();
      for (let attempt = 0; attempt < 3 && !(await sending.isVisible()); attempt++) {
        await panel(page).getByRole('textbox', { name: /^Terminal \d+, taskvent\b/ }).press('Enter');
        await sending.waitFor({ timeout: 5_000 }).catch(() => undefined);
      }
      await sending.waitFor({ timeout: 5_000 });
      await screenshot(page, name, 'trace-sessions');

      await runCommand(page, 'ZeroMQ: Open Inspector');
      await inspector.getByTestId('counts').filter({ hasText: /^[1-9][\d,]* shown of/ }).waitFor({ timeout: 30_000 });
      assert.ok((await inspector.locator('.spacer > .row').count()) > 5, 'rows drawn');
      await screenshot(page, name, 'trace-messages');

      // hwclient's ten requests, each answered after hwserver's one-second sleep.
      await treeItem(page, 'Sessions', /^hwclient exited/).waitFor({ timeout: 60_000 });
      await tab('Request-Reply');
      const client = inspector.locator('[data-testid^="client-"]').first();
      await client.locator('[data-stat="Pairs timed"] .stat-value', { hasText: /^10$/ }).waitFor({ timeout: 30_000 });
      assert.equal(await client.locator('[data-stat="Requests"] .stat-value').textContent(), '10', "hwclient's ten requests");
      const median = (await client.locator('[data-stat="p50"] .stat-value').textContent()) ?? '';
      const ms = /([\d.,]+)\s*(ms|s)$/.exec(median.trim());
      assert.ok(ms, `a median round trip: "${median}"`);
      const medianMs = Number(ms[1].replace(/,/g, '')) * (ms[2] === 's' ? 1000 : 1);
      assert.ok(medianMs >= 990 && medianMs < 1300, `round trips of about 1000 ms: ${median}`);
      await screenshot(page, name, 'trace-reqrep');

      await tab('Publish-Subscribe');
      const subscriber = inspector.locator('[data-testid^="subscriber-"]').first();
      await subscriber.locator('[data-stat="Received"] .stat-value', { hasText: /^5$/ }).waitFor({ timeout: 60_000 });
      await screenshot(page, name, 'trace-pubsub');

      await tab('Pipeline');
      await inspector.getByTestId('batch').locator('.tag', { hasText: /^done$/ }).waitFor({ timeout: 60_000 });
      assert.equal(await inspector.getByTestId('batch').locator('[data-stat="Tasks"] .stat-value').textContent(), '100', "taskvent's hundred tasks");
      await screenshot(page, name, 'trace-pipeline');

      await tab('Socket Events');
      await inspector.getByText('handshake').first().waitFor({ timeout: 30_000 });
      await screenshot(page, name, 'trace-sockets');
    });
  });
}
