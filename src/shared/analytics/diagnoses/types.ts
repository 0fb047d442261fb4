// What a diagnosis is: a classic ZeroMQ pitfall named, with who is involved, the figures that show
// it, and the fix with the zguide section that explains it. The thresholds are options so that a
// test can stage a pitfall in less time than a user would meet it; the defaults are the issue's.

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type DiagnosisKind =
  | 'unbalanced-push'
  | 'slow-joiner'
  | 'filter-matches-nothing'
  | 'no-subscription'
  | 'hwm-drop'
  | 'nothing-listening'
  | 'stuck-request'
  | 'req-state'
  | 'curve-handshake-failed'
  | 'mechanism-mismatch'
  | 'address-in-use'
  | 'late-start-signal'
  | 'consumer-behind'
  | 'idle-worker';

/** The inspector panel that shows a finding's figures best. */
export type DiagnosisPanel = 'messages' | 'reqrep' | 'pubsub' | 'pipeline' | 'sockets' | 'throughput';

/** One figure of the evidence: a name, its value and, for a number, its unit. */
export interface Figure {
  name: string;
  value: number | string;
  unit?: string;
}

export interface Diagnosis {
  kind: DiagnosisKind;
  severity: Severity;
  /** The role instances involved, the one the finding is about first. */
  sources: string[];
  /** One line that names the pitfall and who met it. */
  summary: string;
  evidence: Figure[];
  /** What to do, ending with the zguide section that explains it. */
  advice: string;
  panel: DiagnosisPanel;
  /** When the evidence begins, ms since the epoch: the messages around it show the pitfall. */
  at: number;
}

export interface DiagnosisOptions {
  /** A connect retried for longer than this finds nothing listening (default 2000 ms). */
  nothingListeningAfterMs?: number;
  /** A SUB without a subscription this long after it started receives nothing (default 1000 ms). */
  noSubscriptionAfterMs?: number;
  /** Messages a subscriber's filters must have missed before they match nothing (default 100). */
  filterMinMessages?: number;
  /** Messages dropped at a publisher's high-water mark before it is a finding (default 10). */
  hwmDropMin?: number;
  /** Seconds a consumer's queue must grow to be behind (default 3). */
  consumerWindowS?: number;
  /** Messages its queue must grow by over that window (default 100). */
  consumerMinGrowth?: number;
  /** Tasks a batch needs for its split to say anything (default 10). */
  batchMinTasks?: number;
}

export const DEFAULT_DIAGNOSIS_OPTIONS: Required<DiagnosisOptions> = {
  nothingListeningAfterMs: 2000,
  noSubscriptionAfterMs: 1000,
  filterMinMessages: 100,
  hwmDropMin: 10,
  consumerWindowS: 3,
  consumerMinGrowth: 100,
  batchMinTasks: 10,
};

/** libzmq's default high-water mark, for a socket whose own was not reported. */
export const LIBZMQ_DEFAULT_HWM = 1000;

/** Most severe first, then the oldest evidence first. */
export function byConcern(a: Diagnosis, b: Diagnosis): number {
  return SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.at - b.at || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}

export function ms(value: number): number {
  return Math.round(value);
}
