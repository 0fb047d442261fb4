// `npm run package [-- --target T | --all]`: a platform-specific VSIX (linux-x64 by default, every
// target with --all) with the minified bundles and the one zeromq addon that target's VS Code loads.
// .vscodeignore is the allow-list. zeromq's loader (cmake-ts) reads build/manifest.json, keeps the
// builds of the running os, arch and libc, and tries them from the highest Node ABI down; a VSIX
// that held only some of them would print a warning for each missing one. So each VSIX is packed
// from a staging folder: the allow-listed files, the addon the loader tries first for the target,
// and a manifest that names only it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

// vsce's targets, and the os, arch and libc that cmake-ts's loader matches on each (libc: glibc or
// musl on Linux, Alpine being musl; libc on macOS; msvc on Windows).
const TARGETS = JSON.parse(readFileSync(new URL('./targets.json', import.meta.url), 'utf8'));

const ZEROMQ_BUILD = 'node_modules/zeromq/build';

/**
 * The manifest entry the loader tries first on the target: the highest ABI of its os, arch and
 * libc. The addons are N-API only, so any ABI loads in VS Code's Node; on linux-x64 the highest
 * (Node 22's, glibc 2.25) is also the one that loads on glibc older than 2.38, where the Node 12
 * and Node 20 builds do not.
 */
function pickAddon(manifest, target) {
  const want = TARGETS[target];
  const [key, file] = Object.entries(manifest)
    .map(([key, file]) => [JSON.parse(key), file])
    .filter(([config]) => config.os === want.os && config.arch === want.arch && config.libc === want.libc)
    .sort(([a], [b]) => (b.abi ?? 0) - (a.abi ?? 0))
    .map(([config, file]) => [JSON.stringify(config), file])[0] ?? [];
  if (!key) throw new Error(`zeromq has no prebuilt addon for ${target} (${want.os} ${want.arch} ${want.libc}).`);
  // Windows builds name their file with backslashes.
  return { key, file: file.replace(/\\/g, '/') };
}

// vsce by its script and Node by its path, and npm through the shell on Windows, where it is npm.cmd.
const VSCE = [process.execPath, resolve('node_modules/@vscode/vsce/vsce')];

function run([command, ...first], args, cwd) {
  const result = spawnSync(command, [...first, ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', shell: command === 'npm' && process.platform === 'win32' });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
  return result.stdout;
}

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

/** Packs one target's VSIX from a staging folder; returns its path. */
function packTarget(target, files, dependencies, out) {
  const manifest = JSON.parse(readFileSync(join(ZEROMQ_BUILD, 'manifest.json'), 'utf8'));
  const addon = pickAddon(manifest, target);
  const stage = mkdtempSync(join(tmpdir(), `zeromq-sessions-${target}-`));
  try {
    for (const file of files) copy(file, join(stage, file));
    // vsce asks npm which packages are production dependencies: each needs its package.json.
    for (const dependency of dependencies) copy(join(dependency, 'package.json'), join(stage, dependency, 'package.json'));
    const addonPath = `${ZEROMQ_BUILD}/${addon.file}`;
    copy(addonPath, join(stage, addonPath));
    writeFileSync(join(stage, ZEROMQ_BUILD, 'manifest.json'), JSON.stringify({ [addon.key]: addon.file }));
    writeFileSync(join(stage, '.vscodeignore'), `${readFileSync('.vscodeignore', 'utf8')}\n# ${target}'s addon\n!${addonPath}\n`);
    run(VSCE, ['package', '--target', target, '--out', resolve(out)], stage);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return out;
}

function main() {
  const all = process.argv.includes('--all');
  const flag = process.argv.indexOf('--target');
  const targets = all ? Object.keys(TARGETS) : [flag > 0 ? process.argv[flag + 1] : 'linux-x64'];
  const unknown = targets.find((target) => !TARGETS[target]);
  if (unknown !== undefined) {
    console.error(`Unknown target "${unknown}". Targets: ${Object.keys(TARGETS).join(', ')}, or --all.`);
    process.exit(2);
  }
  spawnSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' }).status === 0 || process.exit(1);
  const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
  // What the allow-list admits, as vsce itself lists it (with npm's production dependencies).
  const files = run(VSCE, ['ls'], process.cwd()).split(/\r?\n/).filter(Boolean);
  const dependencies = run(['npm'], ['ls', '--production', '--parseable', '--depth=99999', '--loglevel=error'], process.cwd())
    .split(/\r?\n/)
    .filter(Boolean)
    .map((path) => relative(process.cwd(), path).replace(/\\/g, '/'))
    .filter((path) => path.startsWith('node_modules'));
  for (const target of targets) {
    const out = packTarget(target, files, dependencies, `${name}-${version}-${target}.vsix`);
    console.log(`${out}: ${(statSync(out).size / 1024).toFixed(0)} KiB`);
  }
}

try {
  main();
} catch (error) {
  console.error(`Packaging failed: ${error.message}`);
  process.exit(1);
}
