// Fresh endpoints for each run, on loopback or in a private folder, so that runs never meet.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'zmq-bench-'));
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
let next = 0;

/** A TCP port free right now on 127.0.0.1 (the peers bind it a moment later). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function endpoint(transport) {
  return transport === 'ipc' ? `ipc://${folder}/${next++}` : `tcp://127.0.0.1:${await freePort()}`;
}
