// A tiny typed event emitter for the code that runs without vscode (the collector, the capture,
// the CLI), in the shape of vscode.EventEmitter: `event` to subscribe, `fire` to tell, `dispose`.
// Its subscriptions are Disposables by shape, so the extension owns them as it owns its own.

/** Stops a subscription. */
export interface Subscription {
  dispose(): void;
}

/** Subscribes a listener; dispose the result to unsubscribe. */
export type Event<T> = (listener: (value: T) => void) => Subscription;

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /**
   * With `onListenerError`, a listener that throws is reported to it and the others still hear the
   * value; without, the error reaches the one that fired, as a plain call would.
   */
  constructor(private readonly onListenerError?: (error: unknown, value: T) => void) {}

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of this.listeners) {
      if (!this.onListenerError) listener(value);
      else {
        try {
          listener(value);
        } catch (error) {
          this.onListenerError(error, value);
        }
      }
    }
  }

  /** Forgets every listener. */
  dispose(): void {
    this.listeners.clear();
  }
}
