// Commands that start things: a role (built-in or custom) and a whole pattern session.
import * as vscode from 'vscode';
import { PATTERNS, ROLES } from '../../shared/catalog';
import { ROLE_NAMES } from '../../shared/role-events';
import { SCALED_PATTERNS } from '../../shared/session-plan';
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

  const startSession = async (pattern: PatternName, mode: LaunchMode, given?: number) => {
    let workers = given ?? 1;
    if (SCALED_PATTERNS.includes(pattern) && given === undefined) {
      const answer = await vscode.window.showInputBox({
        title: `Start a ${PATTERNS[pattern].label} session`,
        prompt: pattern === 'broker' ? 'How many workers? (As many clients start.)' : 'How many workers?',
        value: String(pipelineWorkers()),
        validateInput: (text) => (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 64 ? undefined : 'A whole number from 1 to 64.'),
      });
      if (answer === undefined) return undefined;
      workers = Number(answer);
    }
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting ${PATTERNS[pattern].label}` }, (_progress, token) =>
      starter.startSession(pattern, mode, workers, token),
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
    // Programs (tests, tasks) may pass the pattern, mode and worker count to skip the questions.
    vscode.commands.registerCommand('zeromq.session.start', async (node?: CatalogNode, mode?: LaunchMode, workers?: number) => {
      if (node?.kind === 'pattern') return startSession(node.pattern, mode ?? launchMode(), workers);
      const picked = await vscode.window.showQuickPick(
        PATTERN_NAMES.map((pattern) => ({ label: PATTERNS[pattern].label, description: PATTERNS[pattern].description, pattern })),
        { placeHolder: 'Start which session?' },
      );
      const chosen = picked && (mode ?? (await pickMode()));
      return picked && chosen && startSession(picked.pattern, chosen);
    }),
  ];
}
