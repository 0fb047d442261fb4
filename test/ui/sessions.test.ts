// The ZeroMQ view as a person uses it, in the web workbench of each VS Code test host, with the
// seed workspace (the zguide's Python programs as custom roles) as the opened folder: the empty
// Sessions view and the Patterns view, a role started from its inline action, a pipeline session
// started from the palette in terminals, the status bar count, and Stop All. Screenshots go to
// test-artifacts/ui/<host>/.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { hostModule, type TestHost } from './host';
import {
  answerInputBox,
  clickInlineAction,
  openViewContainer,
  panel,
  pickQuickItem,
  resizeSideBar,
  runCommand,
  screenshot,
  startCommand,
  statusBar,
  terminalText,
  treeItem,
  treeRows,
  viewBody,
  type TreeRow,
} from './workbench';
import { useSeedWorkbench, type Ports } from './workspace';

const HOSTS = (process.env.VSCODE_TEST_UI_HOSTS ?? 'min,latest').split(',');
// Tall enough for the Patterns view to render all its 23 rows beside the Sessions view.
const VIEWPORT = { width: 1440, height: 1200 };

/**
 * A role's description in the Sessions view, e.g. "running · ↑20 ↓0 · tcp://127.0.0.1:5555 · pid 123":
 * its state first, then the parts that apply.
 */
function describedRole(description: string): { state: string; port?: number; pid?: number } {
  const parts = description.split(' · ');
  const endpoint = parts.map((part) => /^tcp:\/\/127\.0\.0\.1:(\d+)$/.exec(part)).find(Boolean);
  const pid = parts.map((part) => /^pid (\d+)$/.exec(part)).find(Boolean);
  return { state: parts[0], port: endpoint ? Number(endpoint[1]) : undefined, pid: pid ? Number(pid[1]) : undefined };
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The role rows (level 2) of the Sessions view, by label. */
async function roleRows(page: Page): Promise<Map<string, TreeRow>> {
  return new Map((await treeRows(page, 'Sessions')).filter((row) => row.level === 2).map((row) => [row.label, row]));
}

/** Clicks a running role in the Sessions view, which shows its terminal in the panel. */
async function showTerminalOf(page: Page, role: string): Promise<void> {
  // The input of the terminal shown: xterm.js's textarea, of no size, so "attached" and not "visible".
  const input = panel(page).getByRole('textbox', { name: new RegExp(`^Terminal \\d+, ${role}\\b`) });
  // The row re-renders as its message counts change, which may swallow a click: up to three.
  for (let attempt = 1; ; attempt++) {
    await treeItem(page, 'Sessions', new RegExp(`^${role} running`)).click();
    try {
      await input.waitFor({ state: 'attached', timeout: 5000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

const PIPELINE_ROLES = ['ventilator', 'sink', 'worker 1', 'worker 2'];

for (const name of HOSTS) {
  describe(`ZeroMQ sessions in the workbench (${name} VS Code)`, function () {
    this.timeout(60_000);
    const bench = useSeedWorkbench(name, VIEWPORT);
    let host: TestHost;
    let page: Page;
    let ports: Ports;
    /** The pids the Sessions view showed for running roles. */
    const pids = new Set<number>();
    before(() => ({ host, page, ports } = bench));

    it('shows the empty Sessions view with its links, and every pattern and role in Patterns', async () => {
      await openViewContainer(page, 'ZeroMQ');
      // Wide enough for the roles' descriptions (state, endpoint, pid) in the screenshots.
      await resizeSideBar(page, 520);
      const welcome = viewBody(page, 'Sessions');
      await welcome.getByText('No ZeroMQ session is running.').waitFor();
      for (const link of ['Start Session…', 'Start Role…', 'Open Custom Roles File']) {
        assert.ok(await welcome.getByRole('button', { name: link, exact: true }).isVisible(), `the welcome link "${link}"`);
      }
      // The roots come first, their children after: wait for the last of each.
      await treeItem(page, 'Patterns', /^tasksink /).waitFor();
      await treeItem(page, 'Patterns', /^Exclusive Pair: /).waitFor();
      const rows = (await treeRows(page, 'Patterns')).map((row) => `${row.level} ${row.label}`);
      assert.deepEqual(rows, [
        '1 Request-Reply', '2 rep', '2 req', '2 router', '2 dealer', '2 hwserver', '2 hwclient',
        '1 Publish-Subscribe', '2 pub', '2 sub', '2 wuserver', '2 wuclient',
        '1 Pipeline', '2 ventilator', '2 worker', '2 sink', '2 streamer', '2 taskvent', '2 taskwork', '2 tasksink',
        '1 Extended Request-Reply', '1 Publish-Subscribe through a Forwarder', '1 Exclusive Pair',
      ]);
      await screenshot(page, name, 'sidebar-empty');
    });

    it('starts the built-in rep from its inline "Start in Background" action in Patterns', async () => {
      await clickInlineAction(page, treeItem(page, 'Patterns', /^rep /), 'Start in Background');
      await treeItem(page, 'Sessions', /^rep running · /).waitFor();
      const rep = describedRole((await roleRows(page)).get('rep')?.description ?? '');
      assert.equal(rep.state, 'running');
      assert.equal(rep.port, ports.requestReply, 'rep binds the port of the workspace settings');
      assert.ok(rep.pid, 'rep shows its pid');
      pids.add(rep.pid);
      await screenshot(page, name, 'rep-running');
    });

    it('starts a pipeline session in terminals from the palette; the sink\'s terminal shows the batch', async () => {
      await startCommand(page, 'ZeroMQ: Start Session…');
      await pickQuickItem(page, /^Pipeline/);
      await pickQuickItem(page, /In a terminal/);
      await answerInputBox(page, 'How many workers?', '2');
      await treeItem(page, 'Sessions', /^Pipeline \(2 workers\) 4 of 4 running/).waitFor();
      for (const role of PIPELINE_ROLES) await treeItem(page, 'Sessions', new RegExp(`^${role} running · `)).waitFor();

      const rows = await treeRows(page, 'Sessions');
      const session = rows.findIndex((row) => row.label === 'Pipeline (2 workers)');
      assert.deepEqual(rows.slice(session + 1).map((row) => row.label), PIPELINE_ROLES);
      const { processesOfRun } = await hostModule();
      const ofRun = processesOfRun(host.runId);
      for (const row of rows.slice(session + 1)) {
        const role = describedRole(row.description);
        assert.equal(role.state, 'running', row.label);
        assert.ok(role.pid && ofRun.includes(role.pid), `${row.label}: "${row.description}" shows a process of this test host`);
        pids.add(role.pid);
        // The sink binds the results port; the ventilator binds, and the workers connect to, the tasks port.
        assert.equal(role.port, row.label === 'sink' ? ports.pipelineResults : ports.pipelineTasks, `${row.label}'s endpoint`);
      }

      // A terminal per role, named after it; a click on the sink shows its terminal.
      const tabs = panel(page).getByRole('list', { name: 'Terminal tabs' });
      await showTerminalOf(page, 'sink');
      const names = await tabs.getByRole('listitem').evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
      for (const role of PIPELINE_ROLES) assert.ok(names.some((tab) => tab.endsWith(` ${role}`)), `a terminal named "${role}" among ${names.join(', ')}`);
      // The session starts its first batch once the workers are connected.
      const text = await terminalText(page, 'Total elapsed time:');
      assert.match(text, /Total elapsed time: \d+ msec/);
      await screenshot(page, name, 'pipeline-session');
    });

    it('counts the running roles in the status bar; a click on it opens the inspector', async () => {
      const item = statusBar(page).getByRole('button', { name: /ZeroMQ: \d+ roles? running/ });
      await statusBar(page).getByRole('button', { name: /ZeroMQ: 5 roles running\b/ }).waitFor();
      // "5", or "5 · 82 msgs" once messages flowed.
      assert.match((await item.innerText()).trim(), /^5(\b|$)/);
      await screenshot(page, name, 'status-bar', statusBar(page));
      await item.click();
      const tab = page.locator('.tabs-container').getByRole('tab', { name: 'ZeroMQ Inspector' });
      await tab.waitFor();
      await tab.getByRole('button', { name: /^Close/ }).click();
    });

    it('stops every role with "ZeroMQ: Stop All" from the palette', async () => {
      await runCommand(page, 'ZeroMQ: Stop All');
      for (const role of ['rep', ...PIPELINE_ROLES]) await treeItem(page, 'Sessions', new RegExp(`^${role} exited`)).waitFor();
      const roles = await roleRows(page);
      assert.deepEqual([...roles.keys()], ['rep', ...PIPELINE_ROLES]);
      for (const [label, row] of roles) assert.equal(describedRole(row.description).state, 'exited (0)', label);
      await statusBar(page).getByRole('button', { name: /ZeroMQ: 0 roles running\b/ }).waitFor();
      // The sink's terminal stays, with its output and how it ended.
      assert.match(await terminalText(page, /sink exited/), /Total elapsed time: \d+ msec/);
      assert.equal(pids.size, 5);
      assert.deepEqual([...pids].filter(isAlive), [], 'the roles\' processes are gone');
      await screenshot(page, name, 'stopped-all');
    });
  });
}
