// Drives the VS Code workbench as a person would, for UI tests. Selectors differ between VS Code
// versions, so these prefer roles and accessible names to class names; each is tried on both hosts.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './host';

export const artifacts = join(root, 'test-artifacts', 'ui');

/** Resolves once the workbench is laid out and its activity bar can be clicked. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.getByRole('tab', { name: /^Explorer/ }).waitFor({ timeout: 60_000 });
}

/** The primary side bar. */
export function sideBar(page: Page): Locator {
  return page.locator('#workbench\\.parts\\.sidebar');
}

/** Clicks the activity bar item of a view container, e.g. "ZeroMQ". */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  // Items of extensions appear once the extension host has read their manifests.
  await page.getByRole('tab', { name: title, exact: true }).or(page.getByRole('tab', { name: `${title} (` })).first().click({ timeout: 30_000 });
}

/** The header of a view in the side bar; a container's only view merges it into the title but keeps it in the DOM. */
export function viewHeader(page: Page, viewName: string): Locator {
  return sideBar(page).locator(`.pane-header[aria-label^="${viewName} "]`);
}

/**
 * Runs a command by its title from the command palette (F1), e.g. "View: Show ZeroMQ";
 * `beforeRun` sees the palette open with the command found (for a screenshot).
 */
export async function runCommand(page: Page, title: string, beforeRun?: () => Promise<unknown>): Promise<void> {
  await startCommand(page, title, beforeRun);
  await quickInput(page).waitFor({ state: 'hidden' });
}

/**
 * Picks a command in the palette (F1) like runCommand, for a command that asks questions next: the
 * quick input stays open for pickQuickItem and answerInputBox.
 */
export async function startCommand(page: Page, title: string, beforeRun?: () => Promise<unknown>): Promise<void> {
  // A terminal that a role shows as it starts takes the focus, which closes the palette: up to three tries.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = quickInput(page).locator('input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // An option's accessible name may carry the key binding after the title.
    const option = page.locator('.quick-input-list').getByRole('option', { name: title }).first();
    await option.waitFor();
    await beforeRun?.();
    try {
      await option.click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The quick input (command palette, quick picks, input boxes). */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/**
 * Clicks an item of the open quick pick by its accessible name: its label, then its description
 * and detail; a codicon in the label comes first by name (e.g. "terminal In a terminal, …").
 */
export async function pickQuickItem(page: Page, name: string | RegExp): Promise<void> {
  // The pointer leaves first: left over the item it picked before, its hover (the description)
  // stayed up over the next pick's items, and took the click for 30 s.
  await page.mouse.move(0, 0);
  await quickInput(page).getByRole('listbox').getByRole('option', { name }).first().click();
}

/** Answers the open input box whose prompt (or title) shows `prompt`: replaces its value with `text` and presses Enter. */
export async function answerInputBox(page: Page, prompt: string | RegExp, text: string): Promise<void> {
  const widget = quickInput(page);
  await widget.getByText(prompt).first().waitFor();
  const input = widget.locator('input').first();
  await input.fill(text);
  await input.press('Enter');
}

/**
 * Hovers an item of a tree or list view in the side bar and clicks one of its inline actions by the
 * action's title, e.g. clickInlineAction(page, 'rep :5555', 'Stop'). The item is its label as shown
 * (the first row containing that text) or a locator of the row, e.g. from treeItem().
 */
export async function clickInlineAction(page: Page, item: string | Locator, actionTitle: string): Promise<void> {
  const row = typeof item === 'string' ? sideBar(page).locator('.monaco-list-row').filter({ hasText: item }).first() : item;
  // Inline actions show on hover; their accessible name is the title plus any key binding. A
  // view that is redrawn or scrolled under the pointer (counts tick every second) moves the hover
  // to another row, whose tooltip can then cover this one: from a pointer away, hover again.
  for (let attempt = 1; ; attempt++) {
    await row.page().mouse.move(0, 0);
    await reveal(row);
    await row.hover();
    try {
      await row.getByRole('button', { name: actionTitle }).first().click({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/**
 * Scrolls a row of a VS Code list into its view's visible part. The list scrolls itself (no native
 * scrolling), so Playwright's own scrolling leaves a row below the view's edge, and a hover there
 * lands on the row above it.
 */
async function reveal(row: Locator): Promise<void> {
  const list = row.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " monaco-list ")][1]');
  for (let step = 0; step < 10; step++) {
    const [box, view] = await Promise.all([row.boundingBox(), list.boundingBox()]);
    if (!box || !view) return;
    const below = box.y + box.height - (view.y + view.height);
    const above = view.y - box.y;
    if (below <= 0 && above <= 0) return;
    await row.page().mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    await row.page().mouse.wheel(0, below > 0 ? below + 4 : -(above + 4));
    await row.page().waitForTimeout(100);
  }
}

/** The tree of a view in the side bar; its accessible name is the view's name, e.g. "Sessions". */
export function viewTree(page: Page, viewName: string): Locator {
  return sideBar(page).getByRole('tree', { name: viewName, exact: true });
}

/**
 * The rows of a view's tree whose accessible name matches `name`. A row's name is its label and
 * description ("rep running · tcp://…"), or its tooltip when that is plain text; VS Code >= 1.13x
 * appends ", has actions" when the row has inline actions.
 */
export function treeItem(page: Page, viewName: string, name: string | RegExp): Locator {
  return viewTree(page, viewName).getByRole('treeitem', { name });
}

export interface TreeRow {
  /** 1 for the roots. */
  level: number;
  label: string;
  description: string;
  /** Its accessible name. */
  name: string;
}

/** The rows a view's tree shows (rendered rows only: a tree renders what fits in its view). */
export async function treeRows(page: Page, viewName: string): Promise<TreeRow[]> {
  // A row's label and description are spans of its icon label, without roles of their own.
  return viewTree(page, viewName)
    .getByRole('treeitem')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        level: Number(row.getAttribute('aria-level')),
        label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
        name: row.getAttribute('aria-label') ?? '',
      })),
    );
}

/** The content of a view in the side bar below its header: its tree, or its welcome content. */
export function viewBody(page: Page, viewName: string): Locator {
  return sideBar(page).locator('.pane').filter({ has: page.locator(`.pane-header[aria-label^="${viewName} "]`) }).locator('.pane-body');
}

/** Drags the sash at the side bar's right edge until the side bar is `width` pixels wide. */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const box = await sideBar(page).boundingBox();
  if (!box) throw new Error('The side bar is not visible.');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width + 1, y, { steps: 10 });
  await page.mouse.up();
  // Off the sash, which stays highlighted while hovered.
  await page.mouse.move(box.x + width + 200, y);
}

/** The status bar. */
export function statusBar(page: Page): Locator {
  return page.locator('#workbench\\.parts\\.statusbar');
}

/** The panel (Terminal, Output, …). */
export function panel(page: Page): Locator {
  return page.locator('#workbench\\.parts\\.panel');
}

/**
 * The text of the terminal shown in the panel, once it contains `expected`. xterm.js renders rows
 * in the DOM only with its DOM renderer: the workspace must set
 * "terminal.integrated.gpuAcceleration": "off" (the WebGL renderer draws on a canvas).
 */
export async function terminalText(page: Page, expected: string | RegExp, timeout = 30_000): Promise<string> {
  const rows = panel(page).locator('.xterm-rows').filter({ visible: true }).filter({ hasText: expected }).first();
  await rows.waitFor({ timeout });
  return rows.innerText();
}

/**
 * The document inside a webview: VS Code puts it two iframes deep (an outer frame it owns, and the
 * extension's content in #active-frame). `title` picks the webview by its panel title (the
 * editor tab's label); without it, the first one.
 */
export function webview(page: Page, title?: string): FrameLocator {
  const outer = title ? page.locator(`iframe.webview[title="${title}"]`) : page.locator('iframe.webview');
  return outer.first().contentFrame().locator('iframe#active-frame').contentFrame();
}

const cleared = new Set<string>();

/**
 * Empties test-artifacts/ui/<host>/ once per run (the first suite of a host to ask does), so that
 * the folder holds this run's screenshots only, from every suite.
 */
export function clearArtifacts(host: string): void {
  if (cleared.has(host)) return;
  cleared.add(host);
  rmSync(join(artifacts, host), { recursive: true, force: true });
}

/**
 * Saves a screenshot of the page (or of one element, `of`) as test-artifacts/ui/<host>/<name>.png
 * and returns its path.
 */
export async function screenshot(page: Page, host: string, name: string, of?: Locator): Promise<string> {
  const dir = join(artifacts, host);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await (of ?? page).screenshot({ path });
  return path;
}
