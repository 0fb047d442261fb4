// A VS Code test host: the VS Code server of an installed code-server package, with its web
// workbench opened in Debian's Chromium through Playwright. The desktop-CLI launcher (extension
// tests) and the UI tests both start, open and clean up through this module.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { hostPaths } from './hosts.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const SERVER_START_TIMEOUT_MS = 60_000;
// Settings every host starts with (the server's Machine settings apply to any window): no AI
// features, whose agents log a line per second here, and nothing that would look for updates.
const MACHINE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  // Newer versions open an empty secondary side bar (chat) otherwise.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
};

/**
 * Every process a host starts carries this variable with the host's run id, which is how cleanup
 * (and the test that checks it) finds them: terminals get sessions of their own, outside the
 * server's process group, and Chromium's crash handlers leave Chromium's group.
 */
export const RUN_ID_VARIABLE = 'TEST_HOST_RUN_ID';

/** Process group of `pid` (field 5 of /proc/PID/stat, after the parenthesised name). */
function processGroup(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/**
 * Pids of the run: those whose environment carries `runId`, and the members of the process groups
 * they lead (Chromium starts its helpers with a cleaned environment, but in its group). This
 * process and its group are left out. Linux only (/proc).
 */
export function processesOfRun(runId) {
  const needle = Buffer.from(`${RUN_ID_VARIABLE}=${runId}\0`);
  const ownGroup = processGroup(process.pid);
  const marked = new Set();
  const groups = new Map();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      groups.set(pid, processGroup(pid));
      if (readFileSync(`/proc/${pid}/environ`).includes(needle)) marked.add(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  const leaders = new Set([...marked].filter((pid) => groups.get(pid) === pid));
  return [...groups].filter(([pid, group]) => group !== ownGroup && (marked.has(pid) || leaders.has(group))).map(([pid]) => pid);
}

function kill(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Hosts not yet disposed. A signal or a process.exit() anywhere must not leave their processes
 * behind, and only synchronous work runs in an 'exit' handler, so the last resort kills by SIGKILL.
 */
const live = new Set();
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
function onExit() {
  for (const host of live) {
    host.killNow();
    rmSync(host.runDir, { recursive: true, force: true });
  }
}
function onSignal(signal) {
  console.error(`\nTest host: ${signal} received, stopping VS Code and Chromium.`);
  process.exit(SIGNALS[signal]);
}
function track(host) {
  if (live.size === 0) {
    process.on('exit', onExit);
    for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
  }
  live.add(host);
}
function untrack(host) {
  live.delete(host);
  if (live.size === 0) {
    process.off('exit', onExit);
    for (const signal of Object.keys(SIGNALS)) process.off(signal, onSignal);
  }
}

export class TestHost {
  /**
   * Starts the server of host `name` (see hosts.mjs). `userDataDir` keeps the server's state (a
   * fresh folder of the run when not given); `env` is added to the environment that the server,
   * hence the extension host, and Chromium get. `connectionToken`: the server refuses every
   * request without it (the URL carries it); none for test hosts, which nobody else can know of in
   * their short life. `workspaceTrust`: on, a folder is restricted until trusted (off for tests
   * that need to run custom roles without a dialog).
   */
  static async start({ name, userDataDir, extensionsDir, env = {}, connectionToken, workspaceTrust = false }) {
    const paths = hostPaths(name);
    if (!existsSync(paths.marker)) {
      throw new Error(`VS Code test host "${name}" is not installed: run node scripts/vscode-host/install.mjs ${name}`);
    }
    const host = new TestHost(name, env);
    host.connectionToken = connectionToken;
    host.workspaceTrust = workspaceTrust;
    track(host);
    try {
      await host.startServer(paths, userDataDir ?? join(host.runDir, 'user-data'), extensionsDir);
      return host;
    } catch (error) {
      await host.dispose();
      throw error;
    }
  }

  constructor(name, env) {
    this.name = name;
    // A caller may choose the id (the test that checks for survivors does); it reaches us either way.
    this.runId = env[RUN_ID_VARIABLE] ?? process.env[RUN_ID_VARIABLE] ?? randomUUID();
    // Chromium's profile and the server's TMPDIR (its IPC sockets, the tests' os.tmpdir()) live
    // here, so one rm removes what a run leaves.
    this.runDir = mkdtempSync(join(tmpdir(), 'vscode-host-'));
    mkdirSync(join(this.runDir, 'tmp'));
    this.env = {
      ...process.env,
      // No marketplace is reachable here: an empty gallery keeps the workbench from trying one.
      EXTENSIONS_GALLERY: '{}',
      ...env,
      TMPDIR: join(this.runDir, 'tmp'),
      [RUN_ID_VARIABLE]: this.runId,
    };
    this.disposed = false;
  }

  async startServer(paths, userDataDir, extensionsDir) {
    mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
    writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(MACHINE_SETTINGS, null, 2));
    this.logFile = join(userDataDir, 'server.log');
    // The token in a file only this user can read: a command line is visible to every local user.
    const tokenFile = join(this.runDir, 'connection-token');
    if (this.connectionToken) writeFileSync(tokenFile, this.connectionToken, { mode: 0o600 });
    const args = [
      paths.serverMain, '--host', '127.0.0.1', '--port', '0',
      ...(this.connectionToken ? ['--connection-token-file', tokenFile] : ['--without-connection-token']),
      '--accept-server-license-terms', '--disable-telemetry',
      ...(this.workspaceTrust ? [] : ['--disable-workspace-trust']),
      // Without it the web client of VS Code >= ~1.120 ignores the test payload in the URL.
      '--enable-smoke-test-driver',
      '--user-data-dir', userDataDir, '--server-data-dir', join(userDataDir, 'server'),
      '--extensions-dir', extensionsDir ?? join(userDataDir, 'extensions'),
    ];
    // Its own process group, killed as a whole: the extension host of a window that did not run
    // tests would otherwise stay for hours.
    this.server = spawn(paths.node, args, { env: this.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(this.logFile);
    this.server.stderr.pipe(log);
    this.port = await new Promise((resolve, reject) => {
      const fail = (why) => reject(new Error(`VS Code server ${paths.vscode} ${why}; its log: ${this.logFile}`));
      const timer = setTimeout(() => fail(`did not listen within ${SERVER_START_TIMEOUT_MS / 1000} s`), SERVER_START_TIMEOUT_MS);
      let output = '';
      this.server.stdout.on('data', (chunk) => {
        log.write(chunk);
        output += chunk;
        const match = /Extension host agent listening on (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      this.server.once('error', (error) => fail(`could not start (${error.message})`));
      this.server.once('exit', (code, signal) => fail(`exited with ${code ?? signal} before listening`));
    });
    this.authority = `127.0.0.1:${this.port}`;
  }

  /** A path on this machine as the workbench sees it: a file of the remote (the server). */
  remoteUri(path) {
    return `vscode-remote://${this.authority}${path}`;
  }

  /**
   * The workbench URL. `folder` is an absolute path; `payload` pairs as in the desktop flags
   * (extensionDevelopmentPath, extensionTestsPath: absolute paths, turned into remote URIs here).
   */
  url({ folder, workspace, extensionDevelopmentPath, extensionTestsPath } = {}) {
    const payload = [['skipWelcome', 'true']];
    if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', this.remoteUri(extensionDevelopmentPath)]);
    if (extensionTestsPath) payload.push(['extensionTestsPath', this.remoteUri(extensionTestsPath)]);
    const query = new URLSearchParams();
    // The server takes the token from the URL once and keeps it in a cookie.
    if (this.connectionToken) query.set('tkn', this.connectionToken);
    if (folder) query.set('folder', folder);
    if (workspace) query.set('workspace', workspace);
    query.set('payload', JSON.stringify(payload));
    return `http://${this.authority}/?${query}`;
  }

  /**
   * Opens the workbench in a new Chromium. `onLog(level, message)` receives the extension host's
   * console and `onExit(code)` the extension test runner's exit code, through the hooks the web
   * workbench calls when a test payload is given.
   */
  async open(urlOptions, { onLog, onExit, viewport = { width: 1280, height: 800 } } = {}) {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (or set CHROMIUM_PATH).`);
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      env: this.env,
      // Signals are handled once, above, for the server and Chromium together.
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    });
    const page = await this.browser.newPage({ viewport });
    if (onLog) await page.exposeFunction('codeAutomationLog', onLog);
    if (onExit) await page.exposeFunction('codeAutomationExit', onExit);
    await page.goto(this.url(urlOptions));
    return page;
  }

  /** Synchronous last resort: SIGKILL to the server's group and to whatever carries the run id. */
  killNow() {
    if (this.server?.pid) kill(-this.server.pid, 'SIGKILL');
    for (const pid of processesOfRun(this.runId)) kill(pid, 'SIGKILL');
  }

  /** Closes Chromium, stops the server's process group and every process of the run, removes the run's folder. */
  async dispose() {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.race([this.browser?.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (this.server?.pid && this.server.exitCode === null && this.server.signalCode === null) {
      const exited = new Promise((resolve) => this.server.once('exit', resolve));
      kill(-this.server.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    }
    this.killNow();
    for (let i = 0; i < 50 && processesOfRun(this.runId).length; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    rmSync(this.runDir, { recursive: true, force: true });
    untrack(this);
  }
}
