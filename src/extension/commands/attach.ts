// Attach to Endpoint…: watch a program the extension did not start. On a publisher, a passive
// SUB that subscribes to everything sees all it publishes from then on without disturbing it
// (an extra REP or PULL would steal messages, so those patterns need the inspection proxy).
import * as vscode from 'vscode';
import { EndpointError, parseEndpoint } from '../../shared/endpoint';
import { RoleInstance } from '../sessions/model';
import { Starter } from '../sessions/starter';

export function registerAttachCommands(starter: Starter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zeromq.tap.attach', async (given?: string): Promise<RoleInstance | undefined> => {
      const endpoint =
        given ??
        (await vscode.window.showInputBox({
          title: 'Attach to a publisher',
          prompt: 'The endpoint a PUB socket binds; a passive subscriber reports everything it publishes',
          placeHolder: 'tcp://127.0.0.1:5556',
          validateInput: (text) => problem(text),
        }));
      if (!endpoint) return undefined;
      const error = problem(endpoint);
      if (error) {
        void vscode.window.showErrorMessage(error);
        return undefined;
      }
      const spec = { ...starter.builtinSpec('sub', 'background', `tap ${endpoint}`), args: ['--connect', endpoint, '--filter', '', '--count', '0'] };
      return starter.startRole(spec);
    }),
  ];
}

function problem(text: string): string | undefined {
  try {
    parseEndpoint(text, 'connect');
    return undefined;
  } catch (error) {
    return error instanceof EndpointError ? error.message : String(error);
  }
}
