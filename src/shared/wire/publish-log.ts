// A publisher sends each message once per subscriber connection that matches it: on the wire, one
// publish is several copies. The log tells a new publish from a copy, so that the publisher's
// `sent` counts publishes, as the built-in pub reports them.
//
// Each connection carries the publish stream in order, minus what its subscriptions filter out.
// So a message on a connection is a copy of the first publish with the same content that the
// connection has not carried yet, after the last one it carried; if there is none, it is a new
// publish (the first copy of it to be captured), placed right after that last one: a connection
// that lags behind the others may carry a publish only it matched, older than theirs. Two
// identical publishes in a row stay two.

/** Publishes remembered (at least); a connection lagging further behind than this counts its copies as new. */
export const PUBLISH_LOG = 4096;

export class PublishLog {
  private readonly keys: string[] = [];
  /** The index (over all publishes) of keys[0]. */
  private base = 0;
  /** Per connection, the index of the last publish it carried. */
  private readonly last = new Map<number, number>();

  /** Whether the message (its content `key`) on `connection` is a new publish. */
  add(connection: number, key: string): boolean {
    const from = Math.max(this.base, (this.last.get(connection) ?? this.base - 1) + 1);
    for (let index = from; index < this.base + this.keys.length; index++) {
      if (this.keys[index - this.base] !== key) continue;
      this.last.set(connection, index);
      return false;
    }
    // A new publish, after the last one this connection carried; the later ones move up one.
    this.keys.splice(from - this.base, 0, key);
    for (const [other, index] of this.last) if (index >= from) this.last.set(other, index + 1);
    this.last.set(connection, from);
    // Trimmed by halves: one shift per publish would move the whole log each time.
    if (this.keys.length > 2 * PUBLISH_LOG) {
      this.keys.splice(0, PUBLISH_LOG);
      this.base += PUBLISH_LOG;
    }
    return true;
  }

  forget(connection: number): void {
    this.last.delete(connection);
  }
}
