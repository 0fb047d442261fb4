// `npm run package [-- --target T]`: a platform-specific VSIX (linux-x64 by default) with the
// minified bundles and only that platform's zeromq prebuilds. .vscodeignore is the allow-list;
// this adds the target's prebuild folder to a copy of it, which vsce reads with --ignoreFile.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// vsce's targets, and where zeromq keeps their addons (build/<os>/<arch>/).
const TARGETS = {
  'linux-x64': 'linux/x64',
  'linux-arm64': 'linux/arm64',
  'alpine-x64': 'linux/x64',
  'darwin-x64': 'darwin/x64',
  'darwin-arm64': 'darwin/arm64',
  'win32-x64': 'win32/x64',
  'win32-arm64': 'win32/arm64',
};

const flag = process.argv.indexOf('--target');
const target = flag > 0 ? process.argv[flag + 1] : 'linux-x64';
if (!TARGETS[target]) {
  console.error(`Unknown target "${target}". Targets: ${Object.keys(TARGETS).join(', ')}.`);
  process.exit(2);
}

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('node', ['esbuild.mjs', '--production']);
const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const out = `${name}-${version}-${target}.vsix`;
const temp = mkdtempSync(join(tmpdir(), 'zeromq-sessions-package-'));
try {
  const ignore = join(temp, '.vscodeignore');
  const addons = `node_modules/zeromq/build/${TARGETS[target]}/**`;
  writeFileSync(ignore, `${readFileSync('.vscodeignore', 'utf8')}\n# ${target}'s prebuilt addons\n!${addons}\n`);
  run('node_modules/.bin/vsce', ['package', '--target', target, '--ignoreFile', ignore, '--out', out]);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
