// Attach to Endpoint…: watch programs the extension did not start. On a publisher, a passive SUB
// that subscribes to everything sees all it publishes from then on without disturbing it. An
// extra REP or PULL would steal messages, so for those the inspection proxy goes in between:
// the clients connect to the proxy, which forwards to the server and reports both ways.
import * as vscode from 'vscode';
import { defaultBind, option } from '../../shared/catalog';
import { EndpointError, parseEndpoint } from '../../shared/endpoint';
import { RoleInstance } from '../sessions/model';
import { Starter } from '../launch/starter';

type Target = 'pub' | 'rep' | 'pull';

const TARGETS: { target: Target; label: string; detail: string; listen?: string }[] = [
  { target: 'pub', label: 'A publisher (PUB)', detail: 'a passive subscriber sees everything it publishes' },
  { target: 'rep', label: 'A request-reply server (REP)', detail: 'an inspection proxy: point the clients at it', listen: defaultBind('proxy') },
  { target: 'pull', label: 'A pipeline sink (PULL that binds)', detail: 'an inspection proxy: point the workers at it', listen: defaultBind('proxySink') },
];

export function registerAttachCommands(starter: Starter): vscode.Disposable[] {
  return [
    // Programs (tests) may pass the endpoint, what it is, and where the proxy listens.
    vscode.commands.registerCommand('zeromq.tap.attach', async (given?: string, kind?: Target, listenAt?: string): Promise<RoleInstance | undefined> => {
      const target = kind ? TARGETS.find((entry) => entry.target === kind) : await vscode.window.showQuickPick(TARGETS, { placeHolder: 'What runs at the endpoint?' });
      if (!target) return undefined;
      const endpoint = given ?? (await ask('The endpoint it binds', defaultBind('pubsub'), 'connect'));
      if (!endpoint || !valid(endpoint, 'connect')) return undefined;
      if (target.target === 'pub') {
        return starter.startRole({ ...starter.builtinSpec('sub', 'background', `tap ${endpoint}`), source: 'attached', args: [option('connect', endpoint), option('filter', ''), option('count', 0)] });
      }
      const listen = listenAt ?? (await ask('Where the proxy listens: connect the clients there instead', target.listen!, 'bind'));
      if (!listen || !valid(listen, 'bind')) return undefined;
      const pattern = target.target === 'rep' ? 'reqrep' : 'pipeline';
      return starter.startRole({
        source: 'attached',
        role: 'proxy',
        pattern,
        label: `proxy → ${endpoint}`,
        mode: 'background',
        args: [option('pattern', pattern), option('bind', listen), option('connect', endpoint)],
      });
    }),
  ];
}

async function ask(prompt: string, placeHolder: string, use: 'bind' | 'connect'): Promise<string | undefined> {
  return vscode.window.showInputBox({ title: 'Attach to Endpoint', prompt, value: placeHolder, validateInput: (text) => problem(text, use) });
}

function valid(text: string, use: 'bind' | 'connect'): boolean {
  const error = problem(text, use);
  if (error) void vscode.window.showErrorMessage(error);
  return !error;
}

function problem(text: string, use: 'bind' | 'connect'): string | undefined {
  try {
    parseEndpoint(text, use);
    return undefined;
  } catch (error) {
    return error instanceof EndpointError ? error.message : String(error);
  }
}
