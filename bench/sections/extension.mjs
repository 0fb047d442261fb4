// 5: the extension as it ships: the minified bundles' sizes, the VSIX's size, and the time to
// activate it in a real VS Code (bench/host-activation.cjs in the min host), and to load the bundle
// and run activate() alone (bench/activate.cjs, with a stub of the vscode module).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS, ROOT } from '../lib/peers.mjs';
import { median } from '../lib/stats.mjs';

const kib = (file) => Math.round((statSync(file).size / 1024) * 10) / 10;

function node(args) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim().slice(-600)}`);
  return result.stdout;
}

/** Sizes of the production bundles; leaves them in dist/ (the caller rebuilds the dev build). */
function bundleSizes() {
  node(['esbuild.mjs', '--production']);
  const dist = join(ROOT, 'dist');
  const webview = readdirSync(join(dist, 'webview')).filter((name) => !name.endsWith('.map'));
  return {
    'extension.js': kib(join(dist, 'extension.js')),
    'cli.js': kib(join(dist, 'cli.js')),
    ...Object.fromEntries(webview.map((name) => [`webview/${name}`, kib(join(dist, 'webview', name))])),
  };
}

/** `npm run package`'s VSIX, moved into bench/results/. */
function vsixSize() {
  const printed = node(['scripts/package.mjs']);
  const name = /(\S+\.vsix): /.exec(printed)?.[1];
  if (!name) throw new Error(`no VSIX named in: ${printed.slice(-300)}`);
  const file = join(RESULTS, name);
  renameSync(join(ROOT, name), file);
  return { file: `bench/results/${name}`, kib: kib(file) };
}

/** The first activation in the min VS Code host, `runs` times, each in a fresh window. */
function hostActivation(runs) {
  const file = join(RESULTS, 'host-activation.json');
  const figures = [];
  for (let run = 0; run < runs; run++) {
    rmSync(file, { force: true });
    node(['out/test/integration/runTest.js', 'min', '--tests', 'bench/host-activation.cjs']);
    figures.push(JSON.parse(readFileSync(file, 'utf8')));
  }
  const ms = figures.map((figure) => Math.round(figure.activateMs * 10) / 10);
  return {
    vscode: figures[0].vscode,
    activateMs: median(ms),
    runsMs: ms,
    how: "extension.activate() awaited in the extension host of VS Code's server (code-server), 3 s after the window opened, in a workspace where nothing had activated it: VS Code's work, loading dist/extension.js (production) and zeromq's addon, and activate()",
  };
}

export function measureExtension({ activations, log }) {
  const bundlesKiB = bundleSizes();
  log(`bundles (KiB): ${JSON.stringify(bundlesKiB)}`);
  const runs = Array.from({ length: activations }, () => JSON.parse(node([join(ROOT, 'bench/activate.cjs')])));
  const activation = {
    loadMs: median(runs.map((run) => run.loadMs)),
    activateMs: median(runs.map((run) => run.activateMs)),
    totalMs: median(runs.map((run) => run.loadMs + run.activateMs)),
    runs,
    how: 'dist/extension.js (production) required and activate() awaited in plain Node with a stub vscode module; VS Code\'s own extension-host work is not included',
  };
  log(`activation: load ${activation.loadMs} ms + activate ${activation.activateMs} ms`);
  let host;
  try {
    host = hostActivation(activations);
  } catch (error) {
    host = { skipped: error.message };
  }
  log(`activation in VS Code: ${JSON.stringify(host)}`);
  let vsix;
  try {
    vsix = vsixSize();
  } catch (error) {
    vsix = { skipped: error.message };
  }
  log(`vsix: ${JSON.stringify(vsix)}`);
  return { bundlesKiB, activation, hostActivation: host, vsix };
}
