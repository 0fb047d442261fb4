#!/usr/bin/env node
// Stands in for the desktop `code` executable that @vscode/test-electron's runTests starts
// (vscodeExecutablePath): takes the desktop CLI's flags, runs the extension tests in the VS Code
// server of a code-server package with its workbench in Chromium, relays the extension host's
// console, and exits with the tests' code. No desktop VS Code can be downloaded on our machines.
//
// Environment: VSCODE_TEST_HOST  which host of hosts.mjs (min, latest; default min)
//              TEST_HOST_TIMEOUT_MS  hard limit for the whole run (default 300000)
//              TEST_HOST_VERBOSE=1  also relay the workbench page's own console
//              TEST_HOST_WORKSPACE_TRUST=1  workspace trust on: the folder opens restricted
import { format } from 'node:util';
import { TestHost } from './host.mjs';

const TIMEOUT_MS = Number(process.env.TEST_HOST_TIMEOUT_MS ?? 300_000);
// Desktop flags that take their value as the next argument; the rest is ignored when unknown.
const VALUE_FLAGS = new Set(['--user-data-dir', '--extensions-dir', '--extensionDevelopmentPath', '--extensionTestsPath', '--locale', '--profile', '--log', '--sync']);

function parse(argv) {
  const flags = new Map();
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const [name, value] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, VALUE_FLAGS.has(arg) ? argv[++i] : 'true'];
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, paths };
}

async function main() {
  const { flags, paths } = parse(process.argv.slice(2));
  const [extensionDevelopmentPath] = flags.get('--extensionDevelopmentPath') ?? [];
  const [extensionTestsPath] = flags.get('--extensionTestsPath') ?? [];
  if (!extensionTestsPath) throw new Error('this launcher only runs extension tests: --extensionTestsPath is required.');
  const [target] = paths;
  const opened = target?.endsWith('.code-workspace') ? { workspace: target } : { folder: target };

  let finish;
  let finished = false;
  const result = new Promise((resolve) => (finish = resolve)).finally(() => (finished = true));
  const timer = setTimeout(() => {
    console.error(`Test host: the run took longer than ${TIMEOUT_MS / 1000} s (TEST_HOST_TIMEOUT_MS); stopping it.`);
    finish(1);
  }, TIMEOUT_MS);

  // The steps run beside the timer rather than before it, so that a hang anywhere ends the run.
  let host;
  const steps = (async () => {
    host = await TestHost.start({
      name: process.env.VSCODE_TEST_HOST ?? 'min',
      userDataDir: flags.get('--user-data-dir')?.[0],
      extensionsDir: flags.get('--extensions-dir')?.[0],
      workspaceTrust: process.env.TEST_HOST_WORKSPACE_TRUST === '1',
    });
    host.server.once('exit', (code, signal) => {
      if (finished) return;
      console.error(`Test host: the VS Code server exited (${code ?? signal}) before the tests finished; its log: ${host.logFile}`);
      finish(1);
    });
    const page = await host.open({ ...opened, extensionDevelopmentPath, extensionTestsPath }, {
      // The workbench's log lines and the extension host's console (mocha's report) as console
      // arguments: a format string and its values.
      onLog: (level, args) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${format(...[args].flat())}\n`),
      onExit: (code) => finish(code),
    });
    page.on('crash', () => {
      console.error('Test host: the workbench page crashed.');
      finish(1);
    });
    if (process.env.TEST_HOST_VERBOSE) page.on('console', (message) => console.error(`[workbench ${message.type()}] ${message.text()}`));
  })();
  steps.catch((error) => {
    console.error(`Test host: ${error.message}`);
    finish(1);
  });
  try {
    return await result;
  } finally {
    clearTimeout(timer);
    // A host still starting is killed by host.mjs's exit handler.
    await host?.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`Test host: ${error.message}`);
    process.exit(1);
  },
);
