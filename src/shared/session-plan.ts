// Which built-in roles a whole pattern session starts, with what arguments, and in what order:
// stage after stage, each stage running before the next starts, so that what connects finds what
// it connects to (binding sides first, then devices, then workers, then clients).
import { endpointsOf, option, roleArgs, RoleSettings } from './catalog';
import { RoleName } from './role-events';
import { PatternName } from './workspace-config';

export interface SessionStep {
  role: RoleName;
  /** Its name in the session: the role, numbered when there are several. */
  label: string;
  args: string[];
}

/** Patterns whose sessions take a number of workers; the broker's a number of clients too. */
export const SCALED_PATTERNS: readonly PatternName[] = ['pipeline', 'broker'];

/** How many workers and clients a session starts (clients: the broker's only; as many as workers unless given). */
export interface SessionSize {
  workers: number;
  clients?: number;
}

/** A session's name: the pattern's label, with its workers and clients where it has them. */
export function sessionLabel(label: string, pattern: PatternName, { workers, clients = workers }: SessionSize): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (pattern === 'broker') return `${label} (${count(workers, 'worker')}, ${count(clients, 'client')})`;
  return pattern === 'pipeline' ? `${label} (${count(workers, 'worker')})` : label;
}

export function sessionPlan(pattern: PatternName, settings: RoleSettings, { workers, clients = workers }: SessionSize): SessionStep[][] {
  const one = (role: RoleName): SessionStep => ({ role, label: role, args: roleArgs(role, settings, pattern) });
  const many = (role: RoleName, count: number): SessionStep[] =>
    Array.from({ length: count }, (_, n) => ({ role, label: count > 1 ? `${role} ${n + 1}` : role, args: roleArgs(role, settings, pattern) }));
  switch (pattern) {
    case 'reqrep':
      return [[one('rep')], [one('req')]];
    case 'pubsub':
      return [[one('pub')], [one('sub')]];
    case 'pipeline':
      return [[one('ventilator'), one('sink')], many('worker', workers)];
    case 'broker':
      // Workers before clients: a request sent before any worker connected waits in the broker.
      return [[one('broker')], many('rep', workers), many('req', clients)];
    case 'forwarder':
      return [[one('pub')], [one('forwarder')], [one('sub')]];
    case 'pair':
      return [[{ ...one('pair'), label: 'pair 1' }], [{ role: 'pair', label: 'pair 2', args: [option('connect', endpointsOf(settings).pair.connect)] }]];
  }
}
