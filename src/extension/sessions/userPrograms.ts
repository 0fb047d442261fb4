// How the extension inspects a custom role (the user's own program): traced from inside by
// `zmq-sessions trace` when it runs Python or Node, as the role's "inspect" or the setting
// zeromq.inspect.userPrograms asks. A traced role reports to the window's collector under its
// instance id, so its messages, analytics and counts show as a built-in role's do.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Inspection, inspectionOf, InspectMode } from '../../shared/traceable';
import { firstLine } from '../../roles/trace/shebang';
import { CustomRole } from '../../shared/workspace-config';

export function inspectionOfRole(role: Pick<CustomRole, 'command' | 'args' | 'inspect'>, cwd: string): Inspection {
  const mode = role.inspect ?? vscode.workspace.getConfiguration('zeromq').get<InspectMode>('inspect.userPrograms', 'trace');
  // A script run by path (`./server.py`) is told by its `#!` line.
  const shebang = /[\\/]/.test(role.command) ? firstLine(path.resolve(cwd, role.command)) : undefined;
  return inspectionOf(role.command, role.args, mode, shebang);
}

/** The command that runs a traced program: the CLI's `trace`, reporting to the collector under `id`. */
export function tracedCommand(cli: string, collector: string, id: string, command: string, args: string[]): string[] {
  return [cli, 'trace', '--inspect', collector, '--inspect-id', id, '--', command, ...args];
}

/** A line for tooltips: how the role is inspected, or why it is not traced. */
export function inspectionText(inspection: Inspection | undefined): string | undefined {
  switch (inspection?.kind) {
    case 'trace':
      return `Traced from inside (${inspection.runtime === 'python' ? 'pyzmq' : 'zeromq.js'}): its messages show in the inspector.`;
    case 'untraceable':
      return `Not traced: ${inspection.reason}`;
    case 'wire':
      return 'Inspected on the wire.';
    case 'off':
      return 'Not inspected ("inspect": "off", or the setting zeromq.inspect.userPrograms).';
    default:
      return undefined;
  }
}
