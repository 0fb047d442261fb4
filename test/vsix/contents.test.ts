// The seven platform VSIXs of `npm run package -- --all`: each within its size budget, with the one
// zeromq addon its platform's VS Code loads and a manifest naming only that one, and the README's
// images left to the repository. The linux-x64 one is also installed and run in VS Code by the
// vsix suite (run.ts); here its addon is loaded from the package as the extension host would.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readZip } from './zip';

// out/test/vsix -> repository root.
const root = resolve(__dirname, '..', '..', '..');
const BUDGET = 6 * 1024 * 1024;
const ADDONS = 'extension/node_modules/zeromq/build/';

// vsce's targets and what cmake-ts's loader matches on each (scripts/targets.json, which packaging reads too).
const TARGETS: Record<string, { os: string; arch: string; libc: string }> = JSON.parse(readFileSync(join(root, 'scripts', 'targets.json'), 'utf8'));

describe('The platform VSIXs (npm run package -- --all)', function () {
  this.timeout(240_000);
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsixOf = (target: string) => join(root, `${name}-${version}-${target}.vsix`);
  const contents = new Map<string, Map<string, Buffer>>();

  before(async () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, ['scripts/package.mjs', '--all'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, `npm run package -- --all failed:\n${result.stdout}\n${result.stderr}`);
    for (const target of Object.keys(TARGETS)) {
      assert.ok(statSync(vsixOf(target)).mtimeMs >= started - 1000, `${target}'s VSIX was not written by this run`);
      contents.set(target, await readZip(vsixOf(target)));
    }
  });

  for (const [target, want] of Object.entries(TARGETS)) {
    describe(target, () => {
      const files = () => contents.get(target)!;

      it('is at most 6 MiB', () => {
        const size = statSync(vsixOf(target)).size;
        assert.ok(size <= BUDGET, `${(size / 1024 / 1024).toFixed(2)} MiB`);
      });

      it('declares its target platform', () => {
        assert.match(files().get('extension.vsixmanifest')!.toString(), new RegExp(`TargetPlatform="${target}"`));
      });

      it(`holds one addon, for ${want.os} ${want.arch} ${want.libc}, and a manifest naming only it`, () => {
        const addons = [...files().keys()].filter((file) => file.endsWith('.node'));
        assert.equal(addons.length, 1, addons.join(', '));
        const manifest: Record<string, string> = JSON.parse(files().get(`${ADDONS}manifest.json`)!.toString());
        const entries = Object.entries(manifest);
        assert.equal(entries.length, 1);
        const [key, file] = entries[0];
        const config = JSON.parse(key);
        assert.deepEqual({ os: config.os, arch: config.arch, libc: config.libc }, want);
        assert.equal(`${ADDONS}${file.replace(/\\/g, '/')}`, addons[0]);
        assert.ok(addons[0].startsWith(`${ADDONS}${want.os}/${want.arch}/node/${want.libc}-`), addons[0]);
      });

      it("ships no copy of the README's images, whose links point at the repository", () => {
        assert.deepEqual([...files().keys()].filter((file) => file.startsWith('extension/docs/')), []);
        const images = [...files().get('extension/readme.md')!.toString().matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]);
        assert.ok(images.length > 0);
        for (const image of images) assert.match(image, /^https:\/\/github\.com\/[^/]+\/[^/]+\/raw\/HEAD\/docs\/images\/[\w-]+\.png$/);
      });
    });
  }

  it('linux-x64: its addon loads from the package, silently, on glibc older than 2.38 (this machine)', () => {
    const header = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header;
    const [major, minor] = (header.glibcVersionRuntime ?? '0.0').split('.').map(Number);
    assert.ok(major === 2 && minor < 38, `this machine's glibc is ${header.glibcVersionRuntime}; the check needs one older than 2.38`);
    const temp = mkdtempSync(join(tmpdir(), 'zeromq-sessions-vsix-load-'));
    try {
      for (const [file, bytes] of contents.get('linux-x64')!) {
        if (!file.startsWith('extension/node_modules/')) continue;
        mkdirSync(dirname(join(temp, file)), { recursive: true });
        writeFileSync(join(temp, file), bytes);
      }
      const zeromq = join(temp, 'extension', 'node_modules', 'zeromq');
      const load = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(zeromq)}).version)`], { encoding: 'utf8' });
      assert.equal(load.status, 0, load.stderr);
      assert.equal(load.stdout.trim(), '4.3.5');
      assert.equal(load.stderr, '', 'the loader warned: it tried an addon that is not there or does not load');
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
