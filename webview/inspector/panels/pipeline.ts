// Pipeline: a batch's figures (tasks, expected cost, elapsed, ideal, speed-up, efficiency), its
// progress while it runs, each worker's share, and a timeline of every task on its worker.
import type { AnalyticsReport, BatchReport, TaskReport } from '../../../src/shared/analytics';
import { empty, fill, h, table } from '../dom';
import { count, ms, percent, times } from '../format';
import type { Store } from '../store';
import { meter, stat, tag } from './parts';

export class PipelinePanel {
  /** The batch picked, by ventilator and number; the newest when none is. */
  private picked: string | null = null;

  constructor(
    readonly element: HTMLElement,
    private readonly store: Store,
  ) {}

  private report: AnalyticsReport | null = null;

  render(report: AnalyticsReport): void {
    this.report = report;
    const { batches, pipelines } = report.pipeline;
    if (!batches.length) {
      const waiting = pipelines.find((pipeline) => pipeline.waitingForEnter !== null);
      fill(
        this.element,
        empty(
          waiting
            ? `${this.store.label(waiting.ventilator)} waits for Enter to send batch ${waiting.waitingForEnter}: use Start Batch on it in the Sessions view.`
            : 'No pipeline batch yet. Start a pipeline session: its first batch starts once every worker has connected.',
        ),
      );
      return;
    }
    const key = (batch: BatchReport) => `${batch.ventilator}#${batch.batch}`;
    const batch = batches.find((candidate) => key(candidate) === this.picked) ?? batches[batches.length - 1];
    const picker = h(
      'div',
      { class: 'segmented batches', attrs: { role: 'radiogroup', 'aria-label': 'Batch' } },
      ...batches.slice(-12).map((candidate) =>
        h(
          'button',
          {
            class: candidate === batch ? 'on' : '',
            attrs: { role: 'radio', 'aria-checked': String(candidate === batch) },
            on: { click: () => ((this.picked = key(candidate)), this.render(report)) },
          },
          `${this.store.label(candidate.ventilator)} · batch ${candidate.batch}`,
        ),
      ),
    );
    fill(this.element, batches.length > 1 ? picker : null, this.batchCard(batch));
  }

  private batchCard(batch: BatchReport): HTMLElement {
    const approx = batch.estimated ? '~' : '';
    const workers = batch.workers.length;
    return h(
      'div',
      { class: 'card', data: { testid: 'batch' } },
      h(
        'h3',
        {},
        `${this.store.label(batch.ventilator)} · batch ${batch.batch}`,
        batch.sink ? h('span', { class: 'muted' }, ` → ${this.store.label(batch.sink)}`) : null,
        tag(batch.state, batch.state === 'done' ? 'ok' : 'info'),
        batch.estimated ? tag('estimated', 'warning', 'Some message events were sampled out: figures are scaled') : null,
      ),
      lostLine(batch, (source) => this.store.label(source)),
      batch.state !== 'done'
        ? h('div', { class: 'progress' }, meter(batch.progress, 'Batch progress'), h('span', {}, `${count(batch.results)} of ${batch.tasks === null ? '?' : count(batch.tasks)} results · ${percent(batch.progress)}`))
        : null,
      h(
        'div',
        { class: 'stats' },
        stat('Tasks', batch.tasks === null ? '–' : count(batch.tasks)),
        stat('Expected cost', approx + ms(batch.expectedCostMs), undefined, 'The sum of the workloads: the time one worker would take'),
        stat('Elapsed', ms(batch.elapsedMs), undefined, 'At the sink, from the batch start to its last result'),
        stat(`Ideal (${workers} worker${workers === 1 ? '' : 's'})`, approx + ms(batch.idealMs), undefined, 'Expected cost / workers: a perfect split'),
        stat('Speed-up', approx + times(batch.speedUp), undefined, 'Expected cost / elapsed'),
        stat('Efficiency', approx + percent(batch.efficiency), batch.efficiency !== null && batch.efficiency < 0.7 ? 'warning' : undefined, 'Speed-up / workers'),
      ),
      table(
        ['Worker', 'Tasks', 'Busy', 'Utilization', '', 'Mean wait', 'Mean processing'],
        batch.workers.map((worker) => [
          this.store.label(worker.worker),
          worker.tasks,
          ms(worker.busyMs),
          meter(worker.utilization, `Utilization of ${this.store.label(worker.worker)}`),
          percent(worker.utilization),
          ms(worker.meanWaitMs),
          ms(worker.meanProcessingMs),
        ]),
      ),
      this.timeline(batch, this.killed()),
    );
  }

  private killed(): Set<string> {
    return new Set((this.report?.sources ?? []).filter((source) => source.end === 'killed').map((source) => source.source));
  }

  /** A lane per worker, a block per task from its receive to its result, on the batch's time axis. */
  private timeline(batch: BatchReport, killed: Set<string>): HTMLElement | null {
    if (!batch.taskDetails.length) return null;
    const start = batch.startedAt;
    const end = Math.max(start + (batch.elapsedMs ?? 0), ...batch.taskDetails.map((task) => task.end ?? task.start));
    const span = Math.max(1, end - start);
    const lanes = new Map<string, TaskReport[]>(batch.workers.map((worker) => [worker.worker, []]));
    for (const task of batch.taskDetails) (lanes.get(task.worker) ?? lanes.set(task.worker, []).get(task.worker)!).push(task);
    const at = (t: number) => `${((t - start) / span) * 100}%`;
    const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => h('span', { class: 'tick', style: { left: `${share * 100}%` } }, ms(share * span)));
    return h(
      'div',
      { class: 'gantt', data: { testid: 'gantt' }, attrs: { role: 'img', 'aria-label': `Timeline of ${batch.taskDetails.length} tasks on ${lanes.size} workers` } },
      h('h4', {}, 'Timeline', batch.tasksNotListed ? h('span', { class: 'muted' }, ` (${count(batch.tasksNotListed)} tasks not drawn)`) : null),
      ...[...lanes].map(([worker, tasks]) =>
        h(
          'div',
          { class: 'lane' },
          h('span', { class: 'lane-name' }, this.store.label(worker), killed.has(worker) ? tag('killed', 'error') : null),
          h(
            'div',
            { class: 'lane-track' },
            ...tasks.map((task) =>
              h('div', {
                class: `task${task.lost ? ' lost' : task.running ? ' running' : ''}`,
                title: `${task.workload === null ? 'task' : `${task.workload} ms workload`}: waited ${ms(task.waitMs)}, ${task.lost ? 'lost with its worker' : `processed ${task.processingMs === null ? '…' : ms(task.processingMs)}`}`,
                style: { left: at(task.start), width: `max(2px, ${(((task.end ?? end) - task.start) / span) * 100}%)` },
              }),
            ),
          ),
        ),
      ),
      h('div', { class: 'lane axis' }, h('span', { class: 'lane-name' }), h('div', { class: 'lane-track' }, ...ticks)),
    );
  }
}

/** What the batch lost with killed workers, and what no worker took: said, never hidden. */
function lostLine(batch: BatchReport, label: (source: string) => string): HTMLElement | null {
  const parts: string[] = [];
  const held = batch.taskDetails.filter((task) => task.lost);
  if (batch.lostTasks) {
    const workers = [...new Set(held.map((task) => label(task.worker)))].join(', ');
    const loads = held.slice(0, 5).map((task) => (task.workload === null ? '?' : `${task.workload} ms`)).join(', ');
    parts.push(`${count(batch.lostTasks)} task${batch.lostTasks === 1 ? '' : 's'} lost with ${workers || 'a killed worker'} (killed while holding ${loads}${held.length > 5 ? ', …' : ''}): their results will never come.`);
  }
  if (batch.state !== 'done' && batch.notTaken) parts.push(`${count(batch.notTaken)} sent that no worker took yet: queued, or gone with a killed worker.`);
  return parts.length ? h('p', { class: 'lost', data: { testid: 'lost' } }, ...parts.map((part) => h('span', {}, part, ' '))) : null;
}
