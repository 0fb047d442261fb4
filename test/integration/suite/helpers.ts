// Shared by the extension-host tests: the extension's API, free ports for the settings, waiting.
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { ZeromqSessionsApi } from '../../../src/extension/extension';
import type { RoleInstance } from '../../../src/extension/sessions/model';
import type { RoleEvent } from '../../../src/shared/role-events';
import { PARENT_ENV } from '../../../src/shared/telemetry';
import { descendants } from '../../helpers/processes';
import { waitFor } from '../../helpers/wait';

export const EXTENSION_ID = 'zeromq-sessions.zeromq-sessions';

export async function api(): Promise<ZeromqSessionsApi> {
  return (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as ZeromqSessionsApi;
}

export const until = (condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> => waitFor(condition, timeoutMs, what, 50);

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Points the built-in roles at free ports, with a quick server, for one test. */
export async function useFreePorts(extra: Record<string, unknown> = {}): Promise<void> {
  const config = vscode.workspace.getConfiguration('zeromq');
  const values: Record<string, unknown> = {
    'ports.requestReply': await freePort(),
    'ports.publishSubscribe': await freePort(),
    'ports.pipelineTasks': await freePort(),
    'ports.pipelineResults': await freePort(),
    'ports.brokerFrontend': await freePort(),
    'ports.brokerBackend': await freePort(),
    'ports.forwarder': await freePort(),
    'ports.pair': await freePort(),
    'ports.streamer': await freePort(),
    'rep.delay': 0,
    'pipeline.tasks': 20,
    // The user-data folder outlives a run: reset what other tests change.
    'pub.interval': 0,
    'sub.filter': '10001',
    launchMode: 'terminal',
    'curve.enabled': false,
    ...extra,
  };
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

/** Every event the roles report from now on, by role instance. */
export function recordEvents(registry: ZeromqSessionsApi['registry']): { of(instance: RoleInstance): RoleEvent[]; dispose(): void } {
  const events = new Map<string, RoleEvent[]>();
  // Appended in place: a copy per event grew quadratically with a full-speed publisher's events.
  const subscription = registry.onRoleEvent(({ instance, event }) => {
    const list = events.get(instance.id);
    if (list) list.push(event);
    else events.set(instance.id, [event]);
  });
  return { of: (instance) => events.get(instance.id) ?? [], dispose: () => subscription.dispose() };
}

export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every process the window's roles started, however deep: the extension host's children that
 * carry PARENT_ENV with its pid (roles, the req behind Send Request), and all their descendants.
 */
export function roleProcesses(): number[] {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const marker = Buffer.from(`${PARENT_ENV}=${process.pid}\0`);
  const ours = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/environ`).includes(marker);
    } catch {
      return false;
    }
  };
  const roots = descendants(process.pid).filter(ours);
  return [...new Set(roots.flatMap((pid) => [pid, ...descendants(pid)]))];
}
