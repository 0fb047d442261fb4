// Diagnoses of connections, from the socket monitor events and the roles' errors:
// - nothing-listening: a socket whose connect has been retried for over 2 s and never succeeded
//   (one that reconnects after its peer left had something listening: that peer's end says so);
// - mechanism-mismatch: a peer speaking NULL against one speaking CURVE (each role says in its
//   `ready` which sockets speak CURVE), seen failing its handshakes;
// - curve-handshake-failed: other failed handshakes on a CURVE socket (e.g. the wrong server key);
// - address-in-use: a bind refused because the endpoint is taken.
import type { AnalyticsReport, SourceReport } from '../report';
import { RingBuffer } from '../../ring-buffer';
import { endpointKey, reaches } from '../sources';
import { CollectedEvent } from '../types';
import { Diagnosis, DiagnosisOptions } from './types';

/** Connects watched per source (its sockets times its endpoints; more is not a role's doing). */
const RETRIES_PER_SOURCE = 32;
/** Refused binds remembered, the newest. */
const BIND_ERRORS_KEPT = 50;

interface Retrying {
  socket: string;
  address: string;
  since: number;
  retries: number;
  /** It connected once: retrying since is a peer gone, not nothing listening. */
  connected: boolean;
  /** When its source ended: it retried until then. */
  until?: number;
}

interface Failures {
  socket: string;
  address?: string;
  type: string;
  count: number;
  first: number;
  last: number;
}

interface BindError {
  source: string;
  t: number;
  endpoint: string;
  message: string;
}

type Report = Omit<AnalyticsReport, 'diagnoses'>;

export class ConnectionWatch {
  private readonly retrying = new Map<string, Map<string, Retrying>>();
  private readonly failures = new Map<string, Map<string, Failures>>();
  private readonly bindErrors = new RingBuffer<BindError>(BIND_ERRORS_KEPT);

  add(event: CollectedEvent): void {
    if (event.event === 'ready') {
      // A new process under the same id starts afresh.
      this.retrying.delete(event.source);
      this.failures.delete(event.source);
    } else if (event.event === 'socket') this.addSocketEvent(event);
    else if (event.event === 'error' && /address (already )?in use|EADDRINUSE/i.test(event.message)) {
      this.bindErrors.push({ source: event.source, t: event.t, endpoint: /\b[a-z]+:\/\/[^\s,;]*[^\s,;.]/.exec(event.message)?.[0] ?? '', message: event.message });
    }
    if (event.event === 'done' || event.event === 'error' || event.event === 'exit') {
      for (const entry of this.retrying.get(event.source)?.values() ?? []) entry.until ??= event.t;
    }
  }

  forget(source: string): void {
    this.retrying.delete(source);
    this.failures.delete(source);
  }

  find(report: Report, options: Required<DiagnosisOptions>): Diagnosis[] {
    return [...this.nothingListening(report, options), ...this.handshakes(report), ...this.addressInUse(report)];
  }

  private addSocketEvent(event: Extract<CollectedEvent, { event: 'socket' }>): void {
    const address = event.address ?? '';
    if (event.type === 'connect:retry' || event.type === 'connect:delay') {
      const bySocket = this.retrying.get(event.source) ?? new Map<string, Retrying>();
      this.retrying.set(event.source, bySocket);
      const key = retryKey(event.socket, address);
      const entry = bySocket.get(key);
      if (entry) entry.retries += event.type === 'connect:retry' ? 1 : 0;
      else if (bySocket.size < RETRIES_PER_SOURCE) bySocket.set(key, { socket: event.socket, address, since: event.t, retries: event.type === 'connect:retry' ? 1 : 0, connected: false });
    } else if (event.type === 'connect' || event.type === 'handshake') {
      const bySocket = this.retrying.get(event.source) ?? new Map<string, Retrying>();
      this.retrying.set(event.source, bySocket);
      let known = false;
      for (const entry of bySocket.values()) {
        if (entry.socket === event.socket && (!address || !entry.address || endpointKey(entry.address) === endpointKey(address))) entry.connected = known = true;
      }
      // A connect that succeeded at once: remembered, so that its retries once the peer leaves are not
      // taken for nothing listening (the `run` roles and whole sessions in the extension do that).
      if (!known && address && bySocket.size < RETRIES_PER_SOURCE) bySocket.set(retryKey(event.socket, address), { socket: event.socket, address, since: event.t, retries: 0, connected: true });
    } else if (event.type.startsWith('handshake:error')) {
      const bySocket = this.failures.get(event.source) ?? new Map<string, Failures>();
      this.failures.set(event.source, bySocket);
      const entry = bySocket.get(event.socket) ?? { socket: event.socket, type: event.type, count: 0, first: event.t, last: event.t, ...(address ? { address } : {}) };
      bySocket.set(event.socket, entry);
      entry.count++;
      entry.last = event.t;
    } else if (event.type === 'bind:error') {
      this.bindErrors.push({ source: event.source, t: event.t, endpoint: address, message: `bind of ${address} failed` });
    }
  }

  private nothingListening(report: Report, options: Required<DiagnosisOptions>): Diagnosis[] {
    const found: Diagnosis[] = [];
    for (const [source, bySocket] of this.retrying) {
      for (const entry of bySocket.values()) {
        const forMs = (entry.until ?? report.now) - entry.since;
        if (entry.connected || forMs <= options.nothingListeningAfterMs) continue;
        const endpoint = entry.address || connectedOf(report, source).join(', ') || 'its endpoint';
        found.push({
          kind: 'nothing-listening',
          severity: 'warning',
          sources: [source],
          summary: `${source}'s ${entry.socket} socket has tried to connect to ${endpoint} for ${(forMs / 1000).toFixed(1)} s: nothing listens there.`,
          evidence: [
            { name: 'endpoint', value: endpoint },
            { name: 'retrying for', value: Math.round(forMs), unit: 'ms' },
            { name: 'retries', value: entry.retries },
          ],
          advice: 'Start the program that binds this endpoint, or correct the address: a connect never fails, it retries quietly for ever (zguide, Chapter 2, "Plugging Sockets into the Topology").',
          panel: 'sockets',
          at: entry.since,
        });
      }
    }
    return found;
  }

  /** Failed handshakes: explained by a NULL peer against a CURVE one, or else by CURVE itself. */
  private handshakes(report: Report): Diagnosis[] {
    const found: Diagnosis[] = [];
    const explained = new Set<string>();
    const bySource = new Map(report.sources.map((s) => [s.source, s]));
    for (const client of report.sources) {
      for (const server of report.sources) {
        if (client === server || !reaches(client.connected, server.bound)) continue;
        const clientCurve = Object.values(client.security).includes('curve-client');
        const serverCurve = Object.values(server.security).includes('curve-server');
        if (clientCurve === serverCurve) continue;
        const failures = [...this.failuresOf(client.source), ...this.failuresOf(server.source)];
        if (!failures.length) continue;
        explained.add(client.source).add(server.source);
        const endpoint = client.connected.find((e) => reaches([e], server.bound)) ?? server.bound[0];
        const mechanism = (curve: boolean) => (curve ? 'CURVE' : 'NULL (no security)');
        found.push({
          kind: 'mechanism-mismatch',
          severity: 'error',
          sources: [client.source, server.source],
          summary: `${client.source} speaks ${mechanism(clientCurve)} to ${server.source}, which speaks ${mechanism(serverCurve)} at ${endpoint}: every handshake fails and no message passes.`,
          evidence: [
            { name: `${client.source} mechanism`, value: clientCurve ? 'CURVE' : 'NULL' },
            { name: `${server.source} mechanism`, value: serverCurve ? 'CURVE' : 'NULL' },
            { name: 'endpoint', value: endpoint },
            { name: 'failed handshakes', value: failures.reduce((sum, f) => sum + f.count, 0) },
          ],
          advice: serverCurve
            ? `Give ${client.source} the server's public key (--curve-server-key), or start ${server.source} without --curve-secret-key. Both ends of a connection must use the same security mechanism (ZMTP 3, RFC 23; the zguide predates CURVE: see RFC 26 CurveZMQ).`
            : `Start ${server.source} with the secret key whose public key ${client.source} was given (--curve-secret-key), or ${client.source} without --curve-server-key. Both ends must use the same mechanism (ZMTP 3, RFC 23; the zguide predates CURVE: see RFC 26 CurveZMQ).`,
          panel: 'sockets',
          at: Math.min(...failures.map((f) => f.first)),
        });
      }
    }
    // One finding per failing source and the peers that failed with it (both ends of one connection).
    for (const source of this.failures.keys()) {
      if (explained.has(source)) continue;
      const peers = peersOf(report, source).filter((peer) => this.failures.has(peer) && !explained.has(peer));
      for (const one of [source, ...peers]) explained.add(one);
      const ends = [source, ...peers].map((one) => ({ one, failures: this.failuresOf(one), security: bySource.get(one)?.security ?? {} }));
      // Only CURVE's own failures: a stream that is not ZeroMQ at all (HTTP on a captured port)
      // also fails its handshake, and a wrong key is no explanation of it.
      if (!ends.some((end) => end.failures.some((f) => end.security[f.socket]?.startsWith('curve')))) continue;
      // The client first: it is the one to fix (its server key), or the server's key is.
      ends.sort((x, y) => Number(Object.values(y.security).includes('curve-client')) - Number(Object.values(x.security).includes('curve-client')));
      const count = ends.reduce((sum, end) => sum + end.failures.reduce((n, f) => n + f.count, 0), 0);
      const first = ends.flatMap((end) => end.failures)[0];
      const address = first.address ? ` at ${first.address}` : '';
      found.push({
        kind: 'curve-handshake-failed',
        severity: 'error',
        sources: [...ends.map((end) => end.one), ...peersOf(report, source).filter((peer) => !ends.some((end) => end.one === peer))],
        summary: `${ends.length > 1 ? `The handshake between ${ends.map((end) => end.one).join(' and ')}` : `${source}'s handshake`}${address} failed ${count} time${count === 1 ? '' : 's'}: the peer was refused and no message passes.`,
        evidence: [
          { name: 'failed handshakes', value: count },
          ...ends.flatMap((end) => end.failures.map((f) => ({ name: `${end.one} ${f.socket}`, value: `${f.count} × ${f.type.replace('handshake:error:', '')}` }))),
          ...ends.flatMap((end) => end.failures.map((f) => ({ name: 'mechanism', value: mechanismOf(end.security[f.socket]) }))).slice(0, 1),
        ],
        advice: 'A CURVE client must be given the public key of the server it connects to (--curve-server-key), and the server must run with the matching secret key (--curve-secret-key); a wrong key fails the handshake without a word to the client (RFC 26 CurveZMQ; the zguide predates CURVE).',
        panel: 'sockets',
        at: Math.min(...ends.flatMap((end) => end.failures.map((f) => f.first))),
      });
    }
    return found;
  }

  private failuresOf(source: string): Failures[] {
    return [...(this.failures.get(source)?.values() ?? [])];
  }

  private addressInUse(report: Report): Diagnosis[] {
    const seen = new Set<string>();
    const found: Diagnosis[] = [];
    const errors = this.bindErrors.toArray().reverse();
    for (const error of errors) {
      if (seen.has(error.source)) continue;
      seen.add(error.source);
      const holding = (s: SourceReport) => s.readyT !== null && s.readyT <= error.t && (s.endT === null || s.endT > error.t);
      const holders = error.endpoint ? report.sources.filter((s) => s.source !== error.source && holding(s) && s.bound.some((b) => endpointKey(b) === endpointKey(error.endpoint))) : [];
      found.push({
        kind: 'address-in-use',
        severity: 'error',
        sources: [error.source, ...holders.map((s) => s.source)],
        summary: `${error.source} could not bind ${error.endpoint || 'its endpoint'}: ${holders.length ? `${holders.map((s) => s.source).join(', ')} holds it` : 'another program holds it'}.`,
        evidence: [
          { name: 'endpoint', value: error.endpoint || '?' },
          { name: 'held by', value: holders.map((s) => `${s.source}${s.pid === null ? '' : ` (pid ${s.pid})`}`).join(', ') || 'a program that does not report here' },
        ],
        advice: 'Only one socket can bind an endpoint: stop the program that holds it, or bind another port (--bind); the many connect to the one that binds (zguide, Chapter 2, "Plugging Sockets into the Topology").',
        panel: 'sockets',
        at: error.t,
      });
    }
    return found;
  }
}

/** One entry per socket and place: libzmq names a place as the program wrote it (tcp://localhost:P) until it resolves it (tcp://127.0.0.1:P). */
function retryKey(socket: string, address: string): string {
  return `${socket}\u0000${address && endpointKey(address)}`;
}

function mechanismOf(security: string | undefined): string {
  return security === 'curve-server' ? 'CURVE server' : security === 'curve-client' ? 'CURVE client' : 'NULL';
}

function connectedOf(report: Report, source: string): string[] {
  return report.sources.find((s) => s.source === source)?.connected ?? [];
}

/** The sources at the other end of a source's connections, either way. */
export function peersOf(report: Report, source: string): string[] {
  const self = report.sources.find((s) => s.source === source);
  if (!self) return [];
  return report.sources.filter((s) => s !== self && (reaches(self.connected, s.bound) || reaches(s.connected, self.bound))).map((s) => s.source);
}
