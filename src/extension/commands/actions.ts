// The roles' own actions: send a request to a REP server, publish through a running PUB, start
// a ventilator's batch. Requests go through the CLI's req role, since roles are the only code
// that opens data sockets.
import * as vscode from 'vscode';
import { RoleProcess } from '../../roles/child';
import { option } from '../../shared/catalog';
import { connectableFrom } from '../../shared/endpoint';
import { NODE, nodeEnv } from '../node';
import { endpointOf, RoleInstance } from '../sessions/model';
import { SessionRegistry } from '../sessions/registry';
import { Starter } from '../launch/starter';
import { pickInstance } from './pick';

const REQUEST_TIMEOUT_MS = 5000;

export function registerActionCommands(registry: SessionRegistry, starter: Starter, cli: string): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zeromq.request.send', async (given?: RoleInstance, message?: string) => {
      const server = await pickInstance(registry, given, (instance) => instance.spec.role === 'rep', 'REP server', 'Start a rep role first.');
      const bound = server && endpointOf(server);
      const endpoint = bound && connectableFrom(bound);
      if (!endpoint) return undefined;
      let curveEnv: Record<string, string>;
      try {
        curveEnv = starter.curve.roleEnv({ binds: false, connects: true });
      } catch (error) {
        // CURVE on without a key pair: offered to make one, as the start commands do.
        await starter.curve.explain(error);
        return undefined;
      }
      const text = message ?? (await vscode.window.showInputBox({ title: `Send a request to ${endpoint}`, prompt: 'The request text', value: 'Hello' }));
      if (text === undefined) return undefined;
      // Cancel stops the req: its retries may take twice the timeout against a server that does not answer.
      const reply = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Request to ${endpoint}`, cancellable: true }, (_progress, token) =>
        request(registry, cli, { endpoint, text, curveEnv }, token),
      );
      if (reply.cancelled) return reply;
      if (reply.ok) void vscode.window.showInformationMessage(`Reply from ${endpoint}: ${reply.text}`);
      else void vscode.window.showErrorMessage(`No reply from ${endpoint}: ${reply.text}`);
      return reply;
    }),
    vscode.commands.registerCommand('zeromq.message.publish', async (given?: RoleInstance, message?: string) => {
      const publisher = await pickInstance(registry, given, (instance) => instance.spec.role === 'pub' && instance.spec.source === 'builtin', 'built-in publisher', 'Start a pub role first.');
      if (!publisher) return;
      const text = message ?? (await vscode.window.showInputBox({ title: `Publish through ${publisher.spec.label}`, prompt: 'The message; subscribers match its beginning against their filters', value: '10001 ' }));
      if (text === undefined) return;
      if (text.includes('\n')) {
        void vscode.window.showErrorMessage('A published message is one line: remove the line breaks.');
        return;
      }
      registry.enter(publisher, text);
    }),
    vscode.commands.registerCommand('zeromq.batch.start', async (given?: RoleInstance) => {
      const ventilator = await pickInstance(registry, given, (instance) => instance.spec.role === 'ventilator', 'ventilator', 'Start a pipeline session first.');
      if (ventilator) registry.enter(ventilator);
    }),
  ];
}

interface Request {
  endpoint: string;
  text: string;
  curveEnv: Record<string, string>;
}

async function request(registry: SessionRegistry, cli: string, { endpoint, text, curveEnv }: Request, token: vscode.CancellationToken): Promise<{ ok: boolean; text: string; cancelled?: boolean }> {
  let reply: string | undefined;
  const args = [option('connect', endpoint), option('message', text), option('count', 1), option('timeout', REQUEST_TIMEOUT_MS), option('retries', 1)];
  // Tracked: Stop All and closing the window stop it like any role.
  const req = registry.track(new RoleProcess('req', args, {
    cli,
    node: NODE,
    env: nodeEnv(curveEnv),
    onEvent: (event) => {
      if (event.event === 'received') reply = event.frames.map((frame) => frame.text ?? `0x${frame.hex}`).join(' | ');
    },
  }));
  const cancel = token.onCancellationRequested(() => void req.stop());
  const exit = await req.exited;
  cancel.dispose();
  if (token.isCancellationRequested && reply === undefined) return { ok: false, text: 'cancelled', cancelled: true };
  return reply !== undefined ? { ok: true, text: reply } : { ok: false, text: exit.lastError ?? `exit code ${exit.code}` };
}
