// Which messages are reported when there are too many: all of them up to `sampleAbove` a second,
// then every stride-th, the stride set from the last second's rate, so that the sample spreads
// over the second instead of taking its start. Shared by the built-in roles (message-log.ts) and
// the zeromq.js tracer; the pyzmq tracer does the same in Python (tracer/python).
export class Sampler {
  private windowStart = 0;
  private inWindow = 0;
  /** Messages per direction in the window: a worker alternates receive and send, and one count for both would, with an even stride, keep only one of them. */
  private readonly inWindowBy = { sent: 0, received: 0 };
  private keptInWindow = 0;
  private stride = 1;
  /** Messages left out so far. */
  sampledOut = 0;

  /** 0 reports every message. */
  constructor(private readonly sampleAbove: number) {}

  keep(direction: 'sent' | 'received', now = performance.now()): boolean {
    if (this.sampleAbove === 0) return true;
    if (now - this.windowStart >= 1000) {
      this.stride = Math.max(1, Math.ceil(this.inWindow / this.sampleAbove));
      this.windowStart = now;
      this.inWindow = 0;
      this.inWindowBy.sent = this.inWindowBy.received = 0;
      this.keptInWindow = 0;
    }
    this.inWindow++;
    if (this.keptInWindow < this.sampleAbove && ++this.inWindowBy[direction] % this.stride === 0) {
      this.keptInWindow++;
      return true;
    }
    this.sampledOut++;
    return false;
  }
}
