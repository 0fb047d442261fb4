// Drives the VS Code workbench as a person would, for UI tests. Selectors differ between VS Code
// versions, so these prefer roles and accessible names to class names; each is tried on both hosts.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
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
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  // An option's accessible name may carry the key binding after the title.
  const option = page.locator('.quick-input-list').getByRole('option', { name: title }).first();
  await option.waitFor();
  await beforeRun?.();
  await option.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Hovers an item of a tree or list view in the side bar (its label as shown) and clicks one of its
 * inline actions by the action's title, e.g. clickInlineAction(page, 'rep :5555', 'Stop').
 */
export async function clickInlineAction(page: Page, itemLabel: string, actionTitle: string): Promise<void> {
  const row = sideBar(page).locator('.monaco-list-row').filter({ hasText: itemLabel }).first();
  // Inline actions show on hover; their accessible name is the title plus any key binding.
  await row.hover();
  await row.getByRole('button', { name: actionTitle }).first().click();
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

/** Opens a file of the workspace from the Explorer, as a click on it, and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  await openViewContainer(page, 'Explorer');
  await sideBar(page).getByRole('treeitem', { name }).click();
  await page.locator('.tabs-container').getByRole('tab', { name, selected: true }).waitFor();
  await page.locator('.editor-instance .monaco-editor').first().waitFor();
}

/** The visible text of a webview's document, once it contains `expected`. */
export async function webviewText(page: Page, expected: string | RegExp, title?: string): Promise<string> {
  const body = webview(page, title).locator('body');
  await body.getByText(expected).first().waitFor({ timeout: 30_000 });
  return body.innerText();
}

/** Saves a screenshot of the page as test-artifacts/ui/<host>/<name>.png and returns its path. */
export async function screenshot(page: Page, host: string, name: string): Promise<string> {
  const dir = join(artifacts, host);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
