// The getting-started walkthrough as a new user meets it: opened from the palette, each step's
// button runs its pattern, and the step is checked off once a role of that pattern ran.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { openViewContainer, pickQuickItem, runCommand, screenshot, startCommand, treeItem } from './workbench';
import { useSeedWorkbench } from './workspace';

const HOSTS = (process.env.VSCODE_TEST_UI_HOSTS ?? 'min,latest').split(',');
const TITLE = 'Get started with ZeroMQ Sessions';

/** A step of the open walkthrough, by its title. */
function step(page: Page, title: string): Locator {
  return page.locator('.getting-started-step').filter({ has: page.locator('.step-title', { hasText: title }) });
}

/** Whether a step shows as done: VS Code marks its check icon `.complete`. */
const isComplete = async (locator: Locator): Promise<boolean> => (await locator.locator('.codicon.complete').count()) > 0;

for (const name of HOSTS) {
  describe(`the getting-started walkthrough (${name} VS Code)`, function () {
    this.timeout(60_000);
    const bench = useSeedWorkbench(name, { width: 1440, height: 1000 });
    let page: Page;
    before(() => (page = bench.page));

    it('opens from the palette with its four steps, none done', async () => {
      await startCommand(page, 'Welcome: Open Walkthrough...');
      await pickQuickItem(page, new RegExp(TITLE));
      await page.getByText(TITLE).first().waitFor();
      for (const title of ['Run request-reply', 'Watch publish-subscribe with a filter', 'Run a pipeline batch and read its timing', 'Inspect the messages']) {
        await step(page, title).waitFor();
        assert.equal(await isComplete(step(page, title)), false, `"${title}" is not done yet`);
      }
      await screenshot(page, name, 'walkthrough');
    });

    it('runs request-reply from its step\'s button, and checks the step off', async () => {
      const reqrep = step(page, 'Run request-reply');
      await reqrep.click();
      await reqrep.getByRole('button', { name: 'Run request-reply' }).click();
      await reqrep.locator('.codicon.complete').waitFor({ timeout: 30_000 });
      assert.equal(await isComplete(reqrep), true);
      assert.equal(await isComplete(step(page, 'Run a pipeline batch and read its timing')), false, 'only the step that ran');
      await screenshot(page, name, 'walkthrough-reqrep-done');
      // The session it started is the real one, in the Sessions view.
      await openViewContainer(page, 'ZeroMQ');
      await treeItem(page, 'Sessions', /^req (running|exited)/).waitFor();
      await runCommand(page, 'ZeroMQ: Stop All');
    });
  });
}
