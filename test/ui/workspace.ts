// The workspace a UI test opens: the seed workspace (the zguide's Python programs as custom roles)
// in a temporary folder, its roles on ports nobody listens on; and the test host that opens it.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { hostModule, root, type TestHost } from './host';
import { clearArtifacts, screenshot, waitForWorkbench } from './workbench';

const SEED = join(root, 'test', 'fixtures', 'seed-workspace');

export interface Ports {
  requestReply: number;
  publishSubscribe: number;
  pipelineTasks: number;
  pipelineResults: number;
}

/** Ports nobody listens on now, distinct: each is held until all are found. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    }
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** The seed workspace in a temporary folder, with workspace settings that keep its roles off the default ports. */
export function seedWorkspace(ports: Ports): string {
  const folder = mkdtempSync(join(tmpdir(), 'zeromq-sessions-ui-'));
  cpSync(SEED, folder, { recursive: true });
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  const settings = {
    'zeromq.ports.requestReply': ports.requestReply,
    'zeromq.ports.publishSubscribe': ports.publishSubscribe,
    'zeromq.ports.pipelineTasks': ports.pipelineTasks,
    'zeromq.ports.pipelineResults': ports.pipelineResults,
    'zeromq.rep.delay': 0,
    'zeromq.pipeline.tasks': 20,
    // xterm.js's DOM renderer, whose rows the test reads; its WebGL renderer draws on a canvas.
    'terminal.integrated.gpuAcceleration': 'off',
  };
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  return folder;
}

export interface SeedWorkbench {
  host: TestHost;
  page: Page;
  workspace: string;
  ports: Ports;
}

/**
 * For the tests of one describe block: a VS Code test host with the seed workspace open, started
 * before them; a screenshot of each test that fails; the host and the workspace gone after them.
 */
export function useSeedWorkbench(name: string, viewport: { width: number; height: number }): SeedWorkbench {
  const bench = {} as SeedWorkbench;
  before(async function () {
    this.timeout(120_000);
    clearArtifacts(name);
    const [requestReply, publishSubscribe, pipelineTasks, pipelineResults] = await freePorts(4);
    bench.ports = { requestReply, publishSubscribe, pipelineTasks, pipelineResults };
    bench.workspace = seedWorkspace(bench.ports);
    const { TestHost } = await hostModule();
    bench.host = await TestHost.start({ name });
    bench.page = await bench.host.open({ folder: bench.workspace, extensionDevelopmentPath: root }, { viewport });
    await waitForWorkbench(bench.page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && bench.page) await screenshot(bench.page, name, `failed-${this.currentTest.fullTitle().replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await bench.host?.dispose();
    if (bench.workspace) rmSync(bench.workspace, { recursive: true, force: true });
  });
  return bench;
}
