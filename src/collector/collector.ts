// Receives the events that roles started with --inspect send, and hands them on by source.
// Binds an ipc socket in a private temporary folder by default, so that only this user's
// processes can report to it; loopback TCP where there is no ipc (Windows, see shared/platform).
// With a token, it takes only the batches that carry it: another
// process that can reach the endpoint (a TCP one, say) cannot inject traffic. What a stranger
// sends costs little: a message over MAX_BATCH_BYTES is refused by ZeroMQ as it arrives (the
// sender is disconnected), and the token, in a frame of its own, is compared before any parse.
// Over TCP the token travels in clear: anyone who can watch the traffic can read it (docs/reliability.md).
import { timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { Emitter, Event } from '../shared/emitter';
import { connectableFrom } from '../shared/endpoint';
import { collectorPlace, collectorSocket, COLLECTOR_FOLDER_PREFIX, Platform } from '../shared/platform';
import { MAX_BATCH_BYTES, parseBatch, TelemetryBatch } from '../shared/telemetry';

export interface CollectorOptions {
  token?: string;
  /** Whose rules choose the private endpoint; this process's platform unless a test says otherwise. */
  platform?: Platform;
}

/**
 * Messages queued per connected role before ZeroMQ stops reading from it: with MAX_BATCH_BYTES,
 * at most 256 MiB a connection in the worst case (batches are KBs: a role sends ~50 a second).
 * Fewer (16) made roles lose their last report at exit while a busy collector caught up.
 */
const RECEIVE_QUEUE = 256;
/**
 * The receive loop gives the event loop a turn after this long: zeromq.js hands over a waiting
 * message without one, so roles that report faster than the listeners take it would otherwise
 * starve everything else in the process (the extension host stopped answering VS Code).
 */
const YIELD_AFTER_MS = 10;

export class Collector {
  private readonly socket = new zmq.Pull({ linger: 0, maxMessageSize: MAX_BATCH_BYTES, receiveHighWaterMark: RECEIVE_QUEUE });
  private readonly folder?: string;
  /** A listener that throws is reported and the others still hear the batch: one must not end the receive loop. */
  private readonly batches = new Emitter<TelemetryBatch>((error, batch) => {
    console.error(`ZeroMQ Sessions: a collector listener failed on a batch from ${batch.source}: ${(error as Error).stack ?? error}`);
  });
  readonly onBatch: Event<TelemetryBatch> = this.batches.event;
  private rejected = 0;
  private bound?: string;
  /** Resolves once the socket is bound; rejects if it cannot be. */
  readonly ready: Promise<void>;

  private constructor(
    private readonly given: string,
    folder?: string,
    /** Roles get it in their environment (INSPECT_TOKEN_ENV); batches without it are rejected. */
    readonly token?: string,
  ) {
    this.folder = folder;
    // Receiving starts once bound: zeromq.js refuses a receive while a bind is in progress.
    this.ready = this.socket.bind(given).then(() => {
      // Disposed while binding: nothing to receive.
      if (this.socket.closed) return;
      this.bound = this.socket.lastEndpoint ?? given;
      void this.receive();
    });
  }

  /** Where it listens: once bound, with a wildcard port resolved (tcp://0.0.0.0:5559 for tcp://*:5559). */
  get endpoint(): string {
    return this.bound ?? this.given;
  }

  /** What a role on this machine passes as --inspect: a wildcard host becomes loopback, which a connect can reach. */
  get connectEndpoint(): string {
    return connectableFrom(this.endpoint);
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

  /** Messages that were not telemetry batches, or lacked the token (a stray or hostile sender). */
  get rejectedCount(): number {
    return this.rejected;
  }

  dispose(): void {
    this.socket.close();
    this.batches.dispose();
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }

  /**
   * The batch of a message, or undefined for one to reject. A role with a token sends it as the
   * first of two frames; it is compared in constant time before the batch is even decoded.
   */
  private batchOf(frames: Buffer[]): TelemetryBatch | undefined {
    if (this.token === undefined) return frames.length <= 2 ? parseBatch(frames[frames.length - 1].toString()) : undefined;
    if (frames.length !== 2) return undefined;
    const expected = Buffer.from(this.token);
    if (frames[0].length !== expected.length || !timingSafeEqual(frames[0], expected)) return undefined;
    return parseBatch(frames[1].toString());
  }

  private async receive(): Promise<void> {
    let turn = performance.now();
    try {
      for await (const frames of this.socket) {
        const batch = this.batchOf(frames);
        if (batch) this.batches.fire(batch);
        else this.rejected++;
        if (performance.now() - turn > YIELD_AFTER_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          turn = performance.now();
        }
      }
    } catch {
      // The socket was closed: the collector is being disposed.
    }
  }
}
