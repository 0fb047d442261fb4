/** Processes started in a test, stopped after it whatever happened. */
export class Stoppable<T extends { stop(): Promise<unknown> }> {
  protected readonly items: T[] = [];

  protected track(item: T): T {
    this.items.push(item);
    return item;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.items.splice(0).map((item) => item.stop()));
  }
}
