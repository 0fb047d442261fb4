/** Processes started in a test, stopped after it whatever happened. */
export class Stoppable<T extends { stop(): Promise<unknown> }> {
  private readonly started: T[] = [];

  protected track(item: T): T {
    this.started.push(item);
    return item;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.started.splice(0).map((item) => item.stop()));
  }
}
