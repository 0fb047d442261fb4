// CURVE in the extension host: a key pair in secret storage, and with zeromq.curve.enabled the
// built-in roles encrypt with it, given their keys in the environment, never on the command line.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Session } from '../../../src/extension/sessions/model';
import { api, recordEvents, until, useFreePorts } from './helpers';

describe('CURVE in VS Code', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('zeromq.session.stopAll');
    await useFreePorts();
  });

  it('runs a request-reply session over CURVE with the key pair it generated, keys in the environment only', async () => {
    const { curve, registry } = await api();
    // The user-data folder outlives a run: a pair from an earlier run is kept (replacing asks first).
    const publicKey = (await curve.publicKey()) ?? (await vscode.commands.executeCommand<string>('zeromq.curve.generateKeyPair'));
    assert.match(publicKey, /^.{40}$/);
    await useFreePorts({ 'curve.enabled': true });
    const events = recordEvents(registry);
    try {
      const session = (await vscode.commands.executeCommand('zeromq.session.start', { kind: 'pattern', pattern: 'reqrep' }, 'background')) as Session;
      const [rep, req] = session.roles;
      await until(() => req.state.kind === 'exited', 'the client is done');
      assert.deepEqual(req.state, { kind: 'exited', code: 0 });
      const ready = (instance: typeof rep) => events.of(instance).find((event) => event.event === 'ready');
      assert.deepEqual(ready(rep), { ...ready(rep), security: { rep: 'curve-server' } });
      assert.deepEqual(ready(req), { ...ready(req), security: { req: 'curve-client' } });
      assert.equal(events.of(req).filter((event) => event.event === 'received').length, 10);
      const cmdline = readFileSync(`/proc/${rep.pid}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${rep.pid}/environ`, 'utf8');
      assert.ok(!cmdline.includes('curve') && environ.includes('ZMQ_SESSIONS_CURVE_SECRET_KEY='), 'keys in the environment, not in ps');
      // The server holds the secret key; the client only the server's public key (its own pair is made for the run).
      assert.deepEqual(Object.keys(rep.spec.env ?? {}), ['ZMQ_SESSIONS_CURVE_SECRET_KEY']);
      assert.deepEqual(req.spec.env, { ZMQ_SESSIONS_CURVE_SERVER_KEY: publicKey });
      // Send Request speaks CURVE too.
      const reply = await vscode.commands.executeCommand<{ ok: boolean; text: string }>('zeromq.request.send', rep, 'Hello');
      assert.deepEqual(reply, { ok: true, text: 'World' });
    } finally {
      events.dispose();
    }
  });
});
