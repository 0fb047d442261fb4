// The host `npm start` serves (scripts/start.mjs): a whole VS Code, terminal included, so it takes
// only requests with its connection token, never on its command line, and keeps workspace trust on.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostModule, type TestHost } from './host';

const HOST = (process.env.VSCODE_TEST_UI_HOSTS ?? 'min').split(',')[0];

describe('the demo host (npm start)', function () {
  this.timeout(120_000);
  const token = randomBytes(24).toString('hex');
  let host: TestHost | undefined;
  before(async () => {
    const { TestHost } = await hostModule();
    host = await TestHost.start({ name: HOST, connectionToken: token, workspaceTrust: true });
  });
  after(() => host?.dispose());

  it('refuses a request without the connection token, or with another one', async () => {
    for (const query of ['', '?tkn=wrong', `?tkn=${token.slice(0, -1)}`]) {
      const response = await fetch(`http://127.0.0.1:${host!.port}/${query}`, { redirect: 'manual' });
      assert.equal(response.status, 403, `GET /${query}`);
    }
  });

  it('serves the workbench at the address it prints, which carries the token', async () => {
    const address = host!.url({ folder: '/tmp' });
    assert.ok(new URL(address).searchParams.get('tkn') === token, address);
    // The server takes the token, keeps it in a cookie and sends the browser on without it in the URL.
    const first = await fetch(address, { redirect: 'manual' });
    assert.equal(first.status, 302);
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    assert.ok(cookie.includes(token), `a cookie with the token: ${cookie}`);
    const page = await fetch(new URL(first.headers.get('location')!, address), { headers: { cookie }, redirect: 'manual' });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
  });

  it('keeps the token off its command line, and workspace trust on', () => {
    const commandLine = readFileSync(`/proc/${host!.server.pid}/cmdline`, 'utf8').split('\0');
    assert.ok(!commandLine.some((arg) => arg.includes(token)), 'the token is not visible in ps');
    assert.ok(!commandLine.includes('--without-connection-token'));
    assert.ok(!commandLine.includes('--disable-workspace-trust'));
  });
});
