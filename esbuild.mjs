// Bundles the extension and the CLI for Node, and compiles the tests file by file into out/.
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
    return path.endsWith('.ts') ? [path] : [];
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

const builds = [
  { ...node, bundle: true, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'zeromq'] },
  { ...node, bundle: true, entryPoints: ['src/roles/cli.ts'], outfile: 'dist/cli.js', external: ['zeromq'], banner: { js: '#!/usr/bin/env node' } },
  // Tests import src/ by relative path, so both trees are compiled side by side under out/.
  { ...node, bundle: false, entryPoints: [...tsFiles('src'), ...tsFiles('test')], outdir: 'out', outbase: '.' },
];

// Compiled tests of deleted sources must not linger and run.
rmSync('out', { recursive: true, force: true });

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
