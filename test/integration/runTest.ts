// Runs the extension-host suite (suite/) through @vscode/test-electron's runTests, in the VS Code
// host named on the command line (min or latest, see scripts/vscode-host/hosts.mjs). By default
// vscodeExecutablePath is our launcher, which starts the VS Code server of a code-server package;
// VSCODE_TEST_HOST=desktop runs the same suite, unchanged, in a downloaded desktop VS Code.
// `--tests FILE` runs another tests module in a workspace with no .vscode/zeromq.json, so that
// nothing activates the extension before it does (the bench times activation that way).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// out/test/integration -> repository root.
const root = resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const name = process.argv[2] ?? 'min';
  const tests = process.argv.indexOf('--tests') > 0 ? resolve(process.argv[process.argv.indexOf('--tests') + 1]) : undefined;
  const desktop = process.env.VSCODE_TEST_HOST === 'desktop';
  // A path built at run time, so that TypeScript does not look for the module's types.
  const { hostPaths } = await import(pathToFileURL(join(root, 'scripts', 'vscode-host', 'hosts.mjs')).href);
  const host = hostPaths(name);
  const workspace = mkdtempSync(join(tmpdir(), 'zeromq-sessions-it-'));
  writeFileSync(join(workspace, 'README.md'), '# Integration test workspace\n');
  // The seed's Python programs, declared as custom roles in .vscode/zeromq.json.
  if (!tests) cpSync(join(root, 'test', 'fixtures', 'seed-workspace'), workspace, { recursive: true });
  try {
    await runTests({
      ...(desktop ? { version: host.vscode } : { vscodeExecutablePath: join(root, 'scripts', 'vscode-host', 'launch.mjs') }),
      extensionDevelopmentPath: root,
      extensionTestsPath: tests ?? join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
      // One state folder per host: the two VS Code versions must not share state databases.
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${join(root, '.vscode-test', `user-data-${name}`)}`],
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
