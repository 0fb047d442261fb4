// One way to own things that must be let go: a class registers what it creates and disposes it all
// with itself (after vscode-hexeditor's src/dispose.ts). Subclasses that hold more call super.dispose().
import type * as vscode from 'vscode';

/** Disposes each, even when one throws; the first error is thrown after all had their turn. */
export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  let first: unknown;
  for (const disposable of disposables) {
    try {
      disposable.dispose();
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== undefined) throw first;
}

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private _isDisposed = false;

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    disposeAll(this.owned.splice(0).reverse());
  }

  /** Owns `value`: it goes with this object (at once, when this one is gone already). */
  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this._isDisposed) value.dispose();
    else this.owned.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this._isDisposed;
  }
}
