// A launched role's lifetime: its process and its presenter, and whatever else lives as long
// (timers, subscriptions). Disposing the run lets all of it go at once; the extension's own
// things live in the extension's scope, as rust-analyzer's ctx.ts keeps a client's apart.
import type * as vscode from 'vscode';
import { ChildRole } from '../../roles/child';
import { Disposable } from '../dispose';
import { Presenter } from './presenter';

export class RoleRun extends Disposable {
  /** The error a built-in role reported before exiting, a better reason than its exit code. */
  reportedError?: string;

  constructor(
    readonly child: ChildRole,
    readonly presenter: Presenter,
  ) {
    super();
    this._register(presenter);
    presenter.attach(child);
  }

  /** Owns `value` for as long as the role's run lasts. */
  own<T extends vscode.Disposable>(value: T): T {
    return this._register(value);
  }

  enter(text: string): void {
    this.presenter.enter(text);
  }

  show(): void {
    this.presenter.show();
  }

  async stop(): Promise<void> {
    await this.child.stop();
  }
}
