// Typed access, for tests in plain Node, to the test host of scripts/vscode-host/ (ES modules,
// loaded at run time from the repository root because out/ holds no copy of them).
import type { Page } from 'playwright-core';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// out/test/ui -> repository root.
export const root = resolve(__dirname, '..', '..', '..');
export const launcher = join(root, 'scripts', 'vscode-host', 'launch.mjs');

export interface WorkbenchOptions {
  folder?: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}

export interface TestHost {
  readonly runId: string;
  /** The server's process and port. */
  readonly server: { pid?: number };
  readonly port: number;
  url(options: WorkbenchOptions): string;
  open(options: WorkbenchOptions, hooks?: { viewport?: { width: number; height: number } }): Promise<Page>;
  dispose(): Promise<void>;
}

interface HostModule {
  TestHost: { start(options: { name: string; env?: Record<string, string>; connectionToken?: string; workspaceTrust?: boolean }): Promise<TestHost> };
  processesOfRun(runId: string): number[];
  RUN_ID_VARIABLE: string;
}

interface HostsModule {
  hostPaths(name: string): { vscode: string; codeServer: string };
}

const load = <T>(file: string): Promise<T> => import(pathToFileURL(join(root, 'scripts', 'vscode-host', file)).href);
export const hostModule = (): Promise<HostModule> => load('host.mjs');
export const hostsModule = (): Promise<HostsModule> => load('hosts.mjs');
