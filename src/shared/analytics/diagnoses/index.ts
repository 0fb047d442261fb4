// The diagnosis engine: fed the same collected events as the analytics, incrementally and in
// bounded memory (each watch says its bounds), it names the classic ZeroMQ pitfalls it sees,
// each with its evidence and its fix, from its own small state and the analytics report.
import type { AnalyticsReport } from '../report';
import { CollectedEvent } from '../types';
import { BatchWatch } from './batches';
import { ConnectionWatch } from './connections';
import { FlowWatch } from './flow';
import { RequestWatch } from './requests';
import { PublishWatch } from './subscriptions';
import { byConcern, DEFAULT_DIAGNOSIS_OPTIONS, Diagnosis, DiagnosisOptions } from './types';

export type { Diagnosis, DiagnosisKind, DiagnosisOptions, DiagnosisPanel, Figure, Severity } from './types';
export { DEFAULT_DIAGNOSIS_OPTIONS, SEVERITIES } from './types';

export class Diagnoses {
  private readonly options: Required<DiagnosisOptions>;
  private readonly connections = new ConnectionWatch();
  private readonly requests = new RequestWatch();
  private readonly publishing = new PublishWatch();
  private readonly batches = new BatchWatch();
  private readonly flow = new FlowWatch();

  constructor(options: DiagnosisOptions = {}) {
    this.options = { ...DEFAULT_DIAGNOSIS_OPTIONS, ...options };
  }

  /** Every event, as it comes: what needs no role (a bind refused before `ready` has none). */
  add(event: CollectedEvent): void {
    this.connections.add(event);
    this.flow.add(event);
  }

  /** Each event once its source's role is known, as the source registry admits it. */
  admit(event: CollectedEvent, role: string | undefined): void {
    this.requests.add(event, role);
    this.publishing.add(event, role);
    this.batches.add(event, role);
  }

  forget(source: string): void {
    for (const watch of [this.connections, this.requests, this.publishing, this.batches, this.flow]) watch.forget(source);
  }

  /** What is wrong as of report.now, most severe first. */
  find(report: Omit<AnalyticsReport, 'diagnoses'>): Diagnosis[] {
    return [
      ...this.connections.find(report, this.options),
      ...this.requests.find(report),
      ...this.publishing.find(report, this.options),
      ...this.batches.find(report, this.options),
      ...this.flow.find(report, this.options),
    ].sort(byConcern);
  }
}
