// The inspector's built bundle in headless Chromium, in a page like the one the extension gives
// its webview: the same HTML and Content Security Policy (src/shared/inspector-html.ts), served
// from a local origin that stands for webview.cspSource. acquireVsCodeApi is the harness's: what
// the webview posts is kept in window.__posted, and the test plays the host's messages.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { inspectorHtml } from '../../src/shared/inspector-html';
import type { HostMessage, WebviewMessage } from '../../src/shared/inspector-protocol';

const root = join(__dirname, '..', '..', '..');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html' };
export type Theme = 'dark' | 'light' | 'high-contrast';

/** The page's window as the harness sees it (the tests compile without the DOM's types). */
interface PageWindow {
  __posted: WebviewMessage[];
  __state: unknown;
  __violations: string[];
  acquireVsCodeApi: () => unknown;
  postMessage(data: unknown, target: string): void;
  document: {
    addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
    body: { classList: { add(name: string): void } };
  };
}

export class Harness {
  private constructor(
    private readonly server: Server,
    private readonly browser: Browser,
    readonly origin: string,
  ) {}

  static async start(): Promise<Harness> {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/') {
        const origin = `http://${request.headers.host}`;
        response.setHeader('content-type', 'text/html');
        response.end(
          inspectorHtml({ cspSource: origin, nonce: randomBytes(16).toString('base64'), scriptUri: `${origin}/dist/webview/inspector.js`, styleUri: `${origin}/dist/webview/inspector-style.css` }),
        );
        return;
      }
      // Only the built assets and the theme files: nothing else of the repository is served.
      if (url.pathname === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      const path = normalize(url.pathname).replace(/^\/+/, '');
      if (!path.startsWith('dist/webview/') && !path.startsWith('test/webview/themes/')) {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = readFileSync(join(root, path));
        response.setHeader('content-type', TYPES[extname(path)] ?? 'application/octet-stream');
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return new Harness(server, browser, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  /** A new inspector page in a theme; `state` is what vscode.getState() returns (a reloaded webview's). */
  async open(theme: Theme = 'dark', state?: unknown, viewport = { width: 1280, height: 800 }): Promise<InspectorPage> {
    const context = await this.browser.newContext({ viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && problems.push(`console error: ${message.text()}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.addInitScript((saved) => {
      const w = globalThis as unknown as PageWindow;
      w.__posted = [];
      w.__state = saved;
      w.__violations = [];
      w.document.addEventListener('securitypolicyviolation', (event) => w.__violations.push(`${event.violatedDirective} ${event.blockedURI}`));
      w.acquireVsCodeApi = () => ({
        postMessage: (message: WebviewMessage) => w.__posted.push(message),
        getState: () => w.__state,
        setState: (value: unknown) => (w.__state = value),
      });
    }, state ?? null);
    await page.goto(this.origin);
    // VS Code gives the webview its theme as body classes and --vscode-* variables.
    await page.addStyleTag({ url: `${this.origin}/test/webview/themes/${theme}.css` });
    await page.evaluate((name) => (globalThis as unknown as PageWindow).document.body.classList.add(`vscode-${name}`), theme);
    return new InspectorPage(page, problems);
  }

  async dispose(): Promise<void> {
    await this.browser.close();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

export class InspectorPage {
  constructor(
    readonly page: Page,
    /** Page errors, console errors and dialogs: a test expects none. */
    readonly problems: string[],
  ) {}

  /** Delivers host messages the way VS Code does: as message events on the window. */
  async play(...messages: HostMessage[]): Promise<void> {
    // As JSON text: Playwright's own serialization of a 10k-row object takes ten times as long.
    for (const message of messages) await this.page.evaluate((json) => (globalThis as unknown as PageWindow).postMessage(JSON.parse(json), '*'), JSON.stringify(message));
  }

  posted(): Promise<WebviewMessage[]> {
    return this.page.evaluate(() => (globalThis as unknown as PageWindow).__posted);
  }

  state<T>(): Promise<T> {
    return this.page.evaluate(() => (globalThis as unknown as PageWindow).__state as T);
  }

  violations(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as PageWindow).__violations);
  }

  /** Picks a tab by its name. */
  async tab(name: string): Promise<void> {
    await this.page.locator('vscode-tab-header', { hasText: name }).click();
  }

  close(): Promise<void> {
    return this.page.context().close();
  }
}
