// Commands that start things: a role (built-in or custom) and a whole pattern session.
import * as vscode from 'vscode';
import { PATTERNS, ROLES } from '../../shared/catalog';
import { ROLE_NAMES } from '../../shared/role-events';
import { SCALED_PATTERNS, SessionSize } from '../../shared/session-plan';
import { LaunchMode, PATTERN_NAMES, PatternName } from '../../shared/workspace-config';
import { CustomRoles } from '../customRoles';
import { Starter } from '../launch/starter';
import { launchMode, pipelineWorkers } from '../settings';
import { CatalogNode } from '../tree';
import { pickMode } from './pick';

export function registerStartCommands(starter: Starter, custom: CustomRoles): vscode.Disposable[] {
  const startNode = async (node: CatalogNode, mode: LaunchMode) => {
    if (node.kind === 'builtin') {
      try {
        return await starter.startRole(starter.builtinSpec(node.role, mode, undefined, node.pattern));
      } catch (error) {
        await starter.curve.explain(error);
        return undefined;
      }
    }
    if (node.kind === 'custom') {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(
          `"${node.role.name}" runs a program from .vscode/zeromq.json, and this workspace is not trusted. Trust the workspace to run its custom roles; built-in roles run either way.`,
        );
        return undefined;
      }
      const folder = custom.folder;
      if (!folder) return undefined;
      return starter.startRole(starter.customSpec(node.role, mode, folder.uri.fsPath));
    }
    return startSession(node.pattern, mode);
  };

  const startSession = async (pattern: PatternName, mode: LaunchMode, given?: SessionSize) => {
    const size = given ?? (SCALED_PATTERNS.includes(pattern) ? await askSize(pattern) : { workers: 1 });
    if (!size) return undefined;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting ${PATTERNS[pattern].label}` }, (_progress, token) =>
      starter.startSession(pattern, mode, size, token),
    );
  };

  return [
    vscode.commands.registerCommand('zeromq.role.startInTerminal', (node: CatalogNode) => startNode(node, 'terminal')),
    vscode.commands.registerCommand('zeromq.role.startInBackground', (node: CatalogNode) => startNode(node, 'background')),
    vscode.commands.registerCommand('zeromq.role.start', async () => {
      const builtin = ROLE_NAMES.map((role) => ({ label: role, description: ROLES[role].description, detail: PATTERNS[ROLES[role].pattern].label, node: { kind: 'builtin', role } as CatalogNode }));
      const customs = custom.roles.map((role) => ({ label: role.name, description: `custom ${role.role}`, detail: [role.command, ...role.args].join(' '), node: { kind: 'custom', role } as CatalogNode }));
      const picked = await vscode.window.showQuickPick([...builtin, ...customs], { placeHolder: 'Start which role?', matchOnDetail: true });
      if (!picked) return undefined;
      const mode = picked.node.kind === 'custom' ? (picked.node.role.launch ?? launchMode()) : await pickMode();
      return mode && startNode(picked.node, mode);
    }),
    // Programs (tests, tasks) may pass the pattern, mode, worker count and (broker) client count to
    // skip the questions.
    vscode.commands.registerCommand('zeromq.session.start', async (node?: CatalogNode, mode?: LaunchMode, workers?: number, clients?: number) => {
      if (node?.kind === 'pattern') return startSession(node.pattern, mode ?? launchMode(), workers === undefined ? undefined : { workers, clients });
      const picked = await vscode.window.showQuickPick(
        PATTERN_NAMES.map((pattern) => ({ label: PATTERNS[pattern].label, description: PATTERNS[pattern].description, pattern })),
        { placeHolder: 'Start which session?' },
      );
      const chosen = picked && (mode ?? (await pickMode()));
      return picked && chosen && startSession(picked.pattern, chosen);
    }),
  ];
}

/** The workers of a pipeline or broker session, and the broker's clients (as many by default); undefined when dismissed. */
async function askSize(pattern: PatternName): Promise<SessionSize | undefined> {
  const broker = pattern === 'broker';
  const ask = (what: string, value: number, step: string) =>
    vscode.window.showInputBox({
      title: `Start a ${PATTERNS[pattern].label} session${step}`,
      prompt: `How many ${what}?`,
      value: String(value),
      validateInput: (text) => (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 64 ? undefined : 'A whole number from 1 to 64.'),
    });
  const workers = await ask('workers', pipelineWorkers(), broker ? ' (1/2)' : '');
  if (workers === undefined) return undefined;
  if (!broker) return { workers: Number(workers) };
  const clients = await ask('clients', Number(workers), ' (2/2)');
  return clients === undefined ? undefined : { workers: Number(workers), clients: Number(clients) };
}
