// How a role's process is made: its command line (a built-in role through the CLI, a custom role
// as declared, traced or under the guard), its environment (the collector's token only for what
// reports to it) and where its output goes. The registry then follows what it does.
import { Collector } from '../../collector/collector';
import { ChildRole } from '../../roles/child';
import { INSPECT_TOKEN_ENV, WIRE_ID_ENV } from '../../shared/telemetry';
import { NODE, nodeEnv } from '../node';
import { CustomSpec, RoleInstance, runsCli } from '../sessions/model';
import { tracedCommand } from '../sessions/userPrograms';
import { guarded } from './guard';
import { presenterFor } from './presenter';
import { RoleRun } from './run';

export class Launcher {
  constructor(
    private readonly collector: Collector,
    /** The CLI script (dist/cli.js) that built-in roles run. */
    private readonly cli: string,
  ) {}

  /** Spawns the role's process, its output to its presenter; onClose: the user closed its terminal. */
  launch(instance: RoleInstance, onClose: () => void): RoleRun {
    const { id, spec } = instance;
    const presenter = presenterFor(spec, onClose);
    const traced = spec.source === 'custom' && spec.inspection?.kind === 'trace';
    const [command, args] = runsCli(spec) ? [NODE, [this.cli, spec.role, ...spec.args, ...this.reportTo(id)]] : this.customCommand(id, spec);
    // Python's output would otherwise wait in a buffer until the program ends. Only built-in roles
    // and traced programs report to the collector, so only they get its token.
    const token: Record<string, string> = (runsCli(spec) || traced) && this.collector.token ? { [INSPECT_TOKEN_ENV]: this.collector.token } : {};
    // A program inspected on the wire carries its id, by which its capture tells it from its peers.
    const wire: Record<string, string> = spec.source === 'custom' && spec.inspection?.kind === 'wire' ? { [WIRE_ID_ENV]: id } : {};
    const env = nodeEnv({ PYTHONUNBUFFERED: '1', ...spec.env, ...token, ...wire });
    const cwd = spec.source === 'custom' ? spec.cwd : undefined;
    const child = new ChildRole(command, args, { cwd, env, onOutput: (text) => presenter.write(text), channel: runsCli(spec) });
    return new RoleRun(child, presenter);
  }

  private reportTo(id: string): string[] {
    return ['--inspect', this.collector.connectEndpoint, '--inspect-id', id];
  }

  /** A custom program runs under the guard that stops its process group when the host goes away (not on Windows, which has no groups). */
  private customCommand(id: string, spec: CustomSpec): [string, string[]] {
    const [command, args]: [string, string[]] =
      spec.inspection?.kind === 'trace' ? [NODE, tracedCommand(this.cli, this.collector.connectEndpoint, id, spec.command, spec.args)] : [spec.command, spec.args];
    return process.platform === 'win32' ? [command, args] : guarded(command, args, spec.cwd, spec.env?.PATH ?? process.env.PATH);
  }
}
