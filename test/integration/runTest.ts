// Runs the extension-host suite (suite/) through @vscode/test-electron's runTests, in the VS Code
// host named on the command line (min or latest, see scripts/vscode-host/hosts.mjs). By default
// vscodeExecutablePath is our launcher, which starts the VS Code server of a code-server package;
// VSCODE_TEST_HOST=desktop runs the same suite, unchanged, in a downloaded desktop VS Code.
// `--tests FILE` runs another tests module in a workspace with no .vscode/zeromq.json, so that
// nothing activates the extension before it does (the bench times activation that way).
// `--untrusted` runs untrusted/ with workspace trust on, in the seed workspace whose settings try
// what an untrusted workspace must not (its folder is new, so never trusted).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the untrusted workspace's settings try; untrusted/ checks that none of it applies. */
const UNTRUSTED_SETTINGS = { 'zeromq.bindAddress': '0.0.0.0', 'zeromq.collector.endpoint': 'tcp://0.0.0.0:5599', 'zeromq.ports.requestReply': 22, 'zeromq.rep.delay': 4321 };

// out/test/integration -> repository root.
const root = resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const name = process.argv[2] ?? 'min';
  const tests = process.argv.indexOf('--tests') > 0 ? resolve(process.argv[process.argv.indexOf('--tests') + 1]) : undefined;
  const untrusted = process.argv.includes('--untrusted');
  const desktop = process.env.VSCODE_TEST_HOST === 'desktop';
  // Read by our launcher (scripts/vscode-host/launch.mjs), which runTests starts with this environment.
  if (untrusted) process.env.TEST_HOST_WORKSPACE_TRUST = '1';
  // A path built at run time, so that TypeScript does not look for the module's types.
  const { hostPaths } = await import(pathToFileURL(join(root, 'scripts', 'vscode-host', 'hosts.mjs')).href);
  const host = hostPaths(name);
  const workspace = mkdtempSync(join(tmpdir(), 'zeromq-sessions-it-'));
  writeFileSync(join(workspace, 'README.md'), '# Integration test workspace\n');
  // The seed's Python programs, declared as custom roles in .vscode/zeromq.json.
  if (!tests) cpSync(join(root, 'test', 'fixtures', 'seed-workspace'), workspace, { recursive: true });
  if (untrusted) writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(UNTRUSTED_SETTINGS, null, 2));
  try {
    await runTests({
      ...(desktop ? { version: host.vscode } : { vscodeExecutablePath: join(root, 'scripts', 'vscode-host', 'launch.mjs') }),
      extensionDevelopmentPath: root,
      extensionTestsPath: tests ?? join(root, 'out', 'test', 'integration', untrusted ? 'untrusted' : 'suite', 'index.js'),
      // One state folder per host: the two VS Code versions must not share state databases.
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${join(root, '.vscode-test', `user-data-${name}${untrusted ? '-untrusted' : ''}`)}`],
      extensionTestsEnv: { VSCODE_TEST_HOST: name },
    });
    return 0;
  } catch (error) {
    console.error(`Integration tests in VS Code ${host.vscode} failed: ${(error as Error).message}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
