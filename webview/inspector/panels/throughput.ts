// Throughput: messages per second of each role's sockets over time, as a chart (uPlot draws on a
// canvas, so it needs no inline styles or scripts), and the exact totals and rates beside it.
import uPlot from 'uplot';
import type { AnalyticsReport, SocketThroughput } from '../../../src/shared/analytics';
import { empty, fill, h, table } from '../dom';
import { compact, count } from '../format';
import type { Store } from '../store';

const PALETTE = ['blue', 'green', 'orange', 'purple', 'red', 'yellow'];

interface Line {
  name: string;
  series: SocketThroughput;
}

export class ThroughputPanel {
  private chart: uPlot | null = null;
  private chartKey = '';
  private readonly chartBox = h('div', { class: 'chart', data: { testid: 'throughput-chart' } });
  private readonly totals = h('div', {});
  private readonly resize = new ResizeObserver(() => this.chart?.setSize(this.size()));
  private last: AnalyticsReport | null = null;

  constructor(
    readonly element: HTMLElement,
    private readonly store: Store,
  ) {
    this.resize.observe(this.chartBox);
    // The canvas has the theme's colors baked in: a new theme (body class) needs a new chart.
    new MutationObserver(() => {
      this.destroyChart();
      if (this.last && this.element.isConnected) this.render(this.last);
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  render(report: AnalyticsReport): void {
    this.last = report;
    const lines: Line[] = report.throughput.sources.flatMap((source) =>
      source.sockets.map((series) => ({ name: `${this.store.label(source.source)} ${series.socket} ${series.direction === 'sent' ? '↑' : '↓'}`, series })),
    );
    if (!lines.length) {
      this.destroyChart();
      fill(this.element, empty('No throughput yet: roles report their message counts every second.'));
      return;
    }
    if (!this.element.contains(this.chartBox)) fill(this.element, h('div', { class: 'card' }, h('h3', {}, 'Messages per second'), this.chartBox), h('div', { class: 'card' }, this.totals));
    this.draw(lines, report.now);
    fill(
      this.totals,
      table(
        ['Role', 'Socket', 'Direction', 'Total', 'Last second', 'Peak'],
        report.throughput.sources.flatMap((source) =>
          source.sockets.map((series) => [this.store.label(source.source), series.socket, series.direction, series.total, series.lastPerSecond, series.peakPerSecond]),
        ),
      ),
    );
  }

  /**
   * One x axis of whole seconds over every series, up to the last complete one (the current second
   * would dip); a series is null outside its own seconds.
   */
  private draw(lines: Line[], now: number): void {
    const first = Math.min(...lines.map((line) => line.series.startT));
    const last = Math.min(Math.floor(now / 1000) * 1000, Math.max(...lines.map((line) => line.series.startT + line.series.perSecond.length * 1000)));
    const xs: number[] = [];
    for (let t = first; t < last; t += 1000) xs.push(t / 1000);
    const ys = lines.map(({ series }) => xs.map((x) => series.perSecond[Math.round((x * 1000 - series.startT) / 1000)] ?? null));
    const data = [xs, ...ys] as uPlot.AlignedData;
    const key = lines.map((line) => line.name).join('\u0000');
    if (this.chart && key === this.chartKey) {
      this.chart.setData(data);
      return;
    }
    this.destroyChart();
    this.chartKey = key;
    const style = getComputedStyle(document.body);
    const color = (name: string) => style.getPropertyValue(`--vscode-charts-${name}`).trim() || name;
    const foreground = style.getPropertyValue('--vscode-foreground').trim() || '#ccc';
    const grid = style.getPropertyValue('--vscode-widget-border').trim() || 'rgba(128,128,128,0.25)';
    const axis = { stroke: foreground, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    this.chart = new uPlot(
      {
        ...this.size(),
        series: [{}, ...lines.map((line, i) => ({ label: line.name, stroke: color(PALETTE[i % PALETTE.length]), width: 1.5, value: (_: uPlot, v: number | null) => (v === null ? '–' : count(v)) }))],
        axes: [axis, { ...axis, size: 56, values: (_: uPlot, splits: number[]) => splits.map((v) => compact(v)) }],
        scales: { y: { range: (_: uPlot, _min: number, max: number) => [0, Math.max(10, max * 1.1)] } },
        cursor: { drag: { x: false, y: false } },
      },
      data,
      this.chartBox,
    );
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(300, this.chartBox.clientWidth), height: 240 };
  }

  private destroyChart(): void {
    this.chart?.destroy();
    this.chart = null;
    this.chartKey = '';
  }
}
