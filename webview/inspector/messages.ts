// The Messages tab: the filter bar, the live table (virtualized: only the rows in view exist in the
// DOM, so 100k rows scroll as 30 do), and the selected message's frames below it.
//
// Following: the table keeps the newest row in view while it follows. Scrolling up, or Pause,
// stops that; Pause also holds the rows in view still while new ones arrive (they are counted).
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { MessageRow } from '../../src/shared/inspector-protocol';
import { previewLine } from '../../src/shared/frame-view';
import { Detail } from './detail';
import { h } from './dom';
import { bytes, clock } from './format';
import { FilterBar } from './filter-bar';
import type { Store } from './store';

const ROW_HEIGHT = 22;
const COLUMNS = ['Time', 'Session', 'Role', 'Socket', 'Dir', 'Frames', 'Size', 'Preview'];
const ARROWS: Record<MessageRow['direction'], string> = { sent: '↑ sent', received: '↓ recv', request: '→ req', reply: '← rep' };

export class MessagesView {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly counts: HTMLElement;
  private readonly pauseButton: HTMLElement;
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private readonly detail: Detail;
  private readonly filterBar: FilterBar;
  /** What the table shows: the store's shown rows, or a still copy of them while paused. */
  private view: MessageRow[] = [];
  private paused = false;
  private following = true;
  private selected: MessageRow | null = null;
  private pool: HTMLElement[] = [];
  private frame = 0;

  constructor(private readonly store: Store) {
    this.filterBar = new FilterBar(store);
    this.counts = h('span', { class: 'counts', data: { testid: 'counts' }, attrs: { 'aria-live': 'polite' } });
    this.pauseButton = h('vscode-button', { data: { testid: 'pause' }, attrs: { secondary: '', icon: 'debug-pause' }, on: { click: () => this.setPaused(!this.paused) } }, 'Pause');
    this.spacer = h('div', { class: 'spacer' });
    this.scroller = h('div', { class: 'rows', data: { testid: 'rows' }, attrs: { role: 'grid', 'aria-label': 'Messages', tabindex: '0' }, on: { scroll: () => this.scrolled(), keydown: (event) => this.key(event as KeyboardEvent) } }, this.spacer);
    this.detail = new Detail(store);
    const header = h('div', { class: 'row header', attrs: { role: 'row' } }, ...COLUMNS.map((name) => h('span', { attrs: { role: 'columnheader' } }, name)));
    this.element = h(
      'section',
      { class: 'messages' },
      h('div', { class: 'toolbar' }, this.filterBar.element, h('div', { class: 'toolbar-end' }, this.counts, this.pauseButton)),
      h('div', { class: 'table' }, header, this.scroller),
      this.detail.element,
    );
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: () => ROW_HEIGHT,
      overscan: 8,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      onChange: () => this.schedule(),
    });
    this.virtualizer._didMount();
    store.onChange((change) => {
      if (change === 'report') return;
      if (change === 'sources') this.filterBar.sourcesChanged();
      if (change === 'reset' || change === 'focus') this.filterBar.show(store.filter);
      if (change === 'reset' || change === 'filter' || change === 'focus') this.selectIfGone();
      if (!this.paused) this.view = store.shown;
      else if (change !== 'rows') this.view = store.shown.slice();
      this.schedule();
    });
  }

  /** Draws at most once a frame, however many batches arrive in between. */
  private schedule(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const count = this.view.length;
    if (this.virtualizer.options.count !== count) {
      this.virtualizer.setOptions({ ...this.virtualizer.options, count });
      this.spacer.style.height = `${this.virtualizer.getTotalSize()}px`;
    }
    this.virtualizer._willUpdate();
    if (this.following && !this.paused && count) this.scroller.scrollTop = this.scroller.scrollHeight;
    this.drawRows();
    this.drawCounts();
  }

  private drawRows(): void {
    const items = this.virtualizer.getVirtualItems();
    while (this.pool.length < items.length) {
      const row = h('div', { class: 'row', attrs: { role: 'row' }, on: { click: () => this.select(Number(row.dataset.index)) } }, ...COLUMNS.map(() => h('span', { attrs: { role: 'gridcell' } })));
      this.pool.push(row);
      this.spacer.appendChild(row);
    }
    this.pool.forEach((element, i) => {
      const item = items[i];
      element.hidden = !item;
      if (!item) return;
      const row = this.view[item.index];
      element.dataset.index = String(item.index);
      element.style.top = `${item.start}px`;
      element.classList.toggle('selected', row === this.selected);
      element.setAttribute('aria-selected', String(row === this.selected));
      const cells = element.children;
      const label = this.store.labels.get(row.source);
      const values = [clock(row.t), label?.session ?? '', label?.label ?? row.source, row.peer ? `${row.socket} ${row.peer.slice(0, 8)}` : row.socket, ARROWS[row.direction], String(row.frames.length), bytes(row.size), previewLine(row.frames)];
      for (let c = 0; c < values.length; c++) if (cells[c].textContent !== values[c]) cells[c].textContent = values[c];
      element.dataset.direction = row.direction;
    });
  }

  private drawCounts(): void {
    const { store } = this;
    const waiting = this.paused ? store.shown.length - this.view.length : 0;
    const parts = [`${this.view.length.toLocaleString('en-US')} shown of ${store.rows.length.toLocaleString('en-US')}`];
    if (waiting > 0) parts.push(`${waiting.toLocaleString('en-US')} new while paused`);
    this.counts.textContent = parts.join(' · ');
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.pauseButton.textContent = paused ? 'Resume' : 'Pause';
    this.pauseButton.setAttribute('icon', paused ? 'debug-continue' : 'debug-pause');
    this.view = paused ? this.store.shown.slice() : this.store.shown;
    if (!paused) this.following = true;
    this.schedule();
  }

  private scrolled(): void {
    const { scrollTop, scrollHeight, clientHeight } = this.scroller;
    this.following = scrollHeight - scrollTop - clientHeight < ROW_HEIGHT;
  }

  private select(index: number): void {
    this.selected = this.view[index] ?? null;
    this.detail.show(this.selected);
    this.schedule();
  }

  private selectIfGone(): void {
    if (this.selected && !this.store.shown.includes(this.selected)) this.select(-1);
  }

  private key(event: KeyboardEvent): void {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 }[event.key];
    if (!step || !this.view.length) return;
    event.preventDefault();
    const current = this.selected ? this.view.indexOf(this.selected) : this.view.length;
    const next = Math.max(0, Math.min(this.view.length - 1, current + step));
    this.following = false;
    this.select(next);
    this.virtualizer.scrollToIndex(next);
  }
}
