// The VSIX smoke test: packages the extension (npm run package), installs the VSIX into the
// minimum VS Code test host with --install-extension, and runs suite/ against the installed copy.
// The development extension is an empty stub, so nothing is loaded from the working tree.
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// out/test/vsix -> repository root.
const root = resolve(__dirname, '..', '..', '..');

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

async function main(): Promise<number> {
  const { hostPaths } = await import(pathToFileURL(join(root, 'scripts', 'vscode-host', 'hosts.mjs')).href);
  const host = hostPaths('min');
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsix = join(root, `${name}-${version}-linux-x64.vsix`);
  const temp = mkdtempSync(join(tmpdir(), 'zeromq-sessions-vsix-'));
  const extensionsDir = join(temp, 'extensions');
  try {
    run('node', ['scripts/package.mjs', '--target', 'linux-x64']);
    console.log(`VSIX: ${(statSync(vsix).size / 1024 / 1024).toFixed(2)} MiB`);
    run(host.node, [host.serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir,
      '--user-data-dir', join(temp, 'install'), '--server-data-dir', join(temp, 'install'), '--accept-server-license-terms']);
    await runTests({
      vscodeExecutablePath: join(root, 'scripts', 'vscode-host', 'launch.mjs'),
      extensionDevelopmentPath: join(root, 'test', 'vsix', 'stub'),
      extensionTestsPath: join(__dirname, 'suite', 'index.js'),
      launchArgs: [temp, `--extensions-dir=${extensionsDir}`, `--user-data-dir=${join(temp, 'user-data')}`],
      extensionTestsEnv: { VSIX_EXTENSIONS_DIR: extensionsDir },
    });
    return 0;
  } catch (error) {
    console.error(`The VSIX smoke test failed: ${(error as Error).message}`);
    return 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
