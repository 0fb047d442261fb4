// Redraws of what changes often (message counts tick every second), gathered: each element at most
// once per period. A tree row's redraw replaces its command, and a click that lands during one is
// lost ("Actual command not found"), so fewer redraws mean clicks that land.
import type * as vscode from 'vscode';

export class Coalesced<T> implements vscode.Disposable {
  private readonly pending = new Set<T>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly periodMs: number,
    private readonly flush: (items: T[]) => void,
  ) {}

  add(item: T): void {
    this.pending.add(item);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const items = [...this.pending];
      this.pending.clear();
      if (items.length) this.flush(items);
    }, this.periodMs);
  }

  /** Forgets an element that is redrawn now anyway (undefined: all of them). */
  drop(item?: T): void {
    if (item === undefined) this.pending.clear();
    else this.pending.delete(item);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending.clear();
  }
}
