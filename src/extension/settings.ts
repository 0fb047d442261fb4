// The extension's settings (`zeromq.*`), read when they are used so that changes need no reload.
import * as vscode from 'vscode';
import { portsFrom, RoleSettings } from '../shared/catalog';
import { LaunchMode } from '../shared/workspace-config';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('zeromq');
}

export function launchMode(): LaunchMode {
  return section().get<LaunchMode>('launchMode', 'terminal');
}

export function pipelineWorkers(): number {
  return section().get<number>('pipeline.workers', 3);
}

export function roleSettings(): RoleSettings {
  const config = section();
  return {
    bindAddress: config.get<string>('bindAddress', '127.0.0.1'),
    ports: portsFrom((setting, fallback) => config.get<number>(setting, fallback)),
    repDelayMs: config.get<number>('rep.delay', 1000),
    subFilter: config.get<string>('sub.filter', '10001'),
    pubIntervalMs: config.get<number>('pub.interval', 0),
    pipelineTasks: config.get<number>('pipeline.tasks', 100),
  };
}

export function captureCapacity(): number {
  return Math.max(1000, section().get<number>('capture.capacity', 100_000));
}

export function collectorEndpoint(): string | undefined {
  return section().get<string>('collector.endpoint', '').trim() || undefined;
}
