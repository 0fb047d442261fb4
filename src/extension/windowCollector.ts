// The window's collector: where it listens (a private ipc path unless the settings give an
// endpoint), what happens when it cannot, and how a role started elsewhere is told to report to it.
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import * as vscode from 'vscode';
import { Collector } from '../collector/collector';
import { reachableFrom } from '../shared/endpoint';
import { LOOPBACK_ANY_PORT } from '../shared/platform';
import { collectorEndpoint } from './settings';

/**
 * The window's collector: on a private ipc path, unless the user gives an endpoint for roles
 * elsewhere. It takes only reports with this window's token, which the roles it starts get in
 * their environment, so that another process that reaches the endpoint cannot inject events.
 */
export async function startCollector(): Promise<Collector> {
  const token = randomBytes(16).toString('hex');
  const endpoint = collectorEndpoint();
  if (!endpoint) return privateCollector(token);
  try {
    return await Collector.start(endpoint, { token });
  } catch (error) {
    void vscode.window.showErrorMessage(`The collector cannot listen on ${endpoint} (zeromq.collector.endpoint): ${(error as Error).message}. Roles report to a private collector instead.`);
    return privateCollector(token);
  }
}

/**
 * On a private ipc path, not waited for: binding took 20-57 ms of activation in VS Code. Where
 * there is no ipc (Windows) it is loopback TCP, whose port is known only once bound.
 */
async function privateCollector(token: string): Promise<Collector> {
  const collector = Collector.open(undefined, { token });
  if (collector.endpoint === LOOPBACK_ANY_PORT) await collector.ready.catch(() => undefined);
  collector.ready.catch((error: Error) => {
    // Built-in roles become running when they report ready, which they cannot do now.
    void vscode.window.showErrorMessage(`The collector cannot listen on ${collector.endpoint}: ${error.message}. Built-in roles will fail to start (they cannot report to this window) and the inspector sees nothing; reload the window to try again.`);
  });
  return collector;
}

/** For roles started elsewhere: the collector ignores reports without the window's token. */
export async function copyToken(collector: Collector): Promise<void> {
  await vscode.env.clipboard.writeText(collector.token ?? '');
  const bound = collector.endpoint;
  const where = bound.startsWith('ipc://')
    ? `A role on this machine reports to this window with --inspect ${bound}; for roles on other machines, set zeromq.collector.endpoint to a tcp endpoint.`
    : `A role reports to this window with --inspect ${reachableFrom(bound, machineAddresses())}${isLoopback(bound) ? ' (loopback: from this machine only)' : ''}.`;
  void vscode.window.showInformationMessage(`Copied the collector's token: give it to the role in ZMQ_SESSIONS_INSPECT_TOKEN. ${where} The token travels in clear over tcp.`);
}

/** This machine's external addresses, IPv4 first: how other machines reach a wildcard bind. */
function machineAddresses(): string[] {
  const all = Object.values(networkInterfaces()).flatMap((entries) => entries ?? []).filter((entry) => !entry.internal);
  return [...all.filter((entry) => entry.family === 'IPv4'), ...all.filter((entry) => entry.family !== 'IPv4')].map((entry) => entry.address);
}

const isLoopback = (endpoint: string) => /^tcp:\/\/(127\.|\[::1\]|localhost)/.test(endpoint);
