// consumer-behind: over the last few seconds a pipeline's consumers received less than their
// producers sent, every second, and the queue between them grew. From the exact per-socket counters
// every role reports each second, read between their samples, so that sampling changes nothing.
// A batch that is sent at once and then worked off is not behind: its queue shrinks after the send.
import type { AnalyticsReport } from '../report';
import { RingBuffer } from '../../ring-buffer';
import { CollectedEvent } from '../types';
import { Diagnosis, DiagnosisOptions } from './types';

/** Counters samples kept per source: a little more than the longest window. */
const SAMPLES_KEPT = 32;

interface Sample {
  t: number;
  sent: Record<string, number>;
  received: Record<string, number>;
}

/** Sockets whose counts are summed: each producer's sending socket, each consumer's receiving one. */
interface Side {
  source: string;
  socket: string;
  direction: 'sent' | 'received';
}

type Report = Omit<AnalyticsReport, 'diagnoses'>;

export class FlowWatch {
  private readonly samples = new Map<string, RingBuffer<Sample>>();

  add(event: CollectedEvent): void {
    if (event.event === 'ready') this.samples.delete(event.source);
    if (event.event !== 'counters') return;
    const ring = this.samples.get(event.source) ?? new RingBuffer<Sample>(SAMPLES_KEPT);
    this.samples.set(event.source, ring);
    ring.push({ t: event.t, sent: event.sent, received: event.received });
  }

  forget(source: string): void {
    this.samples.delete(source);
  }

  find(report: Report, options: Required<DiagnosisOptions>): Diagnosis[] {
    const found: Diagnosis[] = [];
    for (const p of report.pipeline.pipelines) {
      const tasks = this.behind(report, options, [{ source: p.ventilator, socket: 'push', direction: 'sent' }], p.workers.map((source) => ({ source, socket: 'pull', direction: 'received' as const })));
      if (tasks) found.push(tasks);
      for (const sink of p.sinks) {
        const producers: Side[] = [{ source: p.ventilator, socket: 'sink', direction: 'sent' }, ...p.workers.map((source) => ({ source, socket: 'push', direction: 'sent' as const }))];
        const results = this.behind(report, options, producers, [{ source: sink, socket: 'pull', direction: 'received' }]);
        if (results) found.push(results);
      }
    }
    return found;
  }

  private behind(report: Report, options: Required<DiagnosisOptions>, producers: Side[], consumers: Side[]): Diagnosis | undefined {
    if (!consumers.length) return undefined;
    const total = (sides: Side[], t: number) => sides.reduce((sum, side) => sum + this.countAt(side, t), 0);
    const points = Array.from({ length: options.consumerWindowS + 1 }, (_, i) => report.now - (options.consumerWindowS - i) * 1000);
    const sent = points.map((t) => total(producers, t));
    const received = points.map((t) => total(consumers, t));
    const backlog = points.map((_, i) => Math.round(sent[i] - received[i]));
    const growth = backlog[backlog.length - 1] - backlog[0];
    const sentInWindow = sent[sent.length - 1] - sent[0];
    const growing = backlog.every((b, i) => i === 0 || b > backlog[i - 1]);
    if (!growing || growth < Math.max(options.consumerMinGrowth, sentInWindow / 10)) return undefined;
    const seconds = options.consumerWindowS;
    const sendRate = Math.round(sentInWindow / seconds);
    // Rounded here: the counts are read between samples.
    const receiveRate = Math.round((received[received.length - 1] - received[0]) / seconds);
    const names = consumers.map((c) => c.source);
    return {
      kind: 'consumer-behind',
      severity: 'warning',
      sources: [...names, ...producers.map((p) => p.source)],
      summary: `${names.join(', ')} received ${receiveRate} msg/s while ${[...new Set(producers.map((p) => p.source))].join(', ')} sent ${sendRate} msg/s for the last ${seconds} s: the queue between them grew by ${growth} to ${backlog[backlog.length - 1]}.`,
      evidence: [
        { name: 'sent', value: sendRate, unit: 'msg/s' },
        { name: 'received', value: receiveRate, unit: 'msg/s' },
        { name: 'queue growth', value: growth, unit: `messages in ${seconds} s` },
        { name: 'queued now', value: backlog[backlog.length - 1], unit: 'messages' },
      ],
      advice: 'The consumers cannot keep up: add workers, make each task cheaper, or slow the producer; a high-water mark (--hwm) bounds the queue and makes a PUSH wait instead of growing memory (zguide, Chapter 2, "High-Water Marks", and Chapter 1, "Divide and Conquer").',
      panel: 'throughput',
      at: points[0],
    };
  }

  /** A socket's count at time t, read linearly between the samples around it. */
  private countAt(side: Side, t: number): number {
    let before: Sample | undefined;
    let after: Sample | undefined;
    this.samples.get(side.source)?.forEach((sample) => {
      if (sample.t <= t) before = sample;
      else after ??= sample;
    });
    const value = (sample: Sample | undefined) => sample?.[side.direction][side.socket] ?? 0;
    if (!before) return 0;
    if (!after || after.t === before.t) return value(before);
    return value(before) + ((value(after) - value(before)) * (t - before.t)) / (after.t - before.t);
  }
}
