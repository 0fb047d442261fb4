// The analytics of issue 6: feed the collected events one by one, in any interleaving of sources
// (each source's own events in order), and ask for a report at any time. Memory stays bounded:
// aggregates, and bounded samples of the recent events (see each module for its limits).
import { DEFAULT_STUCK_AFTER_MS, ReqRepAnalytics } from './reqrep';
import { PubSubAnalytics } from './pubsub';
import { PipelineAnalytics } from './pipeline';
import { buildPipelineReport } from './pipeline-report';
import { DEFAULT_WINDOW_S, ThroughputAnalytics } from './throughput';
import { DEFAULT_SOCKET_EVENTS_KEPT, SocketEventsAnalytics } from './socketEvents';
import { SourceRegistry } from './sources';
import { BrokerAnalytics } from './broker';
import { ForwarderAnalytics } from './forwarder';
import { PairAnalytics } from './pair';
import { CollectedEvent } from './types';
import { Diagnoses, DiagnosisOptions } from './diagnoses';
import type { AnalyticsReport } from './report';

export { formatReport } from './format';
export type { AnalyticsReport, SourceReport } from './report';
export type { CollectedEvent, EndReason } from './types';
export type { ReqRepReport, ReqClientReport, RepServerReport, Outstanding } from './reqrep';
export type { PubSubReport, PublisherReport, SubscriberReport } from './pubsub';
export type { PipelineReport, PipelineInfo, BatchReport, WorkerBatchReport, TaskReport } from './pipeline-report';
export type { ThroughputReport, SourceThroughput, SocketThroughput } from './throughput';
export type { SocketEventsReport, SourceSocketEvents, SocketEventEntry } from './socketEvents';
export type { Summary, HistogramBin } from './stats';
export type { BrokerReport, BrokerClientReport, BrokerWorkerReport } from './broker';
export type { ForwarderReport, ForwardedTopic } from './forwarder';
export type { PairReport, PairLine } from './pair';
export { endpointKey } from './sources';
export type { Diagnosis, DiagnosisKind, DiagnosisPanel, Figure, Severity } from './diagnoses';
export { SEVERITIES } from './diagnoses';

/** Sources remembered at most; beyond, the longest-ended ones are forgotten. */
export const DEFAULT_MAX_SOURCES = 200;

export interface AnalyticsOptions {
  /** A REQ's outstanding request older than this is stuck (default 5000 ms). */
  stuckAfterMs?: number;
  /** Seconds of per-second throughput kept (default 300). */
  throughputWindowS?: number;
  /** Socket monitor events listed per source (default 100). */
  socketEventsKept?: number;
  maxSources?: number;
  /** The diagnoses' thresholds (a REQ is stuck after stuckAfterMs, above). */
  diagnoses?: DiagnosisOptions;
}

export class Analytics {
  private readonly registry = new SourceRegistry();
  private readonly reqrep: ReqRepAnalytics;
  private readonly pubsub: PubSubAnalytics;
  private readonly pipeline: PipelineAnalytics;
  private readonly brokers: BrokerAnalytics;
  private readonly forwarders = new ForwarderAnalytics();
  private readonly pairs: PairAnalytics;
  private readonly throughput: ThroughputAnalytics;
  private readonly socketEvents: SocketEventsAnalytics;
  private readonly diagnoses: Diagnoses;
  private readonly maxSources: number;

  constructor(options: AnalyticsOptions = {}) {
    this.reqrep = new ReqRepAnalytics(this.registry, options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS);
    this.pubsub = new PubSubAnalytics(this.registry);
    this.pipeline = new PipelineAnalytics(this.registry);
    this.brokers = new BrokerAnalytics(this.registry);
    this.pairs = new PairAnalytics(this.registry);
    this.throughput = new ThroughputAnalytics(options.throughputWindowS ?? DEFAULT_WINDOW_S);
    this.socketEvents = new SocketEventsAnalytics(options.socketEventsKept ?? DEFAULT_SOCKET_EVENTS_KEPT);
    this.diagnoses = new Diagnoses(options.diagnoses);
    this.maxSources = options.maxSources ?? DEFAULT_MAX_SOURCES;
  }

  add(event: CollectedEvent): void {
    this.throughput.add(event);
    this.socketEvents.add(event);
    this.diagnoses.add(event);
    for (const admitted of this.registry.admit(event)) {
      const info = this.registry.get(admitted.source)!;
      this.diagnoses.admit(admitted, info.role);
      this.reqrep.add(admitted, info);
      this.pubsub.add(admitted, info);
      this.pipeline.add(admitted, info);
      this.brokers.add(admitted, info);
      this.forwarders.add(admitted, info);
      this.pairs.add(admitted, info);
    }
    if (event.event === 'ready' || event.event === 'done' || event.event === 'error') {
      for (const source of this.registry.trim(this.maxSources)) {
        for (const part of [this.reqrep, this.pubsub, this.pipeline, this.brokers, this.forwarders, this.pairs, this.throughput, this.socketEvents, this.diagnoses]) part.forget(source);
      }
    }
  }

  report(now: number): AnalyticsReport {
    const report = {
      now,
      sources: this.registry.all().map((info) => ({
        source: info.source,
        role: info.role ?? null,
        pid: info.pid ?? null,
        bound: info.bound,
        connected: info.connected,
        security: info.security ?? {},
        firstT: info.firstT,
        lastT: info.lastT,
        readyT: info.readyT ?? null,
        endT: info.endT ?? null,
        end: info.end ?? null,
        error: info.error ?? null,
      })),
      reqrep: this.reqrep.report(now),
      pubsub: this.pubsub.report(),
      pipeline: buildPipelineReport(this.pipeline, now),
      brokers: this.brokers.report(),
      forwarders: this.forwarders.report(),
      pairs: this.pairs.report(),
      throughput: this.throughput.report(now),
      socketEvents: this.socketEvents.report(),
      unattributedEvents: this.registry.unattributed,
    };
    return { ...report, diagnoses: this.diagnoses.find(report) };
  }
}
