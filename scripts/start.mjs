// npm start: builds the extension, installs the VS Code host if it is missing, and serves VS Code
// with the extension and a demo workspace (the seed's Python programs as custom roles) until Ctrl-C.
// The server serves a whole VS Code, terminal included: it takes only requests with a random
// connection token, which the printed address carries, and workspace trust stays on.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestHost } from './vscode-host/host.mjs';
import { hostPaths, repoRoot } from './vscode-host/hosts.mjs';

const HOST = process.env.VSCODE_TEST_HOST_NAME ?? 'min';

function step(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

step('node', ['esbuild.mjs']);
if (!existsSync(hostPaths(HOST).marker)) step('node', ['scripts/vscode-host/install.mjs', HOST]);

// Kept between runs (git-ignored), so that what the user changes in it stays.
const workspace = join(repoRoot, '.vscode-test', 'demo-workspace');
if (!existsSync(workspace)) {
  mkdirSync(workspace, { recursive: true });
  cpSync(join(repoRoot, 'test', 'fixtures', 'seed-workspace'), workspace, { recursive: true });
  // It sits inside this repository's folder; the Git extension would offer to open the parent repo.
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'git.openRepositoryInParentFolders': 'never' }, null, 2)}\n`);
}

const connectionToken = randomBytes(24).toString('hex');
const host = await TestHost.start({ name: HOST, userDataDir: join(repoRoot, '.vscode-test', 'user-data-demo'), connectionToken, workspaceTrust: true });
console.log(`\nZeroMQ Sessions runs in VS Code ${hostPaths(HOST).vscode}. Open this address in a browser on this machine
(it holds the connection token: without it the server refuses every request):\n\n  ${host.url({ folder: workspace, extensionDevelopmentPath: repoRoot })}\n
VS Code asks whether you trust the demo folder: trust it to run its custom roles (the seed's Python
programs); built-in roles run either way. Press Ctrl-C to stop.`);
await new Promise((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await host.dispose();
