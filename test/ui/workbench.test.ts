// UI tests in plain Node: Playwright drives the web workbench of each VS Code test host, with the
// extension loaded from the repository (development path), and saves screenshots under
// test-artifacts/ui/<host>/: the extension's view container and a command of it from the palette.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { hostModule, hostsModule, root, type TestHost } from './host';
import { clearArtifacts, openViewContainer, runCommand, screenshot, sideBar, viewHeader, waitForWorkbench } from './workbench';

const HOSTS = (process.env.VSCODE_TEST_UI_HOSTS ?? 'min,latest').split(',');

for (const name of HOSTS) {
  describe(`workbench (${name} VS Code)`, function () {
    this.timeout(60_000);
    let host: TestHost;
    let page: Page;
    let workspace: string;

    before(async function () {
      this.timeout(120_000);
      clearArtifacts(name);
      workspace = mkdtempSync(join(tmpdir(), 'zeromq-sessions-ui-'));
      const { TestHost } = await hostModule();
      host = await TestHost.start({ name });
      page = await host.open({ folder: workspace, extensionDevelopmentPath: root });
      await waitForWorkbench(page);
      const { vscode } = (await hostsModule()).hostPaths(name);
      console.log(`      VS Code ${vscode}`);
    });

    afterEach(async function () {
      // What the workbench showed when a case failed: the first thing to look at.
      if (this.currentTest?.state === 'failed' && page) {
        await screenshot(page, name, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`);
      }
    });

    after(async () => {
      await host?.dispose();
      if (workspace) rmSync(workspace, { recursive: true, force: true });
    });

    it('shows the ZeroMQ view container and its Sessions view from the activity bar', async () => {
      await openViewContainer(page, 'ZeroMQ');
      await viewHeader(page, 'Sessions').waitFor({ state: 'attached' });
      assert.match(await sideBar(page).locator('.composite.title').innerText(), /zeromq/i);
      await screenshot(page, name, '1-zeromq-view');
    });

    it('runs a command of the extension\'s view from the palette (F1)', async () => {
      await openViewContainer(page, 'Explorer');
      await viewHeader(page, 'Sessions').waitFor({ state: 'detached' });
      await runCommand(page, 'ZeroMQ: Focus on Sessions View', () => screenshot(page, name, '2-palette'));
      await viewHeader(page, 'Sessions').waitFor({ state: 'attached' });
      await screenshot(page, name, '3-palette-command-ran');
    });
  });
}
