// Receives the events that roles started with --inspect send, and hands them on by source.
// Binds an ipc socket in a private temporary folder by default, so that only this user's
// processes can report to it; loopback TCP where there is no ipc (Windows, see shared/platform).
// With a token, it takes only the batches that carry it: another process that can reach the
// endpoint (a TCP one, say) cannot inject traffic.
import { timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { collectorPlace, collectorSocket, COLLECTOR_FOLDER_PREFIX, LOOPBACK_ANY_PORT, Platform } from '../shared/platform';
import { parseBatch, TelemetryBatch } from '../shared/telemetry';

export interface CollectorOptions {
  token?: string;
  /** Whose rules choose the private endpoint; this process's platform unless a test says otherwise. */
  platform?: Platform;
}

export class Collector {
  /** The endpoint roles report to: pass it as --inspect. With a wildcard port, known once `ready`. */
  endpoint: string;
  private readonly socket = new zmq.Pull({ linger: 0 });
  private readonly folder?: string;
  private readonly listeners = new Set<(batch: TelemetryBatch) => void>();
  private rejected = 0;
  /** Resolves once the socket is bound; rejects if it cannot be. */
  readonly ready: Promise<void>;

  private constructor(
    endpoint: string,
    folder?: string,
    /** Roles get it in their environment (INSPECT_TOKEN_ENV); batches without it are rejected. */
    readonly token?: string,
  ) {
    this.endpoint = endpoint;
    this.folder = folder;
    // Receiving starts once bound: zeromq.js refuses a receive while a bind is in progress.
    this.ready = this.socket.bind(endpoint).then(() => {
      if (endpoint === LOOPBACK_ANY_PORT) this.endpoint = this.socket.lastEndpoint ?? endpoint;
      void this.receive();
    });
  }

  /** Starts a collector on `endpoint`, or on a private one (shared/platform's collectorPlace) when none is given. */
  static async start(endpoint?: string, options: CollectorOptions = {}): Promise<Collector> {
    const collector = Collector.open(endpoint, options);
    await collector.ready;
    return collector;
  }

  /**
   * A collector whose socket is still being bound (see `ready`): its endpoint is known at once,
   * and roles that connect before the bind is done get in when it is, as ZeroMQ retries.
   */
  static open(endpoint?: string, options: CollectorOptions = {}): Collector {
    const token = options.token || undefined;
    if (endpoint) return new Collector(endpoint, undefined, token);
    const place = collectorPlace(options.platform ?? process.platform, [tmpdir(), '/tmp'], path);
    if (place.transport === 'tcp') return new Collector(place.endpoint, undefined, token);
    const folder = mkdtempSync(path.join(place.parent, COLLECTOR_FOLDER_PREFIX));
    return new Collector(`ipc://${collectorSocket(folder, path)}`, folder, token);
  }

  onBatch(listener: (batch: TelemetryBatch) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Messages that were not telemetry batches, or lacked the token (a stray or hostile sender). */
  get rejectedCount(): number {
    return this.rejected;
  }

  dispose(): void {
    this.socket.close();
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }

  private accepts(token: unknown): boolean {
    if (this.token === undefined) return true;
    if (typeof token !== 'string') return false;
    const [given, expected] = [Buffer.from(token), Buffer.from(this.token)];
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async receive(): Promise<void> {
    try {
      for await (const [message] of this.socket) {
        const batch = parseBatch(message.toString());
        if (!batch || !this.accepts(batch.token)) {
          this.rejected++;
          continue;
        }
        for (const listener of this.listeners) listener(batch);
      }
    } catch {
      // The socket was closed: the collector is being disposed.
    }
  }
}
