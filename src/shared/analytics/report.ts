// The shape of a whole analytics report, apart from the Analytics class that builds it, so that
// the code reading reports (the text format, the diagnoses) does not import the class's module.
import type { ReqRepReport } from './reqrep';
import type { PubSubReport } from './pubsub';
import type { PipelineReport } from './pipeline-report';
import type { ThroughputReport } from './throughput';
import type { SocketEventsReport } from './socketEvents';
import type { BrokerReport } from './broker';
import type { ForwarderReport } from './forwarder';
import type { PairReport } from './pair';
import type { EndReason } from './types';
import type { RoleName, SocketSecurity } from '../role-events';
import type { Diagnosis } from './diagnoses/types';

export interface SourceReport {
  source: string;
  role: RoleName | null;
  pid: number | null;
  bound: string[];
  connected: string[];
  /** Sockets that speak CURVE, by name; those not listed speak NULL (no security). */
  security: Record<string, SocketSecurity>;
  firstT: number;
  lastT: number;
  readyT: number | null;
  endT: number | null;
  end: EndReason | null;
  error: string | null;
}

export interface AnalyticsReport {
  /** The time the report is for, ms since the epoch (ages and running figures are relative to it). */
  now: number;
  sources: SourceReport[];
  reqrep: ReqRepReport;
  pubsub: PubSubReport;
  pipeline: PipelineReport;
  /** Request-reply through brokers, per broker. */
  brokers: BrokerReport[];
  /** Publish-subscribe through forwarders, per forwarder. */
  forwarders: ForwarderReport[];
  /** PAIR conversations, per pair. */
  pairs: PairReport[];
  throughput: ThroughputReport;
  socketEvents: SocketEventsReport;
  /** Events dropped because their source's `ready` never came. */
  unattributedEvents: number;
  /** The classic pitfalls seen, most severe first. */
  diagnoses: Diagnosis[];
}
