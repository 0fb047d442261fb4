// What an --extensionTestsPath entry runs inside VS Code's extension host: every *.test.js of its
// folder with mocha. The reporter is the project's own, by absolute path, so that the counts reach
// $TEST_RESULTS_FILE (inherited by the extension host) for scripts/test.mjs.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

// out/test/helpers -> repository root.
const root = resolve(__dirname, '..', '..', '..');

export async function runTestsIn(dir: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS reporter by path
  const reporter = require(join(root, 'test', 'reporter.js'));
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, reporter });
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.test.js'));
  for (const file of files.sort()) mocha.addFile(join(dir, file));
  const failures = await new Promise<number>((done) => mocha.run(done));
  if (failures > 0) throw new Error(`${failures} extension test${failures === 1 ? '' : 's'} failed.`);
}
