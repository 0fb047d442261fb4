// Bundles the extension and the CLI for Node, the inspector webview for the browser, and compiles
// the tests file by file into out/. `node esbuild.mjs webview` builds the webview alone.
// zeromq stays external: it is a native addon whose loader picks a prebuild at run time.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

function tsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const node = {
  platform: 'node',
  // jsonc-parser's default (UMD) build cannot be bundled; its ES module build can.
  mainFields: ['module', 'main'],
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

// The inspector webview runs in the browser: its script, and its CSS with the codicon font.
const webview = {
  bundle: true,
  platform: 'browser',
  target: 'chrome120',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  entryPoints: { inspector: 'webview/inspector/main.ts', 'inspector-style': 'webview/inspector/inspector.css' },
  outdir: 'dist/webview',
  loader: { '.ttf': 'file' },
};

const builds = [
  webview,
  { ...node, bundle: true, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'zeromq'] },
  { ...node, bundle: true, entryPoints: ['src/roles/cli.ts'], outfile: 'dist/cli.js', external: ['zeromq'], banner: { js: '#!/usr/bin/env node' } },
  // Loaded into traced Node programs (`zmq-sessions trace`); it uses the program's own zeromq.
  { ...node, bundle: true, entryPoints: ['src/tracer/node-hook.ts'], outfile: 'dist/trace-hook.js', external: ['zeromq'] },
  // Tests import src/ by relative path, so both trees are compiled side by side under out/.
  { ...node, bundle: false, entryPoints: [...tsFiles('src'), ...tsFiles('test')], outdir: 'out', outbase: '.' },
];

// A production build is for a package: the bundles only, minified, and out/ left alone.
const selected = process.argv.includes('webview') ? [webview] : production ? builds.slice(0, 4) : builds;
// Compiled tests of deleted sources must not linger and run.
if (selected === builds) rmSync('out', { recursive: true, force: true });

if (watch) {
  for (const options of selected) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(selected.map((options) => esbuild.build(options)));
}
